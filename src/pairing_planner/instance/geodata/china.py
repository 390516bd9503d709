"""Mainland China's 2,845 county seats and the prefecture-level cities they belong to, for the
``national`` preset of generated instances: from cpca 0.5.5's ``adcodes.csv`` (MIT), written
by ``tools/china_counties.py`` to ``china_counties.csv`` beside this module. Shipped as data
so nothing is fetched at run time."""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from typing import NamedTuple


class County(NamedTuple):
    """A county-level division's seat and its city (a province where cpca has none between)."""

    adcode: str
    name: str
    city: str
    city_name: str
    lat: float
    lon: float


@cache
def counties() -> tuple[County, ...]:
    """Every county seat, by division code."""
    text = (
        files("pairing_planner.instance.geodata").joinpath("china_counties.csv").read_text("utf-8")
    )
    return tuple(
        County(
            row["adcode"],
            row["name"],
            row["city"],
            row["city_name"],
            float(row["lat"]),
            float(row["lon"]),
        )
        for row in csv.DictReader(text.splitlines())
    )
