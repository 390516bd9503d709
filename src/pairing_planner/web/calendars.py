"""A finished plan's activity calendar, a job like a solve (submit, poll, stop): made in a
worker process as ``plan calendar`` makes it (:mod:`pairing_planner.web.calendar_making`), at
most one job per core with the solves, and downloaded where every other file of a solve is,
``GET /api/solves/{id}/files/calendar-K.xlsx|zip``.

The first download of a calendar not made yet starts its job and answers 202 with the job and
where to poll it (``Location``); ``GET …/calendars/K`` says how it goes, ``DELETE`` stops it
(nothing is kept: the next download schedules it again), ``POST`` starts it again after a
failure. Before, the first download scheduled it inside the request for up to 30 s, under a
lock every other calendar download waited on (issue 32)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from pairing_planner.duties import CALENDAR_SECONDS
from pairing_planner.errors import Problem
from pairing_planner.i18n import Language, _, current_language
from pairing_planner.web.calendar_making import calendar_folder, made, zip_of
from pairing_planner.web.error_schema import error_responses
from pairing_planner.web.jobs import DONE, FAILED, Job
from pairing_planner.web.language import speaking
from pairing_planner.web.models import CalendarOut
from pairing_planner.web.problems import ApiProblem, not_found
from pairing_planner.web.server import Server, language, server
from pairing_planner.web.shown import finished, known_plan, result_folder
from pairing_planner.web.worker import CalendarTask

router = APIRouter(prefix="/api", tags=["calendars"], responses=error_responses(404, 409, 503))

CALENDAR_NAME = re.compile(r"calendar-([1-9][0-9]{0,2})\.(xlsx|zip)")
"""A calendar's download: plan K's sheet, or its schools' .ics files zipped."""
POLL_SECONDS = 1
"""How long a client waits before asking again how a calendar goes (``Retry-After``)."""


@router.post(
    "/solves/{solve_id}/calendars/{k}",
    status_code=202,
    responses={200: {"model": CalendarOut, "description": "Made already: nothing started."}},
)
def submit(
    solve_id: str,
    k: int,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
    response: Response,
) -> CalendarOut:
    """Make plan ``k``'s activity calendar as ``plan calendar`` does, in a worker process:
    202 with the job queued or running already, or a new one (also after a failure); 200 and
    ``done`` when it is made, nothing started (it answered 202, as if a job had begun)."""
    with speaking(lang):
        if made(_folder(at, solve_id, k, lang)):
            response.status_code = 200
            return _shown(at, solve_id, k, _held(at, solve_id, k, lang), lang)
        return _shown(at, solve_id, k, _job(at, solve_id, k, lang, again=True), lang)


@router.get("/solves/{solve_id}/calendars/{k}")
def poll(
    solve_id: str,
    k: int,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> CalendarOut:
    """How the making of plan ``k``'s calendar goes; ``done`` with its ``files`` once made
    (also when made by an earlier run of the server)."""
    with speaking(lang):
        return _shown(at, solve_id, k, _held(at, solve_id, k, lang), lang)


@router.delete("/solves/{solve_id}/calendars/{k}")
def stop(
    solve_id: str,
    k: int,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> CalendarOut:
    """Stop making plan ``k``'s calendar: a queued job is cancelled, a running one's search
    stopped, and nothing is kept (a calendar cut short would be served as the plan's)."""
    with speaking(lang):
        job = _held(at, solve_id, k, lang)
        if job is not None:
            at.jobs.stop(job)
        return _shown(at, solve_id, k, job, lang)


def calendar_download(at: Server, job: Job, name: str) -> Path | JSONResponse | None:
    """The calendar file ``name`` of solve ``job``: its path once made; else its job started
    (or the one queued or running) and 202 with where to poll; a failure's problems with its
    status. None when ``name`` names no calendar file."""
    asked = CALENDAR_NAME.fullmatch(name)
    if asked is None:
        return None
    rank = int(asked.group(1))
    lang = current_language()
    folder = calendar_folder(Path(result_folder(job)), rank, lang)
    if made(folder):
        return folder / "calendar.xlsx" if asked.group(2) == "xlsx" else zip_of(folder)
    making = _job(at, job.id, rank, lang, again=False)
    if making.state == FAILED:
        problems = [Problem(str(p["message"])) for p in making.problems]
        raise ApiProblem(making.failure or 500, "calendar-failed", _("No calendar."), problems)
    headers = {"Location": _where(job.id, rank), "Retry-After": str(POLL_SECONDS)}
    shown = _shown(at, job.id, rank, making, lang)
    return JSONResponse(shown.model_dump(), status_code=202, headers=headers)


def _where(solve_id: str, rank: int) -> str:
    return f"/api/solves/{solve_id}/calendars/{rank}"


def _folder(at: Server, solve_id: str, rank: int, lang: Language) -> Path:
    """Where plan ``rank``'s calendar of a finished solve is kept in ``lang`` (409 before it
    is; 404 for a plan the result lacks)."""
    job = finished(at, solve_id)
    known_plan(job, rank)
    return calendar_folder(Path(result_folder(job)), rank, lang)


def _job(at: Server, solve_id: str, rank: int, lang: Language, *, again: bool) -> Job:
    """The job making plan ``rank``'s calendar (:meth:`JobManager.calendar`), of a plan the
    result has (404 naming the plans there are, as every route taking a plan's number)."""
    folder = _folder(at, solve_id, rank, lang)
    result = Path(result_folder(finished(at, solve_id)))
    task = CalendarTask("", str(result), rank, str(folder), lang, CALENDAR_SECONDS)
    return at.jobs.calendar(task, again=again)


def _held(at: Server, solve_id: str, rank: int, lang: Language) -> Job | None:
    """The latest job making plan ``rank``'s calendar in ``lang``, None when there is none."""
    return at.jobs.calendar_job(str(_folder(at, solve_id, rank, lang)))


def _shown(at: Server, solve_id: str, rank: int, job: Job | None, lang: Language) -> CalendarOut:
    """The calendar's making as the API shows it: ``done`` with its files once made, whatever
    made it; 404 when no job was asked for and none is made. The job is read (as one moment
    holds it) before the folder: its files are written before it is done, so a poll as it
    ended saw no files, then the job done, and said ``done`` with no files (issue 32)."""
    job = None if job is None else at.jobs.seen(job)
    folder = _folder(at, solve_id, rank, lang)
    files = [f"calendar-{rank}.xlsx", f"calendar-{rank}.zip"]
    if made(folder):
        return CalendarOut(
            id=job.id if job else "", solve=solve_id, plan=rank, state=DONE, files=files
        )
    if job is None:
        message = _("plan {rank}'s calendar is not made; download it to make it, or POST {where}")
        raise not_found(message.format(rank=rank, where=_where(solve_id, rank)))
    return CalendarOut(
        id=job.id,
        solve=solve_id,
        plan=rank,
        state=job.state,
        queue_position=at.jobs.position(job),
        problems=job.problems,
    )
