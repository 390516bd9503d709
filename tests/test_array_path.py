"""The array path of parts without side constraints (issue 31): candidate pairs as position
arrays, their costs, the min-cost flow and the plan read out of it give what the rules and
an independent solver say, with no Python object per candidate pair on the way."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from pairing_planner import verify_plan
from pairing_planner.algorithms.flow import flow_takes, helper_units, solve_by_flow
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.objective import SCALE
from pairing_planner.prepare.candidates import Candidates, _by_recipient, candidates
from pairing_planner.prepare.costs import candidate_costs, pair_costs
from pairing_planner.prepare.parts import split
from pairing_planner.prepare.problem import problem_data
from pairing_planner.rules.capabilities import refusing_rule
from pairing_planner.rules.school_arrays import equal_pairs
from tests.conftest import build, instance_dict, random_school, sprawling_county


def _random_instance(seed: int, recipients: int = 14) -> Instance:
    """Coverage, capacity and a 40 km scope over two cities; every weighted pair term and
    load balance, so every term's array is exercised."""
    rng = random.Random(seed)
    helpers = [random_school(rng, "h", i, 2) | {"capacity": rng.randint(0, 4)} for i in range(9)]
    schools = [random_school(rng, "r", i, 2) for i in range(recipients)]
    rules = [
        {"kind": "coverage", "clause": "S1"},
        {"kind": "capacity", "clause": "S1"},
        {"kind": "scope", "clause": "S2", "within": "any", "max_km": 400.0},
    ]
    weights = {"distance": 1.0, "load_balance": 30.0, "score_gap": 1.0, "uncovered_needs": 5.0}
    return build(instance_dict(helpers, schools, rules, weights))


def _least_cost(instance: Instance, pairs: list[PairKey]) -> int | None:
    """The optimum by scipy's assignment solver on an independent expansion: a column per
    helper's k-th school, costing the pair plus that school's per-helper cost."""
    costs = pair_costs(instance, pairs)
    units = helper_units(problem_data(instance, pairs))
    columns = [(h, u) for h, per in units.items() for u in per]
    rows = list(instance.recipients)
    big = 10**9
    matrix = np.full((len(rows), len(columns)), big, dtype=np.int64)
    for j, (helper, unit) in enumerate(columns):
        for i, recipient in enumerate(rows):
            if (helper, recipient) in costs.cost:
                matrix[i, j] = costs.cost[(helper, recipient)] + unit
    if len(columns) < len(rows):
        return None
    found_rows, found_columns = linear_sum_assignment(matrix)
    total = int(matrix[found_rows, found_columns].sum())
    return None if total >= big else total


def _allowed_pairs(instance: Instance) -> list[PairKey]:
    """Every pair of a helper of capacity > 0 no filter rule refuses, asked pair by pair."""
    return [
        (h.id, r.id)
        for r in instance.data.recipients
        for h in instance.data.helpers
        if h.capacity > 0 and refusing_rule(instance, h.id, r) is None
    ]


@pytest.mark.parametrize("seed", range(6))
def test_candidates_are_exactly_the_pairs_the_rules_allow(seed: int) -> None:
    """Every helper of capacity > 0 and recipient the filter rules allow, and no other, in
    recipient then helper file order; the ids spelled out match the positions."""
    instance = _random_instance(seed)
    found = candidates(instance)
    expected = _allowed_pairs(instance)
    assert found.pairs == expected
    assert len(found) == len(expected)
    assert Candidates.of(instance, expected).helpers.tolist() == found.helpers.tolist()


@pytest.mark.parametrize("seed", range(8))
def test_flow_optimum_equals_the_assignment_solvers(seed: int) -> None:
    """The flow's objective is scipy's linear_sum_assignment optimum on the same costs, and
    its plan verifies with the very cost the verifier recomputes."""
    instance = _random_instance(seed)
    found = candidates(instance)
    problem = problem_data(instance, found)
    assert flow_takes(problem)
    plan = solve_by_flow(problem)
    least = _least_cost(instance, found.pairs)
    if least is None:
        assert plan is None
        return
    assert plan is not None
    assert round(plan.objective * SCALE) == least
    verdict = verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs])
    assert verdict.ok and verdict.objective == pytest.approx(plan.objective, abs=0.005)


