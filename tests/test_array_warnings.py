"""``plan check``'s data warnings measured as arrays (issue 31, part 31I): the distances from
each school to its place's seat in one array operation, judged as the one-by-one formula
judges them, even within a metre of the limit."""

from __future__ import annotations

import math
from typing import Any

from pairing_planner import check_instance
from pairing_planner.diagnosis.data_checks import FAR_KM
from pairing_planner.instance.geodata.geo import EARTH_RADIUS_KM, great_circle_km
from tests.conftest import build, instance_dict

OFFSETS_KM = (-20.0, -0.4, -0.0004, 0.0004, 0.4, 30.0)
"""Distances from the seat, relative to the limit: a school 0.4 m past it is far, one 0.4 m
short of it is not."""


def _school(prefix: str, i: int, km: float) -> dict[str, Any]:
    """A school in city c0 (seat 36°N 116°E) ``km`` due north of the seat."""
    lat = 36.0 + math.degrees(km / EARTH_RADIUS_KM)
    return {
        "id": f"{prefix}{i}",
        "name": f"{prefix} {i}",
        "place": "c0",
        "stages": ["junior"],
        "lat": lat,
        "lon": 116.0,
        "score": 50,
    }


def test_schools_past_the_limit_are_exactly_those_the_formula_puts_past_it() -> None:
    """Helpers and recipients alike, a hair either side of the limit and well past it."""
    helpers = [_school("h", i, FAR_KM + d) | {"capacity": 1} for i, d in enumerate(OFFSETS_KM)]
    recipients = [_school("r", i, FAR_KM + d) for i, d in enumerate(OFFSETS_KM)]
    instance = build(instance_dict(helpers, recipients, [{"kind": "coverage", "clause": "S1"}]))
    warned = {
        school
        for f in check_instance(instance)
        if f.code == "far-coordinates"
        for school in (s["name"] for s in helpers + recipients)
        if f.message.startswith(f"{school} ")
    }
    expected = {
        s["name"]
        for s in helpers + recipients
        if great_circle_km(s["lat"], 116.0, 36.0, 116.0) > FAR_KM
    }
    assert warned == expected
    assert len(expected) == 6
