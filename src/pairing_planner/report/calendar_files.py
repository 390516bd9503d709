"""A calendar handed on: the ledger sheet (one row per activity, R2's 台账 with planned and done
columns), one iCalendar file per school for the schools' own calendars, and JSON for other
systems. Every file is written atomically; nothing existing is replaced unless asked."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import icalendar
import pandas as pd

from pairing_planner.i18n import _
from pairing_planner.instance.instance import Instance
from pairing_planner.io.atomic import replacing, writable_folder, write_atomic
from pairing_planner.report.files import refuse_existing
from pairing_planner.report.ledger import write_ledger
from pairing_planner.result.calendar import CalendarResult, Placement

CALENDAR_SHEET = "calendar 活动安排"
"""The sheet's name; ``plan progress`` reads it back."""


def calendar_frame(instance: Instance, result: CalendarResult) -> pd.DataFrame:
    """One row per activity in date order: the pair, its duty and clause, the dates, the place,
    who travels, and empty done and note columns for the bureau (R2)."""
    rows = [
        {
            "activity_id": p.activity.id,
            "recipient_id": p.activity.recipient,
            "recipient": instance.school_name(p.activity.recipient),
            "helper_id": p.activity.helper,
            "helper": instance.school_name(p.activity.helper),
            "school_year": f"{result.school_year}–{result.school_year + 1}",
            "term": p.term + 1,
            "clause": p.activity.clause,
            "duty": _(p.activity.duty),
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "place": instance.school_name(p.activity.host),
            "travels": instance.school_name(p.activity.traveller),
            "people": p.activity.people,
            "distance_km": p.activity.km,
            "done": "",
            "note": "",
        }
        for p in sorted(result.placements, key=lambda p: (p.start, p.activity.id))
    ]
    return pd.DataFrame(rows)


ICS_SCHOOLS = 1000
"""Up to this many schools, a calendar's .ics files are written unless declined: the iCalendar
library takes about 4 ms a school, a minute for a province's 15,000."""


SECONDS_PER_PAIR = 1.1e-3
"""What checking, writing and showing a calendar take per pair (without .ics files), with room
for a loaded machine: on the Shandong preset (10,000 pairs) on a quiet 2-core machine, the
independent check 1.0 s, the sheet and JSON 6.2 s, the report 0.1 s, taken one and a half
times."""
CHART_SECONDS = 1.5
"""Drawing and saving the chart (0.95 s for the province, quiet)."""
ICS_SECONDS_PER_SCHOOL = 6e-3
"""One school's .ics file through the iCalendar library (4 ms quiet)."""


def writing_seconds(pairs: int, schools: int, ics: bool | None) -> float:
    """How long what follows the scheduling may take: a command whose time limit covers it
    leaves the scheduling that much less."""
    files = schools <= ICS_SCHOOLS if ics is None else ics
    return SECONDS_PER_PAIR * pairs + CHART_SECONDS + files * ICS_SECONDS_PER_SCHOOL * schools


def write_calendar(
    instance: Instance,
    result: CalendarResult,
    folder: Path,
    *,
    force: bool = False,
    ics: bool | None = None,
) -> list[Path]:
    """``calendar.xlsx``, ``calendar.json`` and, when ``ics`` (by default: up to
    ``ICS_SCHOOLS`` schools), ``ics/<school id>.ics`` in ``folder``; refuses to replace
    earlier files unless ``force``. Returns the files written."""
    refuse_calendar_files(folder, force=force)
    sheet, data = folder / "calendar.xlsx", folder / "calendar.json"
    folder.mkdir(parents=True, exist_ok=True)
    with replacing(sheet) as path:
        write_ledger(path, {CALENDAR_SHEET: calendar_frame(instance, result)})
    write_atomic(data, result.to_json())
    written = [sheet, data]
    schools = _by_school(result)
    if not (len(schools) <= ICS_SCHOOLS if ics is None else ics):
        return written
    (folder / "ics").mkdir(exist_ok=True)
    for school, placements in schools.items():
        target = folder / "ics" / f"{school}.ics"
        write_atomic(target, school_ics(instance, school, placements))
        written.append(target)
    return written


def refuse_calendar_files(folder: Path, *, force: bool) -> None:
    """Refuse (before any scheduling) to replace an earlier calendar unless ``force``, or to
    schedule at all when nothing can be written in ``folder``."""
    for name in ("calendar.xlsx", "calendar.json"):
        refuse_existing(folder / name, force=force)
    writable_folder(folder)


def school_ics(instance: Instance, school: str, placements: list[Placement]) -> str:
    """One school's activities as an iCalendar file: all-day events (a secondment spans its
    weeks), the place and who travels in each."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//pairing-planner//calendar//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", instance.school_name(school))
    for p in placements:
        event = icalendar.Event()
        event.add("uid", f"{p.activity.id}/{school}@pairing-planner")
        event.add("summary", f"{p.activity.clause} {_(p.activity.duty)}")
        event.add("dtstart", p.start)
        event.add("dtend", p.end + timedelta(days=1))
        event.add("location", instance.school_name(p.activity.host))
        event.add(
            "description",
            _("{helper} and {recipient}; {people} from {traveller} travel ({km} km)").format(
                helper=instance.school_name(p.activity.helper),
                recipient=instance.school_name(p.activity.recipient),
                people=p.activity.people,
                traveller=instance.school_name(p.activity.traveller),
                km=p.activity.km,
            ),
        )
        calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


def _by_school(result: CalendarResult) -> dict[str, list[Placement]]:
    found: dict[str, list[Placement]] = {}
    for p in sorted(result.placements, key=lambda p: (p.start, p.activity.id)):
        for school in dict.fromkeys((p.activity.host, p.activity.traveller)):
            found.setdefault(school, []).append(p)
    return found