@pytest.mark.parametrize("seed", range(4))
def test_each_pairs_best_other_helper_is_the_cheapest_by_cost_then_id(seed: int) -> None:
    """The alternative read from arrays is what a scan of the recipient's pairs gives: the
    least pair cost, ties to the first helper id, and the cost difference it states; each
    pair's distance is the one measured alone."""
    instance = _random_instance(seed, recipients=10)
    found = candidates(instance)
    plan = solve_by_flow(problem_data(instance, found))
    if plan is None:
        pytest.skip("this draw has no plan")
    costs = candidate_costs(instance, found)
    for pair in plan.pairs:
        others = [p for p in costs.by_recipient[pair.recipient] if p[0] != pair.helper]
        if not others:
            assert pair.alternative is None
            continue
        best = min(others, key=lambda p: (costs.cost[p], p[0]))
        assert pair.alternative is not None
        assert pair.alternative.helper == best[0]
        mine = costs.cost[(pair.helper, pair.recipient)]
        assert pair.alternative.cost_change == (costs.cost[best] - mine) / SCALE

    for pair in plan.pairs:
        assert pair.distance_km == round(instance.distance_km(pair.helper, pair.recipient), 1)


def test_parts_cut_from_the_arrays_hold_every_pair_once() -> None:
    """The parts' pairs, spelled out in each part's own positions, are the candidates'
    pairs, each in exactly one part, every recipient in a part."""
    instance = sprawling_county(120, 0.0, 1)
    found = candidates(instance)
    parts = split(instance, found)
    spelled = [pair for part in parts for pair in part.pairs]
    assert sorted(spelled) == sorted(found.pairs)
    recipients = [r for part in parts for r in part.instance.recipients]
    assert sorted(recipients) == sorted(instance.recipients)
    for part in parts:
        assert {r for _h, r in part.pairs} <= set(part.instance.recipients)
        assert {h for h, _r in part.pairs} <= set(part.instance.helpers)


def _filtered_instance(seed: int, within: str, max_km: float | None) -> Instance:
    """Schools of one to three stages, some at city level (no county), some helpers of
    capacity 0; stage match, a scope and two forbidden pairs: every filter rule's mask."""
    rng = random.Random(seed)
    stages = ["primary", "junior", "senior"]

    def school(prefix: str, i: int) -> dict[str, object]:
        found = random_school(rng, prefix, i, 2) | {"stages": rng.sample(stages, rng.randint(1, 3))}
        return found | {"place": f"c{rng.randrange(2)}"} if rng.random() < 0.2 else found

    helpers = [school("h", i) | {"capacity": rng.randint(0, 3)} for i in range(12)]
    schools = [school("r", i) for i in range(16)]
    scope: dict[str, object] = {"kind": "scope", "clause": "S2", "within": within}
    rules = [
        {"kind": "coverage", "clause": "S1"},
        {"kind": "capacity", "clause": "S1"},
        {"kind": "stage_match", "clause": "S6"},
        scope | ({} if max_km is None else {"max_km": max_km}),
        {"kind": "forbid", "clause": "R2", "pairs": [["h1", "r2"], ["h3", "r0"]]},
    ]
    return build(instance_dict(helpers, schools, rules))


@pytest.mark.parametrize(
    ("within", "max_km"),
    [
        ("same_county", None),
        ("same_city", None),
        ("same_county", 40.0),
        ("other_city", 120.0),
        ("any", 60.0),
        ("same_city", 55.0),
    ],
)
@pytest.mark.parametrize("seed", range(4))
def test_candidates_as_arrays_are_the_pairs_each_rule_allows(
    seed: int, within: str, max_km: float | None
) -> None:
    """Built by a join and the rules' masks (scope's places and distance, stages as bits,
    forbidden pairs as numbers), the candidates are exactly what every rule's ``allows`` says
    pair by pair, in the same order, and what the recipient-by-recipient build gives."""
    instance = _filtered_instance(seed, within, max_km)
    found = candidates(instance)
    expected = _allowed_pairs(instance)
    assert found.pairs == expected
    assert found.pairs == _by_recipient(_filtered_instance(seed, within, max_km)).pairs


def test_a_join_of_equal_keys_pairs_every_helper_and_recipient_sharing_one() -> None:
    """Helpers grouped by key in file order within each recipient; a negative key (a school
    placed at city level, for counties) matches none, not even another negative one."""
    helper_keys = np.array([2, 0, 2, -1, 0], dtype=np.int64)
    recipient_keys = np.array([0, -1, 2, 5], dtype=np.int64)
    helpers, recipients = equal_pairs((helper_keys, recipient_keys))
    assert list(zip(helpers.tolist(), recipients.tolist(), strict=True)) == [
        (1, 0),
        (4, 0),
        (0, 2),
        (2, 2),
    ]
