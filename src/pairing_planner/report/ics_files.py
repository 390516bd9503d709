"""One iCalendar file (RFC 5545) per school of a calendar, for the schools' own calendars
(Outlook, WPS, a phone): named by the school, every activity it takes part in as an all-day
event.

The same calendar gives the same files, byte for byte: each event's UID is made from the
instance, the school year and the activity alone, so importing the files again updates the
events rather than doubling them, and DTSTAMP (which RFC 5545 requires of every event) is a
fixed stamp of the school year, not the clock.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import icalendar

from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.io.atomic import write_atomic
from pairing_planner.io.file_names import distinct_file_names, file_name
from pairing_planner.io.replaced_folders import inside
from pairing_planner.report.activity_ids import activity_ids
from pairing_planner.result.calendar import Activity, CalendarResult, Placement

UID_DOMAIN = "pairing-planner"
"""The right-hand side of every UID (RFC 5545 3.8.4.7 suggests a domain to keep it unique)."""


def write_ics(instance: Instance, result: CalendarResult, folder: Path) -> list[Path]:
    """``<school name>.ics`` in ``folder`` (made, if need be) for every school of the
    calendar; the files written."""
    folder.mkdir(exist_ok=True)
    schools = by_school(result)
    ids = activity_ids(instance, result)
    written = []
    for (school, placements), name in zip(
        schools.items(), ics_names(instance, list(schools)), strict=True
    ):
        target = inside(folder, name)
        write_atomic(target, school_ics(instance, result, school, placements, ids))
        written.append(target)
    return written


def ics_names(instance: Instance, schools: list[str]) -> list[str]:
    """The file name of each school's calendar: its name, made a valid file name; two schools
    of one name (in different counties) each get their id after it, and whatever is still
    alike (by case) a number."""
    names = [file_name(instance.school_name(s)) or file_name(s) or "school" for s in schools]
    shared = Counter(n.casefold() for n in names)
    names = [
        f"{name} ({file_name(school)})" if shared[name.casefold()] > 1 else name
        for name, school in zip(names, schools, strict=True)
    ]
    return distinct_file_names(names, ".ics")


def school_ics(
    instance: Instance,
    result: CalendarResult,
    school: str,
    placements: list[Placement],
    ids: dict[str, str],
) -> str:
    """One school's activities as an iCalendar file: all-day events (a secondment spans its
    weeks) with the activity's id, the place and who travels in each."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//pairing-planner//calendar//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", instance.school_name(school))
    stamp = icalendar.vDDDTypes(datetime.combine(result.settings.terms[0].start, time(), UTC))
    for p in placements:
        event = icalendar.Event()
        event.add("uid", event_uid(result, p.activity))
        event.add("dtstamp", stamp, encode=False)
        event.add("summary", f"{ids[p.activity.id]} {_(p.activity.duty)}")
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


def event_uid(result: CalendarResult, activity: Activity) -> str:
    """An activity's UID: a digest of the instance, the school year and the activity's pair
    and duty, the same in both schools' files (it is one event) and on every run, distinct
    between instances and years."""
    key = f"{result.instance}\n{result.school_year}\n{activity.id}".encode()
    return f"{hashlib.sha256(key).hexdigest()[:32]}@{UID_DOMAIN}"


def by_school(result: CalendarResult) -> dict[str, list[Placement]]:
    """Each school's placements in date order: the host's and the traveller's."""
    found: dict[str, list[Placement]] = {}
    for p in sorted(result.placements, key=lambda p: (p.start, p.activity.id)):
        for school in dict.fromkeys((p.activity.host, p.activity.traveller)):
            found.setdefault(school, []).append(p)
    return found
