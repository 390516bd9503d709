"""Methods read the problem data (issue 31, part 31E): which method takes a problem is
decided by its structures, never by rule kinds, and the LP's first columns are the problem
data's pairs, in order."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from pairing_planner import verify_plan
from pairing_planner.algorithms.flow import flow_takes, solve_by_flow
from pairing_planner.algorithms.greedy import greedy_keeps
from pairing_planner.algorithms.lagrange import lagrangian_takes
from pairing_planner.algorithms.linear_program import to_milp
from pairing_planner.algorithms.lp import lp_relaxation
from pairing_planner.objective import SCALE
from pairing_planner.prepare.problem import ProblemData, problem_data
from tests.conftest import sprawling_county


@dataclass(frozen=True)
class _Unknown:
    """A structure no method has heard of (what a new rule kind might declare)."""

    rule: int


def _with_unknown(problem: ProblemData) -> ProblemData:
    return replace(problem, structures=(*problem.structures, _Unknown(0)))  # type: ignore[arg-type]


def test_a_structure_no_method_handles_sends_the_problem_to_cp_sat() -> None:
    """Coverage and capacity alone: flow, Lagrangian and greedy take it; one structure more
    that none of them declares and none does, and the LP writer refuses it at once."""
    problem = problem_data(sprawling_county(40, 0.0, 1))
    assert flow_takes(problem) and lagrangian_takes(problem) and greedy_keeps(problem)
    unknown = _with_unknown(problem)
    assert not flow_takes(unknown)
    assert not lagrangian_takes(unknown)
    assert not greedy_keeps(unknown)
    with pytest.raises(KeyError):
        to_milp(unknown)


def test_exclusive_sets_keep_the_flow_out_but_not_the_lagrangian() -> None:
    """S4 declared as exclusive sets: the flow cannot keep them, the Lagrangian and greedy
    can."""
    problem = problem_data(sprawling_county(40, 0.3, 1))
    assert problem.exclusive
    assert not flow_takes(problem)
    assert lagrangian_takes(problem) and greedy_keeps(problem)


def test_the_lp_values_are_the_problem_pairs_in_order() -> None:
    """Without S4 the LP is a transportation problem, integral: the pairs at value 1, read in
    the problem data's order, are a plan the verifier accepts at the flow's optimum."""
    instance = sprawling_county(300, 0.0, 1)
    problem = problem_data(instance)
    lp = lp_relaxation(problem, 60)
    flow = solve_by_flow(problem)
    assert lp is not None and flow is not None
    assert len(lp.values) == len(problem.pairs)
    chosen = [pair for pair, value in zip(problem.pairs, lp.values, strict=True) if value > 0.5]
    verdict = verify_plan(instance, chosen)
    assert verdict.ok, verdict.violations
    assert lp.value / SCALE == pytest.approx(flow.objective, abs=0.01)
    assert verdict.objective == pytest.approx(flow.objective, abs=0.05)
