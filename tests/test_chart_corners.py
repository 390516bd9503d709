"""The charts' last corners (issue 30, part 30B): the calendar in the list's and the notice's
order, its legend naming every duty drawn, chart titles by the instance's title, and the map
naming the recipient schools, all under zh with no system font."""

from __future__ import annotations

import logging
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from rich.console import Console

import pairing_planner as pp
from pairing_planner import Instance
from pairing_planner.duties import DUTIES
from pairing_planner.i18n import _, use_language
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.instance.yaml_files.load import instance_from_data
from pairing_planner.report import calendar_terminal
from pairing_planner.report.calendar_files import calendar_frame
from pairing_planner.report.map_schools import KEYED_SCHOOLS, NAMED_SCHOOLS
from pairing_planner.report.plan_map import map_figure
from pairing_planner.report.plots import (
    calendar_figure,
    chart_places,
    distance_figure,
    front_figure,
    save,
)
from pairing_planner.result.calendar import CalendarResult
from tests import test_cjk_font
from tests.conftest import build, instance_dict
from tests.test_charts_legible import _boxes, assert_legible

no_system_fonts = test_cjk_font.no_system_fonts


@pytest.fixture(scope="module")
def heze_calendar(heze_as_stated: Instance) -> CalendarResult:
    """The 20 schools' calendar for 2016 (60 activities)."""
    plan = pp.solve(heze_as_stated).plans[0]
    return pp.activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=10)


def _generated(recipients: int, counties: int = 2) -> Instance:
    """A small generated urban-rural instance (M1–M3), its schools at their own points."""
    settings = GeneratorSettings(cities=1, counties_per_city=counties, recipients=recipients)
    return instance_from_data(generate_ur(settings))


def test_the_calendar_chart_lists_schools_as_the_list_does(
    heze_as_stated: Instance, heze_calendar: CalendarResult
) -> None:
    """calendar.png's rows: each recipient in the instance's order, followed by its helper
    (they were sorted by id: 'dongying-j1' first)."""
    with use_language("zh"):
        axes = calendar_figure(heze_as_stated, heze_calendar).axes[0]
    rows = [t.get_text() for t in axes.get_yticklabels()]
    helper_of = {p.activity.recipient: p.activity.helper for p in heze_calendar.placements}
    expected = [
        heze_as_stated.school_name(school)
        for recipient in heze_as_stated.recipients
        if recipient in helper_of
        for school in (recipient, helper_of[recipient])
    ]
    assert rows == expected


def test_one_day_s_activities_follow_the_list_and_the_notice(
    heze_as_stated: Instance, heze_calendar: CalendarResult
) -> None:
    """calendar.xlsx's rows by date, and on one day by the recipient's place in the list,
    then H1 before H2 (they followed the scheduler's id: 'qingdao-j2>…' before 'jining-…')."""
    frame = calendar_frame(heze_as_stated, heze_calendar)
    position = heze_as_stated.position
    keys = [
        (start, position[recipient], clause)
        for start, recipient, clause in zip(
            frame["start"], frame["recipient_id"], frame["clause"], strict=True
        )
    ]
    assert keys == sorted(keys)
    assert len(set(frame["start"])) < len(frame)


