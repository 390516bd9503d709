"""A conflict in each of two independent parts: each part's set proven its own smallest is a
proven diagnosis. Every merged diagnosis was called unproven, so the 2017 Heze list's solve
said "此结果并未全部得到证明（所列冲突规则是否为最小的冲突集合）… 增加时间（--time-limit）可能
证明它们" after 3.3 s of a 60 s limit: a verdict untrue, and advice no time could meet (the
Chinese planner's acceptance test of issue 32, finding 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from pairing_planner import SolveOptions, solve
from pairing_planner.i18n import use_language
from pairing_planner.report.diagnosis_table import render_diagnosis
from pairing_planner.report.line_breaks import Names
from pairing_planner.result.plan import Diagnosis
from pairing_planner.solving.decomposition.merge_parts import merge_diagnoses
from pairing_planner.solving.result_notes import unproven
from tests.test_two_years import _imported
from tests.web_helpers import NEEDS_CHROMIUM, lists_in_page, served_page, solved_in_page


def test_two_parts_each_proven_smallest_are_a_proven_diagnosis(tmp_path: Path) -> None:
    """The 2017 list (a junior conflict under S6 and a senior one under S7): minimal, in two
    parts, nothing said unproven, and the terminal says each part's set is its smallest."""
    instance = _imported(tmp_path / "y2.yaml", "heze-recipients-2017.csv")
    result = solve(instance, SolveOptions(time_limit=60))
    diagnosis = result.diagnosis
    assert diagnosis is not None and result.status == "RELAXED"
    clauses = {rule.clause for rule in diagnosis.conflict}
    assert (diagnosis.minimal, diagnosis.parts) == (True, 2) and {"S6", "S7"} <= clauses
    assert unproven(result) == []
    console = Console(width=200, record=True)
    with use_language("en"):
        render_diagnosis(console, diagnosis, Names(()))
    assert "in 2 independent parts" in console.export_text()


def test_a_part_not_proven_smallest_leaves_the_merged_one_unproven() -> None:
    """One part's set proven smallest and one not: the merged diagnosis is not minimal."""
    proven = Diagnosis(minimal=True, seconds=1.0)
    merged = merge_diagnoses([proven, Diagnosis(minimal=False, seconds=2.0)])
    assert (merged.minimal, merged.parts) == (False, 2)
    assert merge_diagnoses([proven, proven]).minimal


@pytest.mark.slow
@NEEDS_CHROMIUM
def test_the_page_says_each_part_s_rules_are_needed(tmp_path: Path) -> None:
    """In Chromium: the 2017 lists uploaded with the Heze template and solved; the conflicting
    rules are said to fall in 2 independent parts, none of a part's left out (a merged set
    was said "none can be left out" or unproven)."""
    with served_page(tmp_path) as page:
        lists_in_page(page, "heze-recipients-2017.csv")
        solved_in_page(page)
        said = page.locator("#result-card details summary").first.inner_text()
    assert "分属 2 个独立部分" in said and "每部分内缺一不可" in said
