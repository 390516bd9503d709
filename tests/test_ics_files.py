"""The calendar's .ics files (issue 30, part C): named by school, valid and distinct file
names for any name, every event with the properties RFC 5545 requires (DTSTAMP among them) as
the ``icalendar`` library declares them, UIDs stable across runs, and the same inputs giving
the same files byte for byte."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest

from pairing_planner import Instance, SolveOptions, activity_calendar, solve
from pairing_planner.instance.schema.calendar_models import default_calendar
from pairing_planner.io.file_names import FILE_NAME_BYTES, distinct_file_names, file_name
from pairing_planner.report.ics_files import by_school, write_ics
from pairing_planner.result.calendar import CalendarResult, Placement
from pairing_planner.schedule.activities import pair_activities
from tests.conftest import build, instance_dict, random_school


@pytest.fixture(scope="module")
def calendar(heze_as_stated: Instance) -> CalendarResult:
    plan = solve(heze_as_stated, SolveOptions(time_limit=20)).plans[0]
    return activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=20)


def _parsed(path: Path) -> icalendar.Calendar:
    """``path`` read by icalendar, every component holding what RFC 5545 requires of it and
    no property it allows once more than once."""
    found = icalendar.Calendar.from_ical(path.read_bytes())
    for component in found.walk():
        assert not component.errors, (path.name, component.errors)
        for name in component.required:
            assert name in component, (path.name, component.name, name)
        for name in component.singletons:
            own = [key for key, _value in component.property_items(recursive=False)]
            assert own.count(name) <= 1, (path.name, component.name, name)
        assert sum(name in component for name in component.exclusive) <= 1
    return found


def test_one_file_per_school_named_by_the_school(
    heze_as_stated: Instance, calendar: CalendarResult, tmp_path: Path
) -> None:
    """Each school of the calendar has <its name>.ics, its calendar named after it, holding
    exactly the activities it hosts or travels to, each with DTSTAMP, a UID and its activity
    id in the summary."""
    written = write_ics(heze_as_stated, calendar, tmp_path / "ics")
    schools = by_school(calendar)
    assert {p.name for p in written} == {f"{heze_as_stated.school_name(s)}.ics" for s in schools}
    for school, placements in schools.items():
        parsed = _parsed(tmp_path / "ics" / f"{heze_as_stated.school_name(school)}.ics")
        assert parsed["X-WR-CALNAME"] == heze_as_stated.school_name(school)
        events = parsed.walk("VEVENT")
        assert len(events) == len(placements)
        assert sorted(e.start for e in events) == sorted(p.start for p in placements)
        assert all(e.stamp is not None and e.uid.endswith("@pairing-planner") for e in events)
        assert all(str(e["SUMMARY"]).split()[0][:2].isdigit() for e in events)


def test_the_same_inputs_give_the_same_files_and_uids(
    heze_as_stated: Instance, calendar: CalendarResult, tmp_path: Path
) -> None:
    """Written twice, the files are identical byte for byte (DTSTAMP is not the clock); an
    event has one UID in both schools' files, each activity its own; another school year
    gives other UIDs, so a clerk importing two years keeps both."""
    first = write_ics(heze_as_stated, calendar, tmp_path / "a")
    second = write_ics(heze_as_stated, calendar, tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    uids: dict[str, set[tuple[object, str]]] = defaultdict(set)
    for path in first:
        for event in _parsed(path).walk("VEVENT"):
            uids[event.uid].add((event.start, str(event["SUMMARY"])))
    assert len(uids) == len(calendar.placements)
    assert all(len(seen) == 1 for seen in uids.values())
    settings = calendar.settings.model_copy(update={"school_year": 2017})
    next_year = write_ics(heze_as_stated, replace(calendar, settings=settings), tmp_path / "c")
    later = {e.uid for path in next_year for e in _parsed(path).walk("VEVENT")}
    assert later.isdisjoint(uids)


def _placed(instance: Instance, pairs: list[tuple[str, str]]) -> CalendarResult:
    """A calendar of ``pairs`` with every activity on the first Monday of its school year (the
    .ics writer does not care whether the weeks keep the limits)."""
    settings = default_calendar(2016)
    day = settings.terms[0].start
    placements = [
        Placement(activity, day, day, 0) for activity in pair_activities(instance, pairs, settings)
    ]
    return CalendarResult(
        instance.name, 1, settings, "FEASIBLE", placements, None, None, 0.0, parts=1
    )


def test_schools_of_one_name_and_hostile_names_get_distinct_safe_files(tmp_path: Path) -> None:
    """Two schools of one name, or of names alike but for case, each get their id after it;
    a name with a path, a device name and one with dots at its ends each become a file
    inside the folder, one per school."""
    rng = random.Random(7)
    names = ["第一中学", "第一中学", "../../etc/passwd", "CON", " .hidden. ", "Abc"]
    recipients = [random_school(rng, "r", i, 2) | {"name": n} for i, n in enumerate(names)]
    helpers = [random_school(rng, "h", i, 2) | {"capacity": 1} for i in range(len(names))]
    helpers[0]["name"] = "abc"
    instance = build(instance_dict(helpers, recipients, [{"kind": "coverage", "clause": "S2"}]))
    found = _placed(instance, [(f"h{i}", f"r{i}") for i in range(len(names))])
    folder = tmp_path / "ics"
    written = write_ics(instance, found, folder)
    assert len(written) == len(by_school(found)) == 2 * len(names)
    assert all(p.parent == folder and p.exists() for p in written)
    assert len({p.name.casefold() for p in written}) == len(written)
    stems = {p.stem for p in written}
    assert {"第一中学 (r0)", "第一中学 (r1)", "_CON", "hidden", "／..／etc／passwd"} <= stems
    assert {"Abc (r5)", "abc (h0)"} <= stems
    for path in written:
        _parsed(path)


def test_file_names_are_valid_for_any_name() -> None:
    """Refused characters become full-width, control characters go, a long name is cut to
    whole characters within the byte limit, and names alike but for case get numbers."""
    assert file_name('a<b>c:d"e|f?g*h') == "a＜b＞c：d＂e｜f？g＊h"
    assert file_name("x\x00y\x1fz") == "xyz"
    long = file_name("中" * 200)
    assert len(long.encode("utf-8")) <= FILE_NAME_BYTES and set(long) == {"中"}
    assert file_name("lpt1.txt") == "_lpt1.txt" and file_name("...") == ""
    assert distinct_file_names(["a", "A", "a"], ".ics") == ["a.ics", "A (2).ics", "a (3).ics"]
