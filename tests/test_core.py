"""Mid-size parts proven on a small model
(:mod:`pairing_planner.solving.methods.reduced_cost_fixing`): each pair's Lagrangian bound holds for
every plan that uses the pair, and the plan found through them is the optimum of the whole model,
or, when the small model's solve is cut short, an honest FEASIBLE plan whose bound is below the
optimum.

The optima are proven by work, not by wall time (:mod:`tests.load_free`), and the solves whose
proof a test asserts run on work too, so each holds under any load."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from pairing_planner import SolveOptions, solve, verify_plan
from pairing_planner.algorithms.lagrange import pair_bounds
from pairing_planner.cpsat.build import build_model
from pairing_planner.instance.index.instance import Instance
from pairing_planner.objective import SCALE
from pairing_planner.prepare.problem import problem_data
from pairing_planner.result.solver_progress import SolverProgress
from pairing_planner.solving.methods import one_model
from pairing_planner.solving.methods import reduced_cost_fixing as core
from tests.conftest import sprawling_county
from tests.load_free import by_work, proven_objective, proven_optimum


def _cheapest_with(instance: Instance, pair: tuple[str, str]) -> int | None:
    """The cheapest plan that uses ``pair``, in model units, proven by CP-SAT on the whole
    model with the pair forced (None when no plan uses it)."""
    built = build_model(instance)
    built.ctx.model.add(built.ctx.x[pair] == 1)
    return proven_objective(built)


@pytest.mark.parametrize(
    ("schools", "poverty", "seed", "low", "others"), [(80, 0.25, 1, 25, 15), (150, 0.2, 2, 12, 8)]
)
def test_no_plan_using_a_pair_costs_less_than_its_bound(
    schools: int, poverty: float, seed: int, low: int, others: int
) -> None:
    """For the ``low`` pairs bounded lowest (those a cheap plan uses) and ``others``: the
    cheapest plan using the pair costs at least the pair's bound. The whole bound lies within
    1 % below the optimum, and it leaves most pairs out of any optimal plan (what the core
    needs). Counties whose strict model has plans."""
    instance = sprawling_county(schools, poverty, seed)
    bounds = pair_bounds(problem_data(instance), None, math.inf)
    assert bounds is not None and bounds.settled
    optimum = proven_objective(build_model(instance))
    assert optimum is not None
    assert 0.99 * optimum <= bounds.bound <= optimum + 1e-6
    assert np.mean(bounds.least > optimum) > 0.5
    order = np.argsort(bounds.least)
    rng = np.random.default_rng(seed)
    sample = [*order[:low], *rng.choice(order[low:], others, replace=False)]
    for i in sample:
        cheapest = _cheapest_with(instance, bounds.pairs[i])
        if cheapest is not None:
            assert cheapest >= bounds.least[i] - 1e-6 * abs(cheapest)


def _optimum(instance: Instance) -> float:
    """The optimum of the whole model, in plan units."""
    optimum = proven_optimum(instance)
    assert optimum is not None
    return optimum


def _counted_core(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every model of any size goes through the core; the list grows by one per small model
    solved."""
    solves: list[int] = []
    restricted = core._restricted

    def counted(*args: object) -> object:
        solves.append(1)
        return restricted(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(one_model, "CORE_PAIRS", 0)
    monkeypatch.setattr(core, "_restricted", counted)
    return solves


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_core_plan_is_the_optimum_of_the_whole_model(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Solved through the pairs' bounds (the small model solved at least once), the plan is
    proven optimal at the optimum of the whole model, and the verifier accepts it; every
    bound the live progress showed holds for the whole model. On work, not wall time."""
    instance = sprawling_county(150, 0.2, seed)
    optimum = _optimum(instance)
    solves = _counted_core(monkeypatch)
    by_work(monkeypatch)
    progress: list[SolverProgress] = []
    options = SolveOptions(time_limit=60, workers=1, decompose=False)
    plan = solve(instance, options, progress.append).plans[0]
    assert solves and plan.status == "OPTIMAL"
    assert progress and all(p.bound <= optimum + 1e-6 for p in progress)
    assert plan.objective == pytest.approx(optimum, abs=1e-6)
    assert plan.bound == pytest.approx(plan.objective, abs=1e-6)
    verdict = verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs])
    assert verdict.ok and verdict.objective == pytest.approx(plan.objective, rel=1e-4)


def test_a_cut_short_core_is_feasible_with_a_bound_below_the_optimum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the small model's solve ends unproven (simulated: its plan reported FEASIBLE with
    a weaker bound), the part's plan is FEASIBLE, never called optimal, and its bound holds."""
    instance = sprawling_county(150, 0.2, 1)
    optimum = _optimum(instance)
    restricted = core._restricted

    def unfinished(*args: object) -> object:
        plan, _status, stopped = restricted(*args)  # type: ignore[arg-type]
        if plan is None:
            return plan, "UNKNOWN", stopped
        weaker = plan.objective - 100 / SCALE
        return replace(plan, status="FEASIBLE", bound=weaker), "FEASIBLE", stopped

    monkeypatch.setattr(one_model, "CORE_PAIRS", 0)
    monkeypatch.setattr(core, "_restricted", unfinished)
    plan = solve(instance, SolveOptions(time_limit=60, workers=1, decompose=False)).plans[0]
    assert plan.status == "FEASIBLE"
    assert plan.bound is not None and plan.bound <= optimum + 1e-6
    assert plan.bound <= plan.objective
    assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok


def test_a_part_with_no_plan_is_found_so_by_the_whole_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A county whose strict model has no plan, handed to the model directly (a solve would
    find its structural conflict first): the small models have none either, the margin is
    widened once, and then the whole model proves it (INFEASIBLE, as without the core). On
    work, not wall time."""
    instance = sprawling_county(60, 0.2, 1)
    solves = _counted_core(monkeypatch)
    by_work(monkeypatch)
    options = SolveOptions(time_limit=60, workers=1, strict=True)
    assert one_model.solve(instance, options).status == "INFEASIBLE"
    assert len(solves) == core.WIDENINGS + 1
