"""Review findings on ``plan progress`` (issue 30): each county under its own city when a
sheet holds several, a bad date named at its own column, the dates a clerk types read as
they are in a school calendar, and the unclear done marks capped on their own."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest

from pairing_planner import Instance
from pairing_planner.i18n import use_language
from pairing_planner.io.calendar_sheet import TrackedActivity
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.tracking import progress, render_progress
from tests.conftest import build, instance_dict

LISTED = ["c1k0", "c0k1", "c1k1", "c0k0", "c1k0"]
"""The recipients' counties in the list's order: the cities interleaved, City 1 first."""


@pytest.fixture(scope="module")
def two_cities() -> Instance:
    """Two cities of two counties each, a recipient (and its helper) in each county."""
    helpers = [
        {"id": f"h{n}", "name": f"Helper {n}", "place": place, "stages": ["primary"]}
        for n, place in enumerate(LISTED)
    ]
    recipients = [
        {"id": f"r{n}", "name": f"Recipient {n}", "place": place, "stages": ["primary"]}
        for n, place in enumerate(LISTED)
    ]
    coverage = [{"kind": "coverage", "clause": "S5", "mode": "exactly_one"}]
    return build(instance_dict(helpers, recipients, coverage))


def _rows(instance: Instance, statuses: list[str]) -> list[TrackedActivity]:
    """One duty per recipient, from 5 to 9 September 2016, with the given statuses."""
    return [
        TrackedActivity(f"a{n}", f"h{n}", r, "H1", date(2016, 9, 5), date(2016, 9, 9), status)
        for n, (r, status) in enumerate(zip(instance.recipients, statuses, strict=False))
    ]


def test_each_county_sits_under_its_own_city(two_cities: Instance) -> None:
    """Program, then each city followed by its own counties, in the list's order (every
    county sat under the last city: all cities came first, then all counties)."""
    found = progress(two_cities, _rows(two_cities, ["open"] * len(LISTED)), date(2017, 3, 1))
    out = StringIO()
    with use_language("en"):
        render_progress(PlainConsole(file=out, width=80), found)
    names = ["City 1", "County 1.0", "County 1.1", "City 0", "County 0.1", "County 0.0"]
    shown = [" " * 2 + name if name.startswith("City") else " " * 4 + name for name in names]
    lines = out.getvalue().splitlines()
    at = [next(n for n, line in enumerate(lines) if f"│ {name} " in line) for name in shown]
    assert at == list(range(at[0], at[0] + len(names)))
    assert list(found.table["name"])[1:] == names
    assert list(found.table["duties"])[1:] == [3, 2, 1, 2, 1, 1]
