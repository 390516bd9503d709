"""One Deadline, received, never rebuilt from seconds (issue 31): each stage takes the
deadline object its caller hands it and asks it for what is left. A deadline already passed
therefore gets every search the least time (:data:`pairing_planner.clock.LEAST`), not the
options' limit, and each stage returns at once with what it has, saying it is unproven.
CP-SAT's outcomes are monkeypatched where they would depend on the machine's speed; nothing
here asserts wall seconds."""

from __future__ import annotations

from typing import Any

import pytest
from ortools.sat.python import cp_model

from pairing_planner import SolveOptions, solve, verify_plan
from pairing_planner.clock import LEAST, Deadline
from pairing_planner.cpsat.solver import new_solver
from pairing_planner.diagnosis import conflict
from pairing_planner.diagnosis.conflict import minimal_conflict
from pairing_planner.instance.index.instance import Instance
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.solving import strategy
from pairing_planner.solving.methods import least_penalty, one_model
from pairing_planner.solving.methods import trade_off_front as front
from tests.conftest import sprawling_county


def _passed() -> Deadline:
    return Deadline.after(-1.0)


def _valid(instance: Instance, plan: Any) -> bool:
    pairs = [(pair.helper, pair.recipient) for pair in plan.pairs]
    return verify_plan(instance, pairs, plan.relaxations).ok


def test_one_model_runs_by_the_deadline_it_is_handed_not_its_options_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A county whose greedy plan keeps every rule, options asking 60 s, a deadline already
    passed: the run holds that very deadline, CP-SAT is given the least time once (no second
    try: nothing is left) and finds nothing there (monkeypatched), and the greedy plan comes
    back, valid and not called optimal; the result records the limit as asked."""
    instance = sprawling_county(400, 0.2, seed=2)
    deadline = _passed()
    runs: list[Deadline] = []
    budgets: list[float] = []
    real_sequence = one_model.sequence

    def sequence(instance: Instance, built: Any, run_: one_model.Run, *args: Any) -> Any:
        runs.append(run_.deadline)
        return real_sequence(instance, built, run_, *args)

    def nothing_found(*args: Any, **kwargs: Any) -> Any:
        budgets.append(args[2])
        return None, "UNKNOWN", False

    monkeypatch.setattr(one_model, "sequence", sequence)
    monkeypatch.setattr(one_model, "solve_once", nothing_found)
    monkeypatch.setattr(one_model, "CORE_PAIRS", 10**9)
    options = SolveOptions(time_limit=60, workers=1)
    result = one_model.solve(instance, options, deadline=deadline)
    assert runs == [deadline] and runs[0] is deadline
    assert budgets == [LEAST]
    assert len(result.plans) == 1 and result.plans[0].status == "FEASIBLE"
    assert result.status == "FEASIBLE" and _valid(instance, result.plans[0])
    assert result.parameters["time_limit"] == 60


def test_the_strategy_hands_its_one_deadline_down_with_the_limit_as_asked(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``solve_any`` makes one Deadline and passes that object to one model; the options it
    passes keep the time limit the planner asked, not the seconds left."""
    handed: list[tuple[float | None, Deadline]] = []
    real = strategy.solve_model

    def spy(
        instance: Instance, options: SolveOptions, *args: Any, deadline: Deadline, **more: Any
    ) -> Any:
        handed.append((options.time_limit, deadline))
        return real(instance, options, *args, deadline=deadline, **more)

    made: list[Deadline] = []
    real_solved = strategy._solved

    def solved(*args: Any) -> Any:
        made.extend(a for a in args if isinstance(a, Deadline))
        return real_solved(*args)

    monkeypatch.setattr(strategy, "solve_model", spy)
    monkeypatch.setattr(strategy, "_solved", solved)
    solve(heze_as_stated, SolveOptions(time_limit=30, decompose=False))
    assert len(made) == 1 and len(handed) == 1
    assert handed[0][0] == 30 and handed[0][1] is made[0]


def test_a_front_past_its_deadline_ends_at_once_unfinished(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The front makes its deadline once; past it, its first end's search is given no time
    and finds nothing, so the front ends with no point, UNKNOWN, saying the time ran out
    (never that no plan exists)."""
    passed = _passed()
    budgets: list[float] = []

    class Made:
        """Stands in for the clock's Deadline where the front makes its own."""

        @staticmethod
        def after(seconds: float, start: float | None = None) -> Deadline:
            return passed

    def nothing_found(*args: Any, **kwargs: Any) -> Any:
        budgets.append(args[2])
        return None, "UNKNOWN", False

    monkeypatch.setattr(front, "Deadline", Made)
    monkeypatch.setattr(front, "solve_once", nothing_found)
    result = front.solve_front(heze_as_stated, ("distance", "score_gap"), SolveOptions())
    assert len(budgets) == 1 and budgets[0] <= 0
    assert result.status == "UNKNOWN" and not result.plans
    assert "time ran out" in result.message.lower()
    assert result.diagnosis is None


def test_a_minimal_conflict_past_its_deadline_is_one_check_and_unproven(
    heze: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Heze as printed, diagnosed by a deadline already passed: one check, given the least
    time (not rebuilt from seconds), then no shrinking; the diagnosis is not called minimal
    and says why."""
    given: list[float] = []

    def recording(budget: float, **options: Any) -> cp_model.CpSolver:
        given.append(budget)
        return new_solver(budget, **options)

    monkeypatch.setattr(conflict, "new_solver", recording)
    diagnosis = minimal_conflict(heze, candidate_pairs(heze), _passed())
    assert given == [LEAST]
    assert not diagnosis.minimal and diagnosis.note


def test_the_least_penalty_past_its_deadline_takes_the_greedy_floor_unproven(
    heze: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The relaxation handed a passed deadline: its least-penalty search gets a third of the
    least time; when it finds nothing there (monkeypatched), the greedy plan's bend is the
    least known, RELAXED and said not proven least, and the plan verifies with it."""
    given: list[float] = []

    def nothing(budget: float, **options: Any) -> cp_model.CpSolver:
        given.append(budget)
        return new_solver(budget, **options)

    monkeypatch.setattr(least_penalty, "new_solver", nothing)
    monkeypatch.setattr(least_penalty, "run", lambda *args: cp_model.UNKNOWN)
    result = least_penalty.solve_relaxed(
        heze, SolveOptions(time_limit=60), None, candidate_pairs(heze), deadline=_passed()
    )
    assert given == [pytest.approx(LEAST / 3)]
    assert result.status == "RELAXED" and "not proven least" in result.message
    assert _valid(heze, result.plans[0]) and result.plans[0].relaxations
