"""The min-cost flow reads the problem data's Capacity structures, not the capacity rule's
role nor the helpers' ``capacity`` field (issue 31: the methods handle structures, not rule
kinds). Here the structure and the field disagree on purpose, and the structure wins."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

from pairing_planner.algorithms.flow import helper_units, solve_by_flow
from pairing_planner.instance.index.instance import Instance
from pairing_planner.prepare.problem import ProblemData, problem_data
from pairing_planner.rules.structures import Capacity
from tests.conftest import build, instance_dict, random_school


def _crowded() -> Instance:
    """Six helpers of capacity 3 for ten recipients, distance the only cost: the cheapest
    plan fills some helper past one school."""
    rng = random.Random(3)
    helpers = [random_school(rng, "h", i, 2) | {"capacity": 3} for i in range(6)]
    recipients = [random_school(rng, "r", i, 2) for i in range(10)]
    rules = [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S1"}]
    return build(instance_dict(helpers, recipients, rules, {"distance": 1.0}))


def _capped(problem: ProblemData, helper: str, most: int) -> ProblemData:
    """``problem`` with every Capacity structure saying ``most`` for ``helper``."""

    def capped(s: Capacity) -> Capacity:
        rows = zip(s.helpers, s.most, strict=True)
        return replace(s, most=tuple(most if h == helper else m for h, m in rows))

    structures = tuple(capped(s) if isinstance(s, Capacity) else s for s in problem.structures)
    return ProblemData(problem.instance, problem.candidates, structures)


def _loads(problem: ProblemData) -> Counter[str]:
    plan = solve_by_flow(problem)
    assert plan is not None
    assert sorted(p.recipient for p in plan.pairs) == sorted(problem.instance.recipients)
    return Counter(p.helper for p in plan.pairs)


def test_a_capacity_structure_of_one_caps_a_helper_whose_field_says_three() -> None:
    """The busiest helper of the cheapest plan (capacity field 3) gets at most one school
    once its Capacity structure says 1; every recipient is still served, and no other
    helper passes its structure's 3."""
    instance = _crowded()
    problem = problem_data(instance)
    busiest, load = _loads(problem).most_common(1)[0]
    assert load >= 2 and instance.helpers[busiest].capacity == 3
    capped = _loads(_capped(problem, busiest, 1))
    assert capped[busiest] <= 1
    assert max(capped.values()) <= 3


def test_the_flows_units_are_what_the_structures_allow() -> None:
    """Each helper's source arcs: as many as its Capacity structure allows (1 where it says
    1, 3 for the others), and, with no Capacity structure at all, as many as its candidate
    pairs, whatever its ``capacity`` field says."""
    problem = problem_data(_crowded())
    helper = problem.pairs[0][0]
    capped = helper_units(_capped(problem, helper, 1))
    assert len(capped[helper]) == 1
    assert all(len(units) == 3 for h, units in capped.items() if h != helper)
    free = ProblemData(
        problem.instance,
        problem.candidates,
        tuple(s for s in problem.structures if not isinstance(s, Capacity)),
    )
    unbounded = helper_units(free)
    assert {h: len(units) for h, units in unbounded.items()} == {
        h: len(pairs) for h, pairs in problem.by_helper.items()
    }
    assert all(len(units) > 3 for units in unbounded.values())
