"""Large parts: the Lagrangian bound is a true lower bound (below brute force and CP-SAT's
proven optimum, above the LP bound), and neighbourhood search turns the start plan into a
verified plan near the optimum."""

from __future__ import annotations

import pytest

from pairing_planner import SolveOptions, solve, verify_plan
from pairing_planner.model import neighbourhood, solver
from pairing_planner.model.build import build_model
from pairing_planner.model.lagrange import lagrangian_bound
from pairing_planner.model.lp import lp_relaxation
from pairing_planner.objective import SCALE
from tests.conftest import build, sprawling_county
from tests.test_optimality import SEEDS, _brute_force, _every_rule_instance


def _without_quota_and_lock(seed: int) -> dict[str, object]:
    data = _every_rule_instance(seed)
    rules = data["rules"]
    assert isinstance(rules, list)
    data["rules"] = [r for r in rules if r["kind"] not in ("city_quota", "lock")]
    return data


@pytest.mark.parametrize("seed", SEEDS)
def test_lagrangian_bound_is_below_brute_force(seed: int) -> None:
    """Coverage, capacity, S4, stage, scope and forbid rules with every cost term: the bound
    never exceeds the optimum over every assignment (judged by the verifier)."""
    instance = build(_without_quota_and_lock(seed))
    best = _brute_force(instance, list(instance.recipients), list(instance.helpers))
    bound = lagrangian_bound(build_model(instance), 0.5, 10**9)
    assert bound is not None
    if best is not None:
        rounding = 0.005 * (len(instance.recipients) * 4 + len(instance.helpers) * 3)
        assert bound / SCALE <= best + rounding


def test_lagrangian_bound_refuses_rules_it_does_not_model() -> None:
    """A city quota (S6) couples helpers: the relaxation would not be a bound, so none."""
    instance = build(_every_rule_instance(0))
    assert lagrangian_bound(build_model(instance), 0.5, 10**9) is None


@pytest.mark.parametrize("seed", [1, 2])
def test_lagrangian_bound_lies_between_the_lp_and_the_optimum(seed: int) -> None:
    """On a 300-recipient county: LP bound ≤ Lagrangian bound ≤ CP-SAT's proven optimum."""
    instance = sprawling_county(300, 0.2, seed)
    built = build_model(instance)
    best = solve(instance, SolveOptions(time_limit=60, workers=1)).plans[0]
    assert best.status == "OPTIMAL"
    lp = lp_relaxation(built.ctx.model, 60)
    bound = lagrangian_bound(built, 3.0, best.objective * SCALE * 1.05)
    assert lp is not None and bound is not None
    assert lp.value <= bound <= best.objective * SCALE + 1e-6


@pytest.mark.slow
def test_neighbourhood_search_plans_a_large_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every part taken as large, windows of 100 recipients: the plan keeps every rule (the
    verifier agrees on its cost), its bound is below the proven optimum, and it is within
    1 % of that optimum."""
    instance = sprawling_county(300, 0.2, seed=3)
    best = solve(instance, SolveOptions(time_limit=60, workers=1)).plans[0]
    assert best.status == "OPTIMAL"
    monkeypatch.setattr(solver, "LARGE_PART", 1)
    monkeypatch.setattr(neighbourhood, "WINDOW", 100)
    plan = solve(instance, SolveOptions(time_limit=20, workers=2, jobs=2)).plans[0]
    verdict = verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs])
    assert verdict.ok, verdict.violations
    assert verdict.objective == pytest.approx(plan.objective, abs=0.005 * 4 * 300)
    assert plan.bound is not None and plan.bound <= best.objective + 1e-6
    assert best.objective <= plan.objective <= best.objective * 1.01
