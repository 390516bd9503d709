"""Solving the shipped instances: optimal, verified, deterministic, K distinct plans."""

from __future__ import annotations

import time
from typing import Any

import pytest

from pairing_planner import Instance, SolveOptions, solve, verify_plan
from pairing_planner.clock import Deadline
from pairing_planner.result.plan import Plan, Result
from pairing_planner.solving import strategy
from pairing_planner.solving.decomposition import prepared
from tests.solved import solved_once


def _pairs(plan: Plan) -> list[tuple[str, str]]:
    return sorted((p.helper, p.recipient) for p in plan.pairs)


def test_heze_as_stated_is_optimal_and_verified(heze_as_stated: Instance) -> None:
    """20 schools, one helper per city and stage: OPTIMAL, and the verifier agrees on cost."""
    result = solve(heze_as_stated)
    plan = result.plans[0]
    assert result.status == "OPTIMAL" and plan.status == "OPTIMAL"
    assert len(plan.pairs) == 20
    verdict = verify_plan(heze_as_stated, _pairs(plan))
    assert verdict.ok, verdict.violations
    assert abs(verdict.objective - plan.objective) <= 0.005 * 2 * len(plan.pairs)
    assert plan.bound == plan.objective


def test_heze_as_printed_is_diagnosed_and_relaxed(heze: Instance) -> None:
    """The attachment's 12 junior highs against 11 junior helper slots: the diagnosis names
    S6, and the relaxed plan has exactly one city supply a second junior high."""
    result = solved_once(heze)
    assert result.status == "RELAXED" and result.diagnosis is not None
    assert "12 junior recipients, 11 helper slots for them (S6)" in result.diagnosis.structural[0]
    plan = result.plans[0]
    assert [(r.kind, r.clause, r.amount) for r in plan.relaxations] == [("city_quota", "S6", 1)]
    verdict = verify_plan(heze, _pairs(plan), plan.relaxations)
    assert verdict.ok and len(verdict.declared) == 1
    assert not verify_plan(heze, _pairs(plan)).ok


def test_heze_as_printed_strict_returns_no_plan(heze: Instance) -> None:
    """--strict: the diagnosis, and no relaxed plan."""
    result = solve(heze, SolveOptions(strict=True))
    assert result.status == "INFEASIBLE" and result.plans == []
    assert result.diagnosis is not None and result.diagnosis.minimal


def test_same_seed_same_plan(heze_as_stated: Instance) -> None:
    """Same instance, seed and workers: the same plans, three times over."""
    options = SolveOptions(plans=3, seed=7, workers=2)
    runs = [[_pairs(p) for p in solve(heze_as_stated, options).plans] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_k_plans_are_distinct_and_ordered(heze_as_stated: Instance) -> None:
    """--plans 5: five different plans with non-decreasing cost, each valid."""
    plans = solve(heze_as_stated, SolveOptions(plans=5)).plans
    assert len(plans) == 5
    assert len({tuple(_pairs(p)) for p in plans}) == 5
    assert [p.objective for p in plans] == sorted(p.objective for p in plans)
    for plan in plans:
        assert verify_plan(heze_as_stated, _pairs(plan)).ok


def test_explanation_names_a_real_alternative(heze_as_stated: Instance) -> None:
    """Every pair names its best other allowed helper and the cost difference."""
    plan = solve(heze_as_stated).plans[0]
    for pair in plan.pairs:
        assert pair.alternative is not None
        assert pair.alternative.helper != pair.helper
        recipient = heze_as_stated.recipients[pair.recipient]
        assert set(heze_as_stated.helpers[pair.alternative.helper].stages) & set(recipient.stages)


def _slowed(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    """``module.name`` made to take a second longer."""
    real = getattr(module, name)

    def slow(*args: Any) -> Any:
        time.sleep(1.0)
        return real(*args)

    monkeypatch.setattr(module, name, slow)


def _limits_given(monkeypatch: pytest.MonkeyPatch, name: str) -> list[float]:
    """The seconds left of the deadline the strategy's ``name`` (a solve function) is handed,
    as it is called."""
    given: list[float] = []
    real = getattr(strategy, name)

    def spy(*args: Any, **kwargs: Any) -> Result:
        handed = [a for a in [*args, *kwargs.values()] if isinstance(a, Deadline)]
        given.extend(deadline.left() for deadline in handed)
        return real(*args, **kwargs)

    monkeypatch.setattr(strategy, name, spy)
    return given


def test_the_time_limit_counts_from_the_call(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Candidate pairs are built inside the limit: when they take a second, the model gets
    what is left of a 10 s limit, while the result records the 10 s as asked."""
    _slowed(monkeypatch, prepared, "candidates")
    given = _limits_given(monkeypatch, "solve_model")
    result = solve(heze_as_stated, SolveOptions(time_limit=10, decompose=False))
    assert result.status == "OPTIMAL" and len(given) == 1
    assert 0 < given[0] <= 9.0
    assert result.parameters["time_limit"] == 10 and result.seconds >= 1.0


def test_explanation_names_the_rule_that_keeps_a_cheaper_helper_away(
    heze_as_stated: Instance,
) -> None:
    """Where a recipient's cheapest other helper is cheaper, the explanation says which rule
    keeps it away in this plan: the helper is full (capacity) or its city has supplied its
    quota (S6, S7); each such reason holds in the plan."""
    plan = solve(heze_as_stated, SolveOptions(time_limit=20)).plans[0]
    load: dict[str, int] = {}
    for pair in plan.pairs:
        load[pair.helper] = load.get(pair.helper, 0) + 1
    cheaper = [p.alternative for p in plan.pairs if p.alternative and p.alternative.cost_change < 0]
    assert cheaper and all(a.blocked_by for a in cheaper)
    for alternative in cheaper:
        if "capacity" in alternative.blocked_by:
            capacity = heze_as_stated.helpers[alternative.helper].capacity
            assert load.get(alternative.helper, 0) == capacity
            assert alternative.blocked_by.endswith("(S6)")


def test_plan_solve_counts_reading_the_file_in_its_time_limit(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When reading the instance takes a second, the solve gets what is left of the limit
    asked on the command line."""
    from click.testing import CliRunner

    from pairing_planner.cli import main
    from pairing_planner.instance.yaml_files import load
    from tests.conftest import INSTANCES

    _slowed(monkeypatch, load, "load_instance")
    given = _limits_given(monkeypatch, "solve_decomposed")
    instance = str(INSTANCES / "heze-as-stated.yaml")
    args = ["solve", instance, "--out", str(tmp_path), "--time-limit", "10", "--quiet"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert len(given) == 1 and 0 < given[0] <= 9.0
