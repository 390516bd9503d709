"""HiGHS, an independent MIP solver, handed the problem data's rows (``to_milp``: the tight
forms the CP-SAT builder posts, written from the same structures), finds the
same optimum as CP-SAT: on instances with every rule kind (S4 and city quotas among them) and
on an S4 county. A one-sided constraint whose missing side reached HiGHS as a huge finite
bound once made these differ; the reference tool was right. HiGHS on a second formulation
written from the instance alone (``benchmarks.tight``) agrees too, so a shared modelling
error cannot hide behind the first comparison. CP-SAT's optimum is proven by work, not wall
time, and HiGHS has no time limit (:mod:`tests.load_free`), so each holds under any load."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import milp

from benchmarks.tight import solve_tight_highs
from pairing_planner.algorithms.linear_program import to_milp
from pairing_planner.objective import SCALE
from pairing_planner.prepare.problem import problem_data
from tests.conftest import build, sprawling_county
from tests.load_free import proven_optimum
from tests.test_optimality import _every_rule_instance


def _highs_optimum(instance: object) -> float | None:
    """HiGHS's MIP optimum of the strict model in objective units, None when infeasible."""
    args = to_milp(problem_data(instance))  # type: ignore[arg-type]
    result = milp(**args, options={"mip_rel_gap": 0.0})
    if result.status == 2:
        return None
    assert result.status == 0, result.message
    assert np.all(np.abs(result.x - np.round(result.x)) < 1e-6)
    return float(result.fun / SCALE)


@pytest.mark.parametrize("seed", range(16))
def test_highs_agrees_on_every_rule_kind(seed: int) -> None:
    """Every rule kind, S4 and a city quota included: same optimum, or infeasible both ways."""
    instance = build(_every_rule_instance(seed))
    optimum = proven_optimum(instance)
    highs = _highs_optimum(instance)
    if optimum is None:
        assert highs is None
        return
    assert highs == pytest.approx(optimum, abs=0.01)


def test_highs_agrees_on_an_s4_county() -> None:
    """A 200-school county, a fifth of it in poverty villages (S4): same optimum."""
    instance = sprawling_county(200, 0.2, 1)
    optimum = proven_optimum(instance)
    assert optimum is not None
    assert _highs_optimum(instance) == pytest.approx(optimum, abs=0.01)


@pytest.mark.parametrize(
    ("schools", "poverty", "seed"), [(200, 0.2, 1), (60, 0.2, 1), (150, 0.4, 3)]
)
def test_an_independent_tight_formulation_agrees(schools: int, poverty: float, seed: int) -> None:
    """HiGHS on the tight MIP written from the instance: CP-SAT's optimum, and a plan the
    verifier accepts at that cost (up to the rounding of each pair's cost to model units),
    or infeasible where the strict model is."""
    instance = sprawling_county(schools, poverty, seed)
    optimum = proven_optimum(instance)
    tight = solve_tight_highs(instance, math.inf)
    if optimum is None:
        assert tight["objective"] is None
        return
    assert tight["objective"] == pytest.approx(optimum, abs=0.01)
    assert tight["verified_objective"] == pytest.approx(optimum, rel=1e-4)
