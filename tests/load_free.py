"""Optima and proofs a test may assert whatever the machine's load (issue 31: no test asserts a
proof reached within wall time; ``make test-under-load`` runs the suite beside a burner per
core).

:func:`proven_optimum` is a reference: CP-SAT on the whole strict model with one worker and a
deterministic limit alone (its own units of work, the same under any load), so it takes the
same path and reaches the same proof on a quiet machine and a loaded one. :func:`by_work`
makes a product's solve run the same way: every CP-SAT call gets work instead of wall
seconds, and the product's clock stands still, so no share of a time limit is cut short by
the load. A test of a method's proof machinery asserts OPTIMAL under it; a test of the
product as the planner runs it compares its plan with the reference instead, accepting an
unproven plan but never a false proof (:func:`assert_no_false_proof`).
"""

from __future__ import annotations

import math
import time
from typing import Any

import pytest
from ortools.sat.python import cp_model

from pairing_planner import verify_plan
from pairing_planner.cpsat.build import BuiltModel, build_model
from pairing_planner.cpsat.solver import new_solver
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.objective import SCALE
from pairing_planner.result.plan import Plan
from pairing_planner.solving.methods import cpsat_call

REFERENCE_WORK = 20.0
"""Deterministic time a reference is given: twenty times what the largest model of the tests
takes (a 300-recipient county, 6,800 pairs: 0.66-0.99 units); a model that needs more fails
its test the same way on every run."""


def proven_objective(built: BuiltModel) -> int | None:
    """The optimum of ``built``'s model, in model units, proven by one CP-SAT worker within
    :data:`REFERENCE_WORK` and no wall limit; None when it is proven to have no plan."""
    solver = new_solver(math.inf, effort=REFERENCE_WORK)
    status = solver.solve(built.ctx.model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE), solver.status_name(status)
    return round(solver.objective_value) if status == cp_model.OPTIMAL else None


def proven_optimum(instance: Instance, pairs: list[PairKey] | None = None) -> float | None:
    """The optimum of ``instance``'s strict model (over ``pairs``, default its candidates), in
    plan units (:func:`proven_objective`)."""
    objective = proven_objective(build_model(instance, pairs))
    return None if objective is None else objective / SCALE


def by_work(monkeypatch: pytest.MonkeyPatch, units_per_second: float = 1.0) -> None:
    """Every CP-SAT call of the product's solves runs on deterministic time alone: its wall
    budget of S seconds becomes ``units_per_second`` × S units of work (or the work it was
    given, if less) with no wall limit; and the monotonic clock stands still, so each share of
    a time limit is the same under any load. For tests of a proof, not of timing."""
    still = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: still)

    def worked(budget: float, **options: Any) -> cp_model.CpSolver:
        work = units_per_second * budget
        given = options.pop("effort", None)
        effort = work if given is None else min(given, work)
        return new_solver(math.inf, effort=effort, **options)

    monkeypatch.setattr(cpsat_call, "new_solver", worked)


def assert_no_false_proof(instance: Instance, plan: Plan, optimum: float) -> None:
    """``plan`` keeps every rule, costs what it says, is no cheaper than the proven
    ``optimum``, and equals it when it claims to be OPTIMAL (an unproven plan is what a loaded
    machine may give; a false proof fails)."""
    verdict = verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs])
    assert verdict.ok, verdict.violations
    assert verdict.objective == pytest.approx(plan.objective, rel=1e-4, abs=0.01)
    assert plan.objective >= optimum - 0.01
    if plan.status == "OPTIMAL":
        assert plan.objective == pytest.approx(optimum, abs=0.01)
    if plan.bound is not None:
        assert plan.bound <= optimum + 0.01
