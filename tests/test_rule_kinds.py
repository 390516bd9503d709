"""Every rule kind declares what it is, and every faster path decides by those declarations
as an allow-list: a rule it does not know sends the instance to the full CP-SAT model."""

from __future__ import annotations

from typing import Any

import pytest

from pairing_planner import SolveOptions, solve, verify_plan
from pairing_planner.algorithms.flow import flow_takes
from pairing_planner.algorithms.lagrange import lagrangian_takes
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.prepare.problem import problem_data
from pairing_planner.rules import RULE_KINDS, Role
from pairing_planner.rules.capabilities import links
from pairing_planner.verify import CHECKED_KINDS
from tests.conftest import build, instance_dict

COVERAGE = {"kind": "coverage", "clause": "S1"}
CAPACITY = {"kind": "capacity", "clause": "S1"}
S4 = {"kind": "poverty_one_to_one", "clause": "S4"}


def test_every_kind_acts_is_verified_and_has_a_penalty_unless_a_filter() -> None:
    """Each kind posts constraints or filters pairs, the independent verifier checks it, and
    it bends at a penalty — unless it is a filter, whose pairs never get a variable."""
    assert set(RULE_KINDS) == CHECKED_KINDS
    for kind in RULE_KINDS.values():
        assert kind.acts(), kind.kind
        filters = kind.role in (Role.filter, Role.stage)
        assert (kind.penalty is None) == filters, kind.kind
        assert (kind.declare is None) == filters, kind.kind
        assert kind.clauses and kind.summary


def _schools(n: int, prefix: str, **extra: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{prefix}{i}",
            "name": f"{prefix.upper()} school {i}",
            "place": "c0k0",
            "stages": ["junior"],
            "lat": 36.0 + 0.01 * i,
            "lon": 116.0 + (0.0 if prefix == "h" else 0.05),
        }
        | extra
        for i in range(n)
    ]


def _instance(rules: list[dict[str, Any]], poverty: bool = False) -> Any:
    helpers = _schools(4, "h", capacity=2)
    recipients = _schools(6, "r")
    recipients[0]["poverty_village"] = poverty
    return build(instance_dict(helpers, recipients, rules))


def test_capacity_alone_is_not_a_flow_and_both_paths_agree() -> None:
    """Helpers of capacity 2 and only a capacity rule: nothing asks that schools be served, so
    the empty plan is optimal — by parts and by one model alike (the flow path once paired
    every school here)."""
    instance = _instance([CAPACITY])
    assert not flow_takes(problem_data(instance))
    parts = solve(instance, SolveOptions(time_limit=10, jobs=1))
    whole = solve(instance, SolveOptions(time_limit=10, decompose=False))
    assert parts.plans[0].objective == whole.plans[0].objective == 0.0
    assert parts.plans[0].pairs == whole.plans[0].pairs == []


@pytest.mark.parametrize(
    ("rules", "poverty", "flow", "lagrangian", "couples"),
    [
        ([COVERAGE, CAPACITY], False, True, True, False),
        ([COVERAGE, CAPACITY, S4], False, True, True, False),
        ([COVERAGE, CAPACITY, S4], True, False, True, False),
        (
            [COVERAGE, {"kind": "lock", "clause": "R2", "pairs": [["h0", "r0"]]}],
            False,
            False,
            False,
            True,
        ),
        (
            [
                COVERAGE,
                {"kind": "city_quota", "clause": "S6", "stage": "junior", "quotas": {"c0": 2}},
            ],
            False,
            False,
            False,
            True,
        ),
        ([CAPACITY], False, False, False, False),
    ],
)
def test_paths_take_only_what_every_active_rule_allows(
    rules: list[dict[str, Any]], poverty: bool, flow: bool, lagrangian: bool, couples: bool
) -> None:
    """S4 blocks the flow only where a poverty-village school exists; a lock or a quota
    blocks both relaxations and couples schools; no coverage rule, no flow."""
    instance = _instance(rules, poverty)
    assert flow_takes(problem_data(instance)) is flow
    assert lagrangian_takes(problem_data(instance)) is lagrangian
    assert bool(links(instance)) is couples


@pytest.mark.parametrize("poverty", [False, True])
def test_parts_and_one_model_agree_whichever_path_is_taken(poverty: bool) -> None:
    """The same optimum by the decomposed path (flow where allowed) and by one model, and
    the plan verifies."""
    instance = _instance([COVERAGE, CAPACITY, S4], poverty)
    parts = solve(instance, SolveOptions(time_limit=10, jobs=1))
    whole = solve(instance, SolveOptions(time_limit=10, decompose=False))
    assert parts.status == whole.status == "OPTIMAL"
    assert parts.plans[0].objective == pytest.approx(whole.plans[0].objective, abs=0.01)
    pairs = [(p.helper, p.recipient) for p in parts.plans[0].pairs]
    assert verify_plan(instance, pairs).ok
    assert set(pairs) <= set(candidate_pairs(instance))
