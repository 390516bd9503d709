"""A trade-off front says the time ran out only when it has (issue 31, part 35W): a stage that
finds no plan in its share, before the deadline, is solved again with all the time left.

``plan --lang zh solve instances/ur-sample-city.yaml --front distance,score_gap --time-limit 10``
said 时间已用完 at 5.1 s of the 10: the first end's first stage had about 2.5 s, found nothing,
and the walk stopped. Simulated here with a fake clock, which each solve moves by the time it
was given, and a solve that finds nothing in less than :data:`NEEDS` seconds: never timed."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from pairing_planner import Instance, SolveOptions, clock
from pairing_planner.i18n import use_language
from pairing_planner.result.plan import Result
from pairing_planner.solving.methods import trade_off_front as front
from pairing_planner.solving.methods.front_words import front_message
from tests.solved import solved_once

TERMS = ("distance", "score_gap")

NEEDS = 4.0
"""The seconds the simulated first stage of a point needs to find a plan."""


class _Solves:
    """The fake clock and the solves: a point's first stage given less than ``needs`` seconds
    takes them all and finds nothing; one given enough, and the second stage, which starts
    from its plan, is the real solve, taking 0.1 s on the clock."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, needs: float) -> None:
        self.now = 0.0
        self.needs = needs
        self.budgets: list[float] = []
        self.found: list[Any] = []
        self._solve_once = front.solve_once
        fake_time = SimpleNamespace(monotonic=lambda: self.now)
        monkeypatch.setattr(front, "time", fake_time)
        monkeypatch.setattr(clock, "time", fake_time)
        monkeypatch.setattr(front, "solve_once", self.solve)

    def solve(self, built: Any, params: Any, budget: float, *args: Any, **kwargs: Any) -> Any:
        self.budgets.append(budget)
        if budget < self.needs and not any(built is done for done in self.found):
            self.now += max(0.0, budget)
            return None, "UNKNOWN", False
        self.now += 0.1
        self.found.append(built)
        return self._solve_once(built, params, 60.0, *args, **kwargs)

    def front(self, instance: Instance, limit: float) -> Result:
        with use_language("en"):
            return front.solve_front(
                instance, TERMS, SolveOptions(plans=2, time_limit=limit), started=0.0
            )


def test_a_stage_that_finds_nothing_in_its_share_gets_the_time_left(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10 s: the first end has half (5 s), its first stage half of that (2.5 s), too little;
    solved again with the 7.5 s left, it finds the end (0.1 s), and its second stage, given
    its 2.5 s, takes 0.1; the other end then has the 7.3 s left, its first stage half (3.65 s)
    and, again too little, the other half: one point, and 'the time ran out' said at the
    deadline.
    Before: no point, and 'the time ran out' at 2.5 s of the 10."""
    solves = _Solves(monkeypatch, NEEDS)
    result = solves.front(heze_as_stated, 10.0)
    assert solves.budgets == pytest.approx([2.5, 7.5, 2.5, 3.65, 3.65])
    assert len(result.plans) == 1
    assert solves.now == pytest.approx(10.0)
    assert "The time ran out before the front was complete: 1 of its 1 point(s)" in result.message


def test_a_second_end_found_in_the_time_left(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 s, a stage needing 6: the first end's first stage (5 s) finds nothing, solved again
    with 15 s it does; the other end, with 14.8 s left, in its first stage's 7.4 s. Both
    ends, and the front does not say the time ran out."""
    solves = _Solves(monkeypatch, needs=6.0)
    result = solves.front(heze_as_stated, 20.0)
    assert solves.budgets[:2] == [5.0, 15.0]
    assert len(result.plans) == 2
    assert "time ran out" not in result.message


def test_the_time_ran_out_only_once_it_has(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stage that finds nothing even with all the time left: the front has no point and
    says the time ran out, said now at the deadline (10 s), not at 2.5 s."""
    solves = _Solves(monkeypatch, needs=100.0)
    result = solves.front(heze_as_stated, 10.0)
    assert solves.budgets == [2.5, 7.5]
    assert solves.now == pytest.approx(10.0)
    assert result.plans == [] and result.status == "UNKNOWN"
    assert "The time ran out before the front was complete" in result.message


def test_a_stage_proven_empty_or_stopped_is_not_solved_again(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a stage cut by its share is solved again: one stopped (Ctrl-C) ends the walk at
    once, whatever time is left."""
    solves = _Solves(monkeypatch, NEEDS)

    def stopped(built: Any, params: Any, budget: float, *args: Any, **kwargs: Any) -> Any:
        solves.budgets.append(budget)
        return None, "UNKNOWN", True

    monkeypatch.setattr(front, "solve_once", stopped)
    result = solves.front(heze_as_stated, 10.0)
    assert solves.budgets == [2.5]
    assert result.plans == []


def test_no_point_is_begun_with_less_time_left_than_a_model_takes_to_build(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each model takes 3 s to build on the fake clock and each solve finds its plan: a
    10 s front builds three points' models (the ends at 0 and 3.2 s, one between at 6.4 s)
    and, with 0.4 s left, no fourth, ending at 9.6 s and saying the time ran out. Before, it
    built the fourth and ended at 12.8 s: a 10 s front of the 800-school city ended 1.2 s
    past its limit."""
    solves = _Solves(monkeypatch, needs=0.0)
    build = front.build_model
    built: list[float] = []

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        built.append(solves.now)
        solves.now += 3.0
        return build(*args, **kwargs)

    monkeypatch.setattr(front, "build_model", slow_build)
    with use_language("en"):
        result = front.solve_front(
            heze_as_stated, TERMS, SolveOptions(plans=5, time_limit=10.0), started=0.0
        )
    assert built == pytest.approx([0.0, 3.2, 6.4])
    assert solves.now == pytest.approx(9.6)
    assert len(result.plans) == 3
    assert "The time ran out before the front was complete" in result.message


def test_a_single_unproven_point_is_not_called_the_end(heze_as_stated: Instance) -> None:
    """A front cut short with one unproven point says it is the least found so far, not the
    end (the city's 10 s front called its one FEASIBLE point 'the end with the least
    distance'); a proven one is the end."""
    plan = solved_once(heze_as_stated, SolveOptions(time_limit=60)).plans[0]
    unproven, proven = replace(plan, status="FEASIBLE"), replace(plan, status="OPTIMAL")
    with use_language("en"):
        cut = front_message(TERMS, 5, [unproven], complete=False).text()
        ended = front_message(TERMS, 5, [proven], complete=False).text()
    assert "the least distance found so far, not proven the end" in cut
    assert "the end with the least" not in cut
    assert "Plan 1 is the end with the least distance." in ended
