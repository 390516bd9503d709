"""A correctness review of warm re-solves (issue 32, part 32K): what is kept between solves is
only what a fresh solve would give again, the time limit counts preparing, and warnings come
back in the language of the solve that asks."""

from __future__ import annotations

import math
import time
from types import SimpleNamespace

import numpy as np
import pytest

import pairing_planner.solving.decomposition.least_difference as apart
import pairing_planner.solving.strategy as strategy
from pairing_planner import Instance, load_instance
from pairing_planner.algorithms.lagrange import lagrangian_relaxation
from pairing_planner.api import solve
from pairing_planner.i18n import use_language
from pairing_planner.prepare.problem import problem_data
from pairing_planner.prepare.replan import apply_replan
from pairing_planner.result.plan import Plan, Replan, Result
from pairing_planner.solving.decomposition.prepared import Prepared, prepare
from pairing_planner.solving.decomposition.proven_parts import KeptParts, proven
from pairing_planner.solving.execution.part_tasks import PartOutcome
from pairing_planner.solving.options import SolveOptions
from tests.conftest import INSTANCES, build
from tests.test_large_parts import _without_quota_and_lock


def _plan(rank: int, status: str, least_bend_proven: bool = False) -> Plan:
    return Plan(
        rank,
        status,  # type: ignore[arg-type]
        10.0,
        10.0,
        0.1,
        [],
        {},
        least_bend_proven=least_bend_proven,
    )


def test_an_optimal_part_with_a_plan_cut_short_is_not_kept() -> None:
    """A part's status is its first plan's: plan 2 the clock cut short (FEASIBLE) would come
    back for good from every later solve."""
    assert proven(PartOutcome((_plan(1, "OPTIMAL"), _plan(2, "OPTIMAL")), "OPTIMAL", False))
    assert not proven(PartOutcome((_plan(1, "OPTIMAL"), _plan(2, "FEASIBLE")), "OPTIMAL", False))


def test_a_relaxed_part_is_kept_only_with_every_plan_proven() -> None:
    """RELAXED: the conflict minimal (no diagnosis here), every least bend proven and every
    plan OPTIMAL under its penalty."""
    bent = [_plan(1, "OPTIMAL", True), _plan(2, "OPTIMAL", True)]
    assert proven(PartOutcome(tuple(bent), "RELAXED", False))
    short = (bent[0], _plan(2, "FEASIBLE", True))
    assert not proven(PartOutcome(short, "RELAXED", False))
    unproven_bend = (bent[0], _plan(2, "OPTIMAL", False))
    assert not proven(PartOutcome(unproven_bend, "RELAXED", False))


class _Timed(KeptParts):
    """Kept parts noting when the instance was prepared."""

    prepared_at = 0.0

    def prepared(self, base: Instance, instance: Instance) -> Prepared:
        found = super().prepared(base, instance)
        self.prepared_at = time.monotonic()
        return found


class _Stop(Exception):
    pass


def test_the_time_limit_counts_preparing(monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``kept``, the instance is prepared in :func:`solve` before the search: the clock
    the search is given starts before that, not after it."""
    given: list[float | None] = []

    def search(*args: object) -> Result:
        given.append(args[4])  # type: ignore[arg-type]
        raise _Stop

    monkeypatch.setattr(strategy, "solve_any", search)
    kept = _Timed()
    with pytest.raises(_Stop):
        solve(load_instance(INSTANCES / "heze-as-stated.yaml"), kept=kept)
    assert given[0] is not None and given[0] <= kept.prepared_at


def test_warnings_kept_between_solves_come_in_the_language_asked() -> None:
    """Heze as printed (three warnings), prepared by a solve in Chinese and kept: a solve in
    English, of it or of it with a pair forbidden, gives them in English, as a cold one does."""
    heze = load_instance(INSTANCES / "heze.yaml")
    kept = KeptParts()
    with use_language("zh"):
        chinese = kept.prepared(heze, heze).worded()
    pair = prepare(heze).candidates.pairs[0]
    forbidden = apply_replan(heze, Replan(forbid=(f"{pair[0]}:{pair[1]}",)))
    with use_language("en"):
        english = prepare(heze).worded()
        assert kept.prepared(heze, heze).worded() == english
        assert kept.prepared(heze, forbidden).worded() == prepare(forbidden).worded()
    assert english and chinese != english


@pytest.mark.slow
def test_a_warm_re_solve_after_a_lock_gives_a_cold_solves_plan() -> None:
    """Heze as S5 states it, a lock of a pair the first plan has: the locked part is solved
    again rather than handed back from the part without the lock, so the plan is the one a
    cold solve with the same seed gives (docs/robustness.md: ``plan solve --reproduce``)."""
    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    options = SolveOptions(time_limit=30, seed=0, jobs=1)
    lock = Replan(lock=("jining-s2:r03",))
    kept = KeptParts()
    solve(instance, options, kept=kept)
    warm = solve(instance, options, replan=lock, kept=kept)
    cold = solve(instance, options, replan=lock)
    assert warm.status == cold.status == "OPTIMAL"
    assert sorted((p.helper, p.recipient) for p in warm.plans[0].pairs) == sorted(
        (p.helper, p.recipient) for p in cold.plans[0].pairs
    )


class _Passing:
    """A deadline that passes after ``left`` questions."""

    def __init__(self, left: int) -> None:
        self.left = left

    def passed(self) -> bool:
        self.left -= 1
        return self.left < 0


def test_a_plan_found_apart_is_kept_when_the_deadline_passes_before_the_next_doubling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Part 0 opened gives a plan 5 dearer, more than closed part 1's cheapest change (2):
    twice as many parts would be opened, but the deadline passes first. The plan found is a
    plan at the least difference, handed back unproven rather than dropped."""
    found = Plan(1, "OPTIMAL", 15.0, 15.0, 0.1, [], {})
    monkeypatch.setattr(apart, "_solve_opened", lambda *_args: (found, "OPTIMAL"))
    parts = [SimpleNamespace(instance=SimpleNamespace(recipients=[f"r{j}"])) for j in (0, 1)]
    lists = [
        [Plan(1, "OPTIMAL", 10.0, 10.0, 0.1, [], {}), Plan(2, "OPTIMAL", 10.0 + c, 0, 0.1, [], {})]
        for c in (1.0, 2.0)
    ]
    got = apart.next_apart(
        None,  # type: ignore[arg-type]
        parts,  # type: ignore[arg-type]
        lists,
        [lists[0][0]],
        SimpleNamespace(min_diff=1),  # type: ignore[arg-type]
        _Passing(2),  # type: ignore[arg-type]
    )
    assert got.plans == (found, lists[1][0]) and not got.proven


def test_a_lagrangian_bound_by_steps_ignores_the_seconds_given() -> None:
    """With ``steps`` the bound is a budget of work: no time given cuts it short."""
    problem = problem_data(build(_without_quota_and_lock(0)))
    by_steps = lagrangian_relaxation(problem, 0.0, None, steps=40)
    unbounded = lagrangian_relaxation(problem, math.inf, None, steps=40)
    assert by_steps is not None and unbounded is not None
    assert by_steps.value == unbounded.value
    assert np.array_equal(by_steps.values, unbounded.values)
