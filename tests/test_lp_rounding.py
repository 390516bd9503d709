"""The LP relaxation of the problem data (the CP-SAT model's rows) is a true lower bound
(equal to the min-cost flow optimum where that is integral), and the LP-rounded plan keeps
every rule. HiGHS has no time limit and the optimum is proven by work (:mod:`tests.load_free`),
so each holds under any load."""

from __future__ import annotations

import math

import pytest

from pairing_planner import verify_plan
from pairing_planner.algorithms.flow import solve_by_flow
from pairing_planner.algorithms.lp import lp_relaxation
from pairing_planner.algorithms.rounding import rounded_plan
from pairing_planner.objective import SCALE
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.prepare.problem import problem_data
from tests.conftest import sprawling_county
from tests.load_free import proven_optimum


@pytest.mark.parametrize("seed", [1, 2])
def test_lp_equals_the_flow_optimum_without_s4(seed: int) -> None:
    """Without S4 the model is a transportation problem: its LP optimum is the min-cost flow's."""
    instance = sprawling_county(300, 0.0, seed)
    pairs = candidate_pairs(instance)
    problem = problem_data(instance, pairs)
    lp = lp_relaxation(problem, math.inf)
    flow = solve_by_flow(problem)
    assert lp is not None and flow is not None
    assert lp.value / SCALE == pytest.approx(flow.objective, abs=0.01)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lp_bounds_the_optimum_and_the_rounded_plan_keeps_the_rules(seed: int) -> None:
    """With 20 % poverty schools: LP ≤ proven optimum ≤ rounded plan, which verifies."""
    instance = sprawling_county(300, 0.2, seed)
    problem = problem_data(instance)
    lp = lp_relaxation(problem, math.inf)
    assert lp is not None
    chosen = rounded_plan(problem, lp)
    assert chosen is not None
    verdict = verify_plan(instance, chosen)
    assert verdict.ok
    best = proven_optimum(instance)
    assert best is not None
    assert lp.value / SCALE <= best + 1e-6
    assert best <= verdict.objective + 0.05