def test_the_terminal_counts_cities_in_the_instance_s_order(
    heze_as_stated: Instance, heze_calendar: CalendarResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past a screen of activities the terminal counts them per city: the cities in the
    attachment's order (济南市 first), not by character code (东营市 first)."""
    monkeypatch.setattr(calendar_terminal, "LISTED", 10)
    console = Console(width=100, record=True)
    with use_language("zh"):
        calendar_terminal.render_calendar(console, heze_as_stated, heze_calendar, [])
    text = console.export_text()
    cities = [c.name for c in heze_as_stated.cities if c.name in text]
    assert cities[0] == "济南市" and len(cities) == 12
    assert sorted(cities, key=text.index) == cities


def test_per_place_charts_come_in_the_list_s_order(
    heze_as_stated: Instance, heze_calendar: CalendarResult
) -> None:
    """--charts-by county draws Heze's counties in the attachment's order."""
    counties = chart_places(heze_as_stated, heze_calendar, "county")
    order = [p.id for p in heze_as_stated.data.places]
    assert counties == sorted(counties, key=order.index) and counties != sorted(counties)


def _legend(figure: Figure) -> list[str]:
    legend = figure.axes[0].get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


@pytest.mark.slow
def test_the_calendar_legend_names_every_duty_drawn_in_words(
    heze_as_stated: Instance, heze_calendar: CalendarResult
) -> None:
    """Heze's legend said only H1 and H2: now each of the three duties drawn, its clause and
    its words in Chinese under zh; an urban-rural calendar names its four (M1, M2 each way,
    M3)."""
    generated = _generated(3, counties=1)
    plan = pp.solve(generated).plans[0]
    urban = pp.activity_calendar(generated, plan, school_year=2016, time_limit=5)
    with use_language("zh"):
        for instance, calendar in ((heze_as_stated, heze_calendar), (generated, urban)):
            labels = _legend(calendar_figure(instance, calendar))
            duties = DUTIES[instance.data.program]
            assert labels == [f"{d.clause} {_(d.duty)}" for d in duties]
            assert all(
                label.split(" ", 1)[1] != duty.duty
                for label, duty in zip(labels, duties, strict=True)
            )


def test_chart_titles_name_the_instance_by_its_title(
    heze_as_stated: Instance, heze_calendar: CalendarResult
) -> None:
    """The map, distances, trade-off and calendar are headed by the title the planner knows
    (支持菏泽教育发展结对帮扶 — …), not the id 'heze-as-stated'; by the id when the title is
    empty."""
    result = pp.solve(heze_as_stated)
    front = replace(result, front=["distance", "score_gap"])
    title = heze_as_stated.data.title
    with use_language("zh"):
        titles = [
            map_figure(heze_as_stated, result.plans[0]).get_suptitle(),
            distance_figure(heze_as_stated, result).axes[0].get_title(),
            front_figure(heze_as_stated, front).axes[0].get_title(),
            calendar_figure(heze_as_stated, heze_calendar).axes[0].get_title(),
        ]
    assert all(title in t and "heze-as-stated" not in t for t in titles)
    untitled = replace(heze_as_stated, data=heze_as_stated.data.model_copy(update={"title": ""}))
    assert "heze-as-stated" in distance_figure(untitled, result).axes[0].get_title()


def _school_labels(figure: Figure) -> list[str]:
    """The texts of the map's recipients' panel (the last)."""
    return [t.get_text() for t in figure.axes[-1].texts]


@pytest.mark.slow
def test_the_heze_map_names_each_recipient_school_under_its_county(
    no_system_fonts: None, heze: Instance, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Each of the 21 schools is named in the enlarged panel, under its county's name and
    without it (曹县： over 第一中学), no two texts overlapping and none outside the figure,
    and drawn under zh with no system font and no glyph missing."""
    plan = pp.solve(heze).plans[0]
    with use_language("zh"):
        figure = map_figure(heze, plan)
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, "matplotlib"):
        warnings.simplefilter("error")
        save(figure, tmp_path / "map.png", dpi=60)
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    blocks = {text.split("\n")[0]: text.split("\n")[1:] for text in _school_labels(figure)}
    for recipient in heze.recipients.values():
        county = heze.county_of(recipient)
        assert county is not None
        names = blocks[county.name + "："]
        short = recipient.name.removeprefix(county.name)
        assert short in names and len(short) < len(recipient.name)
    assert_legible(figure, _boxes(figure))


def test_a_name_is_shortened_only_under_its_county() -> None:
    """A school at its county's seat drops the county it begins with under the county's
    heading; one that does not begin with it, or stands at its own point, keeps its whole
    name."""
    data = instance_dict(
        [_school(f"h{n}", f"City 0 helper {n}", "c0k0", own=True) for n in range(3)],
        [
            _school("r0", "County 0.0第一中学", "c0k0", own=False),
            _school("r1", "实验中学", "c0k0", own=False),
            _school("r2", "County 0.1第二中学", "c0k1", own=True),
        ],
        [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S1"}],
        cities=1,
    )
    instance = build(data)
    plan = pp.solve(instance).plans[0]
    with use_language("zh"):
        labels = _school_labels(map_figure(instance, plan))
    assert "County 0.0：\n第一中学\n实验中学" in labels
    assert "County 0.1第二中学" in labels


def _school(school_id: str, name: str, place: str, *, own: bool) -> dict[str, object]:
    point = {"lat": 36.2, "lon": 116.3} if own else {}
    school = {"id": school_id, "name": name, "place": place, "stages": ["junior"], "score": 60}
    return school | point


@pytest.mark.slow
def test_many_schools_are_numbered_and_listed_beside_the_map(no_system_fonts: None) -> None:
    """Above NAMED_SCHOOLS the schools are numbered as the list numbers them and listed
    beside the map in that order, legibly; above KEYED_SCHOOLS the map names places only."""
    instance = _generated(NAMED_SCHOOLS + 10)
    with use_language("zh"):
        figure = map_figure(instance, pp.solve(instance).plans[0])
    labels = _school_labels(figure)
    numbers = {n for text in labels for n in text.split("：")[-1].split("、") if n.isdigit()}
    assert numbers == {str(n) for n in range(1, NAMED_SCHOOLS + 11)}
    key = "\n".join(t.get_text() for t in figure.texts)
    names = [f"{n}  {r.name}" for n, r in enumerate(instance.recipients.values(), start=1)]
    assert [key.index(name) for name in names] == sorted(key.index(name) for name in names)
    assert_legible(figure, _boxes(figure))
    crowd = _generated(KEYED_SCHOOLS + 5)
    with use_language("zh"):
        figure = map_figure(crowd, pp.solve(crowd).plans[0])
    places = {p.name for p in crowd.data.places}
    assert set(_school_labels(figure)) <= places
