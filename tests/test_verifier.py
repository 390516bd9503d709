"""The verifier on hand-broken plans: each rule violated once, and a clean plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from pairing_planner import Instance, load_instance, verify_plan

DATA = Path(__file__).parent / "data"

GOOD = [("h1", "r2"), ("h2", "r1"), ("h3", "r3"), ("h1", "r4")]


@pytest.fixture(scope="module")
def small() -> Instance:
    return load_instance(DATA / "ok_small.yaml")


def test_good_plan_passes_and_cost_is_recomputed(small: Instance) -> None:
    """A valid plan: no violation, and each term recomputed from its definition."""
    verdict = verify_plan(small, GOOD)
    assert verdict.ok, verdict.violations
    km = sum(small.distance_km(h, r) for h, r in GOOD)
    assert verdict.term_costs["distance"] == pytest.approx(km, abs=1e-3)
    assert verdict.term_costs["load_balance"] == 5.0
    assert verdict.term_costs["uncovered_needs"] == 20.0


@pytest.mark.parametrize(
    ("pairs", "kind", "clause"),
    [
        ([("h1", "r2"), ("h2", "r1"), ("h3", "r3")], "coverage", "S1"),
        ([*GOOD, ("h2", "r4")], "coverage", "S1"),
        ([("h1", "r2"), ("h2", "r1"), ("h1", "r3"), ("h3", "r4")], "stage_match", "S3"),
        ([("h1", "r2"), ("h1", "r1"), ("h3", "r3"), ("h2", "r4")], "poverty_one_to_one", "S4"),
        ([("h2", "r2"), ("h1", "r1"), ("h3", "r3"), ("h2", "r4")], "capacity", "S1"),
    ],
)
def test_each_broken_rule_is_named(
    small: Instance, pairs: list[tuple[str, str]], kind: str, clause: str
) -> None:
    """The violation names the rule kind and its clause."""
    verdict = verify_plan(small, pairs)
    assert (kind, clause) in {(v.kind, v.clause) for v in verdict.violations}


def test_scope_quota_lock_forbid_and_unknown(small: Instance) -> None:
    """Scope with a distance cap, a city quota, lock, forbid and unknown schools."""
    extra = [
        {"kind": "scope", "clause": "S2", "within": "same_county"},
        {"kind": "city_quota", "clause": "S6", "stage": "junior", "quotas": {"jn": 0}},
        {"kind": "lock", "clause": "R2", "pairs": [["h2", "r2"]]},
        {"kind": "forbid", "clause": "R2", "pairs": [["h3", "r3"]]},
    ]
    data = small.data.model_copy(update={"rules": [*small.data.rules, *(_rule(r) for r in extra)]})
    instance = Instance(data=data)
    verdict = verify_plan(instance, [*GOOD, ("h9", "r1")])
    kinds = {v.kind for v in verdict.violations}
    assert {"scope", "city_quota", "lock", "forbid", "unknown"} <= kinds


def _rule(raw: dict[str, object]) -> object:
    from pydantic import TypeAdapter

    from pairing_planner.instance.schema.rule_models import Rule

    return TypeAdapter(Rule).validate_python(raw)
