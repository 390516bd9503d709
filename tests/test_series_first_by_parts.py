"""Plan 1 of a series one model solves is solved part by part (issue 31, the Chinese planner's
test of session 36): ``plan solve city.yaml --plans 3 --differ-by county`` gave the greedy
plan as plan 1 (21,955.29, where the parts prove 19,396.52), since plans that differ by
county span parts and the whole model's first search found nothing better in its share."""

from __future__ import annotations

from typing import Any

import pytest

from pairing_planner import SolveOptions, instance_from_data, solve, verify_plan
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.instance.index.instance import Instance
from pairing_planner.solving import strategy
from tests.load_free import assert_no_false_proof, proven_optimum


@pytest.fixture(scope="module")
def counties() -> Instance:
    """Three counties of a city: three independent parts."""
    settings = GeneratorSettings(cities=1, counties_per_city=3, recipients=90, seed=2)
    return instance_from_data(generate_ur(settings))


def _decomposed(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The plans each part-by-part solve was asked for, as they are asked."""
    asked: list[int | None] = []
    real = strategy.solve_decomposed

    def spy(instance: Instance, options: SolveOptions, *args: Any) -> Any:
        asked.append(options.plans)
        return real(instance, options, *args)

    monkeypatch.setattr(strategy, "solve_decomposed", spy)
    return asked


def test_plan_one_of_plans_apart_by_county_comes_from_the_parts(
    counties: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three plans differing by county: plan 1 from one part-by-part solve of one plan, never
    below the proven optimum and equal to it when it says OPTIMAL; every plan valid."""
    asked = _decomposed(monkeypatch)
    result = solve(counties, SolveOptions(plans=3, differ_by="county", time_limit=60))
    assert asked == [1]
    optimum = proven_optimum(counties)
    assert optimum is not None
    assert_no_false_proof(counties, result.plans[0], optimum)
    for plan in result.plans:
        assert verify_plan(counties, [(p.helper, p.recipient) for p in plan.pairs]).ok


def test_one_model_asked_for_searches_plan_one_itself(
    counties: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--no-decompose: no part is solved; plan 1 is the whole model's."""
    asked = _decomposed(monkeypatch)
    options = SolveOptions(plans=2, differ_by="county", time_limit=60, decompose=False)
    result = solve(counties, options)
    assert asked == [] and result.plans
