"""A calendar handed on: the ledger sheet (one row per activity, R2's 台账 with planned and done
columns), one iCalendar file per school for the schools' own calendars, and JSON for other
systems. A calendar's files are replaced together, the folder holding them whole
(:mod:`pairing_planner.io.replaced_folders`): an earlier calendar only when asked, a file the
tool did not write never."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import pandas as pd

from pairing_planner.duties import TERMS
from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.io.atomic import replacing, write_atomic
from pairing_planner.io.replaced_folders import Part, check_folder, replacing_folder, unit_of
from pairing_planner.io.sheet_names import CALENDAR
from pairing_planner.report.activity_ids import activity_ids, list_order
from pairing_planner.report.ics_files import by_school, write_ics
from pairing_planner.report.ledger import write_ledger
from pairing_planner.result.calendar import CalendarResult

CALENDAR_FILES = ("calendar.xlsx", "calendar.json", "calendar.png", "ics/*", "charts/*")
"""What a calendar is, in its folder: the files ``plan calendar`` replaces together (and
nothing else there, even when its folder is a solve's result folder)."""


def calendar_frame(instance: Instance, result: CalendarResult) -> pd.DataFrame:
    """One row per activity in date order (on one day, in the list's and the notice's order:
    :func:`list_order`): its id as a clerk reads it, the pair, its duty and clause, the term
    by name (第一学期), the dates (date cells), the place, who travels, and empty done and
    note columns for the bureau (R2)."""
    ids = activity_ids(instance, result)
    rank = list_order(instance, result)
    rows = [
        {
            "activity_id": ids[p.activity.id],
            "recipient_id": p.activity.recipient,
            "recipient": instance.school_name(p.activity.recipient),
            "helper_id": p.activity.helper,
            "helper": instance.school_name(p.activity.helper),
            "school_year": f"{result.school_year}–{result.school_year + 1}",
            "term": _term(result, p.term),
            "clause": p.activity.clause,
            "duty": _(p.activity.duty),
            "start": p.start,
            "end": p.end,
            "place": instance.school_name(p.activity.host),
            "travels": instance.school_name(p.activity.traveller),
            "people": p.activity.people,
            "distance_km": p.activity.km,
            "done": "",
            "note": "",
        }
        for p in sorted(result.placements, key=lambda p: (p.start, rank[p.activity.id]))
    ]
    return pd.DataFrame(rows)


def _term(result: CalendarResult, index: int) -> str:
    """A term by name in the language asked (第一学期, first term), not its number; a third or
    fourth term by the name the school calendar gives it."""
    return _(TERMS[index]) if index < len(TERMS) else result.settings.terms[index].name


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
ICS_SECONDS_PER_SCHOOL = 7e-3
"""One school's .ics file through the iCalendar library (4 ms quiet; each event's DTSTAMP
and readable id added a fifth: 1.30 to 1.56 ms of CPU a school, fastest of ten interleaved
rounds on the Shandong preset), taken one and a half times."""


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
    result_folder: Path | None = None,
) -> list[Path]:
    """``calendar.xlsx``, ``calendar.json`` and, when ``ics`` (by default: up to
    ``ICS_SCHOOLS`` schools), ``ics/<school name>.ics`` in ``folder``, replacing an earlier
    calendar there whole, and only with ``force``. ``result_folder``: the folder of the
    result the calendar is of, replaced whole when ``folder`` lies in it (see
    :func:`replacing_calendar`). Returns the files written."""
    with replacing_calendar(folder, result_folder, force=force) as new:
        written = calendar_files(instance, result, new, ics=ics)
    return [folder / path.relative_to(new) for path in written]


def replacing_calendar(
    folder: Path, result: Path | None, *, force: bool
) -> AbstractContextManager[Path]:
    """The folder to write a calendar's files into; when the block ends they replace the
    calendar in ``folder`` (:data:`CALENDAR_FILES`), the folder holding it replaced whole:
    the folder of the result the calendar is of, ``result``, when ``folder`` lies in it and
    the tool wrote it (its other files stay), else ``folder`` itself."""
    unit, path = unit_of(folder, result)
    return replacing_folder(
        unit, part=Part(path, CALENDAR_FILES), force=force, held=_held(folder, now=True)
    )


def calendar_files(
    instance: Instance, result: CalendarResult, folder: Path, *, ics: bool | None = None
) -> list[Path]:
    """Write a calendar's sheet, JSON and (see :func:`write_calendar`) .ics files into
    ``folder``, a folder of a calendar being replaced; the files written."""
    sheet, data = folder / "calendar.xlsx", folder / "calendar.json"
    with replacing(sheet) as path:
        write_ledger(path, {CALENDAR: calendar_frame(instance, result)})
    write_atomic(data, result.to_json())
    written = [sheet, data]
    if not (len(by_school(result)) <= ICS_SCHOOLS if ics is None else ics):
        return written
    return written + write_ics(instance, result, folder / "ics")


def refuse_calendar_files(folder: Path, result: Path, *, force: bool) -> None:
    """Refuse (before any scheduling) to replace an earlier calendar unless ``force``, a
    ``calendar.xlsx`` or ``calendar.json`` of the planner's, or to schedule at all when
    nothing can be written in ``folder`` (in the folder of the result, ``result``, or on its
    own: :func:`replacing_calendar`)."""
    unit, path = unit_of(folder, result)
    names = ("calendar.xlsx", "calendar.json")
    check_folder(
        unit, part=Part(path, CALENDAR_FILES), force=force, held=_held(folder), names=names
    )


def _held(folder: Path, *, now: bool = False) -> str:
    """Why an earlier calendar stays: before scheduling, or (``now``) when the files were to
    be written and one had been written meanwhile."""
    if now:
        message = _(
            "{folder} already holds a calendar, so this one was not written; pass --force to "
            "replace it, or --out to write elsewhere"
        )
    else:
        message = _(
            "{folder} already holds a calendar; pass --force to replace it, or --out to "
            "write elsewhere"
        )
    return message.format(folder=folder)
