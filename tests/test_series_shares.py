"""A series of K plans keeps searching while its time limit lasts: a plan its share of the
time did not find takes all that is left, so "time ran out" is said only when it did; the
parts' own search at a least difference takes plan 1's share only; no model is built past
the deadline (issue 31, part 31G). Searches are monkeypatched: nothing here depends on the
machine's load."""

from __future__ import annotations

import time
from typing import Any

import pytest

from pairing_planner import SolveOptions, solve
from pairing_planner.clock import Deadline
from pairing_planner.instance.index.instance import Instance
from pairing_planner.prepare.candidates import candidates
from pairing_planner.prepare.parts import split
from pairing_planner.solving import strategy
from pairing_planner.solving.decomposition import least_difference as apart
from pairing_planner.solving.decomposition import solve_parts as parts
from pairing_planner.solving.methods import one_model
from pairing_planner.solving.options import SolveOptions as Options
from pairing_planner.verify.verifier import verify_plan


def _valid(instance: Instance, plan: Any) -> bool:
    pairs = [(pair.helper, pair.recipient) for pair in plan.pairs]
    return verify_plan(instance, pairs, plan.relaxations).ok


def test_a_plan_its_share_missed_in_one_model_takes_the_time_left(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plan 2's first search finds nothing in its share (as under a heavy load): the series
    searches again with what is left and returns both plans (before: one plan and "time ran
    out", most of the limit unspent)."""
    real = one_model.solve_once
    missed: list[int] = []

    def share_misses_plan_two(*args: Any, **kwargs: Any) -> Any:
        if args[3] == 2 and not missed:
            missed.append(2)
            return None, "UNKNOWN", False
        return real(*args, **kwargs)

    monkeypatch.setattr(one_model, "solve_once", share_misses_plan_two)
    result = one_model.solve(heze_as_stated, Options(plans=2, time_limit=60))
    assert missed == [2]
    assert [plan.rank for plan in result.plans] == [1, 2]
    assert "Time ran out" not in result.message
    assert all(_valid(heze_as_stated, plan) for plan in result.plans)


def test_a_plan_apart_its_share_missed_takes_the_time_left(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for plans at a least difference over the parts (the 800-school city's path):
    plan 2's first model finds nothing in its share; the series tries again with all that
    is left and returns two plans, with no "time ran out"."""
    real = apart.solve_apart
    calls: list[float] = []

    def first_misses(instance: Instance, options: Options, *args: Any) -> Any:
        calls.append(options.time_limit or 0.0)
        if len(calls) == 1:
            return None, "UNKNOWN"
        return real(instance, options, *args)

    monkeypatch.setattr(apart, "solve_apart", first_misses)
    result = solve(heze_as_stated, SolveOptions(plans=2, min_diff=2, time_limit=60))
    assert len(calls) == 2
    assert [plan.rank for plan in result.plans] == [1, 2]
    assert "Time ran out" not in result.message
    assert all(_valid(heze_as_stated, plan) for plan in result.plans)


def test_no_model_of_the_opened_parts_is_built_past_the_deadline(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its deadline a plan apart is not searched (its model took 3.5 s to build under
    load, to find nothing in no time): no plan, and not proven that none exists."""
    built: list[Instance] = []
    monkeypatch.setattr(apart, "solve_apart", lambda instance, *_a: built.append(instance))
    found = candidates(heze_as_stated)
    pieces = split(heze_as_stated, found)
    first = solve(heze_as_stated, SolveOptions(plans=1, time_limit=60)).plans[0]
    lists = [[first, first] for _piece in pieces]
    params = SolveOptions(plans=2, min_diff=2).resolved(heze_as_stated)
    late = apart.next_apart(heze_as_stated, pieces, lists, [first], params, Deadline.after(-1.0))
    assert built == []
    assert late == apart.Apart((), proven=False)


def test_the_parts_search_takes_plan_ones_share_at_a_least_difference(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a least difference D > 1 the parts' own search (plan 1 and each part's second best)
    ends within plan 1's share of the limit, leaving the rest to plans 2 to K; at D = 1 the
    parts' K best are the plans, so they keep the whole limit."""
    real = parts.solve_part
    ends: list[float] = []

    def recording(part: Any, task: parts.PartTask) -> Any:
        ends.append(task.deadline.end - time.monotonic())
        return real(part, task)

    monkeypatch.setattr(parts, "solve_part", recording)
    solve(heze_as_stated, SolveOptions(plans=5, min_diff=2, time_limit=500))
    apart_ends, ends[:] = list(ends), []
    solve(heze_as_stated, SolveOptions(plans=5, min_diff=1, time_limit=500))
    assert apart_ends and max(apart_ends) <= 500 / 5
    assert ends and min(ends) > 500 / 5


def test_the_interchangeable_schools_are_found_before_the_solve_ends(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A series' interchangeable schools depend on the instance alone, so they are worked
    out within the limit, before the solve, not after it (2.2 s past a 90 s limit)."""
    order: list[str] = []
    real_swaps, real_solved = strategy._swaps, strategy._solved

    def swaps(*args: Any) -> Any:
        order.append("swaps")
        return real_swaps(*args)

    def solved(*args: Any) -> Any:
        order.append("solve")
        return real_solved(*args)

    monkeypatch.setattr(strategy, "_swaps", swaps)
    monkeypatch.setattr(strategy, "_solved", solved)
    result = solve(heze_as_stated, SolveOptions(plans=2, time_limit=60))
    assert order == ["swaps", "solve"]
    assert all(plan.variants >= 1 for plan in result.plans)
