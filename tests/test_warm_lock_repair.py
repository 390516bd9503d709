"""A warm re-solve after a lock (issue 32, part 35V): kept plans repaired to hold the locked
pair answer the conflict filter's checks, giving what a cold solve of the locked instance
gives with far fewer CP-SAT checks; and the rows read in Python agree with CP-SAT."""

from __future__ import annotations

import random

import pytest
from ortools.sat.python import cp_model

from pairing_planner import Instance
from pairing_planner.api import solve
from pairing_planner.cpsat.build import build_model
from pairing_planner.cpsat.context import ModelContext
from pairing_planner.cpsat.solver import new_solver, run
from pairing_planner.diagnosis.lock_repair import PlanRows, repairs
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.result.plan import Replan
from pairing_planner.solving.decomposition.proven_parts import KeptParts
from tests.test_warm_diagnosis import cold_then_warm, counted


@pytest.mark.slow
def test_warm_and_cold_solves_after_a_lock_are_the_same(
    heze: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Heze as printed: four locks of junior pairs (the part in conflict), one after another
    in one kept instance, each equal to a cold solve of the same lock (status, conflict, its
    proof, every plan) and answered with at most a fifth of the cold run's CP-SAT checks."""
    kept = KeptParts()
    first = solve(heze, kept=kept)
    junior = [f"{p.helper}:{p.recipient}" for p in first.plans[0].pairs if "-j" in p.helper]
    runs = counted(monkeypatch)
    for pair in junior[:4]:
        _, cold_checks, warm_checks = cold_then_warm(heze, Replan(lock=(pair,)), kept, runs)
        assert warm_checks * 5 < cold_checks, (pair, warm_checks, cold_checks)


def test_the_rows_read_in_python_agree_with_cp_sat(heze: Instance) -> None:
    """Plans found by CP-SAT for random sets of Heze's rule instances, repaired towards a
    random pair: :meth:`PlanRows.keeps` says a repaired plan keeps the set exactly when
    CP-SAT, every pair and rule fixed, finds the model feasible."""
    ctx = build_model(heze, mode="switchable").ctx
    ctx.model.clear_objective()  # type: ignore[no-untyped-call]  # untyped in the stubs
    rows, rand = PlanRows.of(ctx.problem), random.Random(7)
    rules = [r for r in ctx.rule_instances if rows.readable(r)]
    answers = set()
    for _ in range(20):
        chosen = rand.sample(rules, rand.randint(5, len(rules) - 1))
        plan = _plan(ctx, {r.key for r in chosen})
        if plan is None:
            continue
        free = {h for h, _r in ctx.x} - {h for h, _r in plan}
        made = [p for p in repairs(plan, rand.choice(list(ctx.x)), free) if p <= ctx.x.keys()]
        for repaired in rand.sample(made, min(4, len(made))):
            said = rows.keeps(repaired, chosen)
            assert said == (_plan(ctx, {r.key for r in chosen}, repaired) is not None)
            answers.add(said)
    assert answers == {True, False}


def _plan(
    ctx: ModelContext, keys: set[str], fixed: frozenset[PairKey] | None = None
) -> frozenset[PairKey] | None:
    """A plan of the switchable model with exactly the rule instances ``keys`` in force (and
    exactly the pairs ``fixed``, when given), or None when CP-SAT proves there is none."""
    model = ctx.model.clone()
    for key, literal in ctx.literals.items():
        model.add(literal == int(key in keys))
    if fixed is not None:
        for pair, var in ctx.x.items():
            model.add(var == int(pair in fixed))
    solver = new_solver(10.0, seed=0)
    outcome = run(solver, model)
    assert outcome != cp_model.UNKNOWN
    if outcome == cp_model.INFEASIBLE:
        return None
    return frozenset(p for p, x in ctx.x.items() if solver.value(x))
