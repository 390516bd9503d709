"""A school-calendar sheet's unknown city is answered with a city of the instance at hand as
the example of how to write one, not the shipped Heze file's 菏泽市 (heze)."""

from __future__ import annotations

from pairing_planner import load_instance
from pairing_planner.i18n import use_language
from pairing_planner.instance.bureau_files.calendar_names import CalendarNames
from tests.conftest import INSTANCES


def test_the_example_city_is_one_of_this_instance() -> None:
    data = load_instance(INSTANCES / "ur-sample-city.yaml").data
    first = next(p for p in data.places if p.kind == "city")
    with use_language("zh"):
        said = CalendarNames.of(data).not_there("city", "某市")
    assert first.name in said and f"（{first.id}）" in said
    assert "菏泽" not in said and "heze" not in said
