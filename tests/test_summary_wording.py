"""What a summary and a compare card say, in a planner's words (issue 32, part 35U, item 2):
方案 1 spaced from its digits as the catalogue spaces them, no "0 by min-cost flow, on 1
process(es)" where it tells nothing, and a stop that says how many groups were searched and
how many filled greedily."""

from __future__ import annotations

import re
from dataclasses import replace

from pairing_planner import Instance, SolveOptions
from pairing_planner.cpsat.diversity import describe
from pairing_planner.i18n import use_language
from pairing_planner.said import named
from pairing_planner.solving.decomposition.part_summary import solved_apart
from pairing_planner.solving.decomposition.solve_parts import _stopped
from tests.solved import solved_once


def test_a_later_plans_constraint_spaces_plan_numbers_in_chinese() -> None:
    """ "与方案1至少有 1 所" and "与方案1–2至少有" read 与方案 1 至少有, 与方案 1–2 至少有."""
    with use_language("zh"):
        after_one = describe(1, 1, None, None).text()
        after_two = describe(2, 1, 6900.0, 5.0).text()
    assert "与方案 1 至少有 1 所" in after_one
    assert "与方案 1–2 的最小差异" in after_two and "方案 1 的 5 %" in after_two
    assert not re.search(r"方案\d|\d[至的相]", after_one + after_two)


def test_the_summary_leaves_out_how_when_it_tells_nothing(heze: Instance) -> None:
    """No group by the flow: not said; the processes never (the load decides them, issue 31)."""
    params = SolveOptions().resolved(heze)
    groups = named("2 groups")
    with use_language("en"):
        quiet = solved_apart(params, groups, 0, 2).text()
        flowed = solved_apart(params, groups, 1, 2).text()
    assert quiet == "Solved in 2 groups, each on its own: no pair or rule joins two."
    assert flowed.endswith("(1 by min-cost flow).") and "process" not in flowed
    with use_language("zh"):
        assert "快速算法" not in solved_apart(params, groups, 0, 2).text()


def test_a_stop_says_how_many_groups_were_searched(heze_as_stated: Instance) -> None:
    """16 groups, 13 filled greedily: 3 searched, 13 filled, in both languages."""
    result = solved_once(heze_as_stated)
    unproven = replace(result, status="FEASIBLE")
    with use_language("en"):
        said = _stopped(unproven, 13, 16).text()
    assert "3 of 16 groups were searched and 13 were filled by a quick greedy plan" in said
    with use_language("zh"):
        said = _stopped(unproven, 13, 16).text()
    assert "16 组中已搜索 3 组，其余 13 组用快速贪心方案补齐" in said
