"""The synthetic UR generator: reproducible, valid, and feasible by construction."""

from __future__ import annotations

import pytest

from pairing_planner import SolveOptions, instance_from_data, solve, verify_plan
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.instance.geodata.geo import great_circle_km
from pairing_planner.instance.yaml_files.dump import instance_yaml
from pairing_planner.prepare.candidates import candidate_pairs


def test_same_seed_same_instance() -> None:
    """Same settings and seed: the same file; another seed: another file."""
    settings = GeneratorSettings(recipients=60, seed=3)
    assert instance_yaml(generate_ur(settings)) == instance_yaml(generate_ur(settings))
    other = GeneratorSettings(recipients=60, seed=4)
    assert instance_yaml(generate_ur(settings)) != instance_yaml(generate_ur(other))


def test_generated_instance_solves_and_verifies() -> None:
    """A small generated instance has a proven optimal plan that passes the verifier."""
    data = generate_ur(GeneratorSettings(cities=2, counties_per_city=2, recipients=60, seed=1))
    instance = instance_from_data(data)
    assert sum(r.poverty_village for r in data.recipients) > 0
    plan = solve(instance, SolveOptions(time_limit=30)).plans[0]
    assert plan.status == "OPTIMAL"
    assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok


@pytest.mark.parametrize(("counties", "recipients"), [(2, 300), (1, 800)])
def test_distance_cap_index_finds_exactly_the_pairs_within_reach(
    counties: int, recipients: int
) -> None:
    """The candidate pairs under ``max_km`` are those found by measuring every helper against
    every recipient, on sprawling counties where most pairs are out of reach: counties of
    fewer helpers than ``MEASURED_AREA`` (each measured) and of more (the distance index)."""
    from pairing_planner.rules.scope import MEASURED_AREA

    settings = GeneratorSettings(
        cities=1,
        counties_per_city=counties,
        recipients=recipients,
        spread=0.6,
        max_km=20.0,
        seed=5,
    )
    instance = instance_from_data(generate_ur(settings))
    found = candidate_pairs(instance)
    every = [
        (h.id, r.id)
        for r in instance.data.recipients
        for h in instance.data.helpers
        if h.stages == r.stages
        and h.place == r.place
        and great_circle_km(*instance.coords(h), *instance.coords(r)) <= 20.0
    ]
    assert 0 < len(found) < len(instance.helpers) * len(instance.recipients) / 4
    assert sorted(found) == sorted(every)
    largest = max(len(instance.helpers_by_area[p.id]) for p in instance.data.places if p.city)
    assert (largest > MEASURED_AREA) == (counties == 1)
    points = [instance.coords(r) for r in instance.data.recipients]
    at_once = instance.helpers_near.within_many(points, 20.0)
    assert at_once == [instance.helpers_near.within(*p, 20.0) for p in points]
    assert {h for r, hs in zip(instance.data.recipients, at_once, strict=True) for h in hs} >= {
        h for h, _r in found
    }


def test_the_national_preset_spans_every_county_seat_of_china() -> None:
    """The shipped seats: 2,845 counties of 338 cities, all inside mainland China's bounds
    (the South China Sea islands too), each city's counties under it; a national instance
    places schools in them, and its plan (part by part, min-cost flow and CP-SAT) is proven
    optimal and valid by the verifier."""
    from dataclasses import replace

    from pairing_planner.instance.generators.urban_rural import PRESETS
    from pairing_planner.instance.geodata.china import counties

    seats = counties()
    assert len(seats) == 2845 and len({c.city for c in seats}) == 338
    assert all(3 <= c.lat <= 54 and 73 <= c.lon <= 135 for c in seats)  # Sansha at 11°N
    assert all(c.adcode[:2] == c.city[:2] for c in seats)
    data = generate_ur(replace(PRESETS["national"], recipients=1500, seed=2))
    instance = instance_from_data(data)
    assert len({r.place for r in data.recipients}) > 1000
    assert {instance.city_of(r).name for r in data.recipients} >= {"北京市", "拉萨市", "菏泽市"}
    result = solve(instance, SolveOptions(time_limit=120))
    assert result.status == "OPTIMAL"
    plan = result.plans[0]
    assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok
