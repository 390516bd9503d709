"""A finished plan's activity calendar, made on demand as ``plan calendar`` makes it: the
台账 sheet (``calendar-K.xlsx``) and every school's .ics (``calendar-K.zip``), scheduled on the
first request into ``DATA/solves/ID/exports/calendar-K/`` and served from there, by
``GET /api/solves/{id}/files/{name}`` and the page's ``…/calendars/{name}``.

The folder is written whole or not at all, as ``plan calendar`` writes one
(:func:`~pairing_planner.report.calendar_files.write_calendar`), and the zip through a
temporary renamed into place (:mod:`pairing_planner.io.atomic`): a failure part-way left a
folder whose ``calendar.xlsx`` marked it made, its .ics files missing, served ever after, and
two requests could write one zip at once (issue 32). The scheduling keeps ``plan calendar``'s
default time limit."""

from __future__ import annotations

import re
import threading
import zipfile
from pathlib import Path

from pairing_planner.i18n import _
from pairing_planner.io.atomic import replacing
from pairing_planner.web.problems import conflict

CALENDAR_NAME = re.compile(r"calendar-([1-9][0-9]{0,2})\.(xlsx|zip)")
"""A calendar's download: plan K's sheet, or its schools' .ics files zipped."""
CALENDAR_SECONDS = 30.0
"""``plan calendar``'s default time limit."""
_making = threading.Lock()
"""One calendar made at a time: two tabs asking for the same plan's get it made once."""


def calendar_folder(result: Path, rank: int) -> Path:
    """The folder of plan ``rank``'s calendar (M1–M3, H1–H2 placed in teaching weeks), made
    when missing; a plan no calendar can hold is refused (409)."""
    folder = result.parent / "exports" / f"calendar-{rank}"
    with _making:
        if not folder.is_dir():
            _schedule(result, rank, folder)
    return folder


def _schedule(result: Path, rank: int, folder: Path) -> None:
    """Schedule plan ``rank``'s duties as ``plan calendar`` does and write its files."""
    from pairing_planner.api import activity_calendar, instance_of, plan_of
    from pairing_planner.report.calendar_files import write_calendar
    from pairing_planner.report.result_folder import load_result

    loaded = load_result(result)
    problem = instance_of(loaded)
    found = activity_calendar(problem, plan_of(loaded, rank), time_limit=CALENDAR_SECONDS)
    if not found.placements:
        raise conflict(_("no calendar can hold this plan's duties; run plan calendar to see why"))
    write_calendar(problem, found, folder, ics=True, force=True)


def zipped(folder: Path, target: Path) -> Path:
    """The files of ``folder`` in one zip at ``target``, put in place whole."""
    with replacing(target) as path, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for ics in sorted(folder.glob("*.ics")):
            bundle.write(ics, ics.name)
    return target


def calendar_download(result: Path, name: str) -> Path | None:
    """The calendar file ``name`` (``calendar-K.xlsx`` or ``calendar-K.zip``) of the result
    in ``result``, made when missing; None when ``name`` names no calendar file."""
    made = CALENDAR_NAME.fullmatch(name)
    if made is None:
        return None
    folder = calendar_folder(result, int(made.group(1)))
    if made.group(2) == "xlsx":
        return folder / "calendar.xlsx"
    return zipped(folder / "ics", folder.parent / name)
