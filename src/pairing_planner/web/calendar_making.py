"""A finished plan's activity calendar made as ``plan calendar`` makes it, in a worker process
(:mod:`pairing_planner.web.worker`): the sheet 活动安排 (the bureau's 台账 of the duties, R2)
and every school's .ics written into ``DATA/solves/ID/exports/calendar-K/LANG/``, and the .ics
zipped beside it as ``calendar-K/LANG.zip``.

A calendar's schedule is language-free, its files are not: the plan is scheduled once, and a
language asked for later has its files written from the calendar.json another language's folder
keeps (same plan, same calendar). Before, the files of the first language asked were served in
every language (issue 32).

The folder is written whole or not at all, as ``plan calendar`` writes one
(:func:`~pairing_planner.report.calendar_files.write_calendar`), and the zip through a
temporary renamed into place (:mod:`pairing_planner.io.atomic`), after the folder: a calendar
is made once both are there (:func:`made`), so a failure part-way leaves nothing served and the
next download schedules it again (issue 32)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pairing_planner.i18n import N_, Language
from pairing_planner.io.atomic import replacing

NO_CALENDAR = N_("no calendar can hold this plan's duties; run plan calendar to see why")
NOT_IN_TIME = N_(
    "no calendar was found for this plan in the {seconds:g} s given; download it again to try "
    "again, or run plan calendar with a longer --time-limit"
)


class NoCalendar(Exception):
    """No calendar can hold the plan's duties, proven (the status INFEASIBLE: the counts, or
    the search, prove it): a conflict with the plan, said as :data:`NO_CALENDAR` and in the
    rules' words (``reasons``)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(*reasons)
        self.reasons = reasons


class NotInTime(Exception):
    """No calendar was found within the time given, none proven impossible (the status
    UNKNOWN): said as :data:`NOT_IN_TIME`, never as :class:`NoCalendar` (issue 32)."""


def calendar_folder(result: Path, rank: int, language: Language) -> Path:
    """Where plan ``rank``'s calendar of the result in ``result`` is kept in ``language``."""
    return result.parent / "exports" / f"calendar-{rank}" / language


def zip_of(folder: Path) -> Path:
    """The zip of a calendar folder's .ics files, beside it (``calendar-K.zip``)."""
    return folder.parent / f"{folder.name}.zip"


def made(folder: Path) -> bool:
    """Whether the calendar of ``folder`` is made: its sheet and, written last, its zip."""
    return (folder / "calendar.xlsx").is_file() and zip_of(folder).is_file()


def make_calendar(result: Path, rank: int, folder: Path, seconds: float) -> bool:
    """Schedule plan ``rank``'s duties (M1–M3, H1–H2 in teaching weeks) as ``plan calendar``
    does within ``seconds`` and write its files in the current language; the calendar another
    language's folder keeps is written again, not scheduled anew. False, writing nothing, when a
    stop ended the search (a calendar cut short would be served ever after as the plan's);
    :class:`NoCalendar` when no calendar can hold the plan, :class:`NotInTime` when none was
    found in time."""
    from pairing_planner.api import activity_calendar, instance_of, load_calendar, plan_of
    from pairing_planner.report.calendar_files import write_calendar
    from pairing_planner.report.result_folder import load_result

    loaded = load_result(result)
    problem = instance_of(loaded)
    scheduled = _scheduled(folder)
    if scheduled is not None:
        found = load_calendar(scheduled)
    else:
        found = activity_calendar(problem, plan_of(loaded, rank), time_limit=seconds)
    if found.interrupted:
        return False
    if not found.placements and found.status == "INFEASIBLE":
        raise NoCalendar(found.problems)
    if not found.placements:
        raise NotInTime
    write_calendar(problem, found, folder, ics=True, force=True)
    with replacing(zip_of(folder)) as path, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for ics in sorted((folder / "ics").glob("*.ics")):
            z.write(ics, ics.name)
    return True


def _scheduled(folder: Path) -> Path | None:
    """The calendar.json of this plan's calendar made in another language, if any."""
    others = sorted(folder.parent.iterdir()) if folder.parent.is_dir() else []
    made_in = [f for f in others if f != folder and made(f)]
    return made_in[0] / "calendar.json" if made_in else None
