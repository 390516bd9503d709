"""``/api/solves``: a solve as a job (submit, poll, watch, stop), its plans and the files the
commands write, and ``POST /api/verify``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import Language, _, current_language
from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.plan import Relaxation
from pairing_planner.web.downloads import PLAN_FORMATS, downloads, solve_file, written_files
from pairing_planner.web.error_schema import error_responses
from pairing_planner.web.fronts import front_asked
from pairing_planner.web.jobs import FINISHED, Job
from pairing_planner.web.language import speaking
from pairing_planner.web.models import (
    CalendarOut,
    ChangesOut,
    SolveIn,
    SolveOut,
    VerifyIn,
    VerifyOut,
)
from pairing_planner.web.problems import bad_request, conflict
from pairing_planner.web.result_words import balanced_point, term_names, worded_result
from pairing_planner.web.server import Server, language, server
from pairing_planner.web.server_paths import baseline_source, without_paths
from pairing_planner.web.shown import finished, job_result, known_plan, plans_file, solve_job
from pairing_planner.web.solve_list import stored_names
from pairing_planner.web.worker import Task

router = APIRouter(prefix="/api", tags=["solves"], responses=error_responses(404, 409, 422))

EVENT_WAIT = 15.0
"""Seconds between keep-alive comments of an events stream with no news."""


@router.post("/solves", status_code=202)
def submit(
    body: SolveIn,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> SolveOut:
    """Queue a solve of a stored instance: ``options`` are ``plan solve``'s, within the caps
    of an instance's ``solve:`` (the request's schema holds them); ``lock``,
    ``forbid`` and ``baseline`` re-plan as ``--lock``, ``--forbid`` and ``--baseline`` do."""
    with speaking(lang):
        stored = at.store.get(body.instance)
        _known_pairs(stored.instance, body)
        options = body.options.model_dump(exclude_none=True)
        replanned = bool(body.lock or body.forbid or body.baseline)
        front = front_asked(stored.instance, options.pop("front", None), replanned=replanned)
        baseline = ""
        if body.baseline is not None:
            baseline = str(plans_file(at, body.baseline.solve))
        task = Task(
            job="",
            instance=str(stored.path),
            options=options,
            out="",
            language=lang,
            lock=tuple(body.lock),
            forbid=tuple(body.forbid),
            baseline=baseline,
            baseline_plan=body.baseline.plan if body.baseline else 1,
            front=front,
        )
        return _shown(at, at.jobs.submit(stored.id, task, names=stored_names(stored)))


@router.get("/solves/{solve_id}")
def poll(
    solve_id: str,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> SolveOut:
    """The solve's state, progress (best, bound, gap), place in the queue, and its result as
    ``plans.json`` holds it once there is one."""
    with speaking(lang):
        return _shown(at, solve_job(at, solve_id))


@router.delete("/solves/{solve_id}")
def stop(
    solve_id: str,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> SolveOut:
    """Stop the solve: a queued one is cancelled; a running one's search stops and its best
    plan so far is written, ``interrupted`` in its ``plans.json``."""
    with speaking(lang):
        job = solve_job(at, solve_id)
        at.jobs.stop(job)
        return _shown(at, job)


@router.get(
    "/solves/{solve_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "A solve event at each change."}
    },
)
async def events(
    solve_id: str,
    request: Request,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> StreamingResponse:
    """Server-sent events: a ``solve`` event (the body of ``GET /api/solves/{id}`` without
    the result) whenever the solve changes, until it is finished, the page has gone, or the
    server is ending (its connections must close for it to end)."""
    with speaking(lang):
        job = solve_job(at, solve_id)

    async def stream() -> AsyncIterator[str]:
        seen = -1
        while True:
            if job.changes == seen:
                yield ": waiting\n\n"
            else:
                event, shown = await run_in_threadpool(_event, at, job, lang)
                seen = shown.changes
                yield event
                if shown.state in FINISHED:
                    return
            if at.jobs.ending or await request.is_disconnected():
                return
            await run_in_threadpool(at.jobs.wait, job, seen, EVENT_WAIT)

    return StreamingResponse(stream(), media_type="text/event-stream")


def _event(at: Server, job: Job, lang: Language) -> tuple[str, Job]:
    """The job's ``solve`` event, made in a thread: reading its result (the status, the
    balanced point) must not hold up the server's other requests; with the job as the event
    shows it, so that the stream ends on the event that says it is finished."""
    seen = at.jobs.seen(job)
    with speaking(lang):
        shown = _shown(at, seen, with_result=False)
    return f"event: solve\ndata: {shown.model_dump_json()}\n\n", seen


@router.get(
    "/solves/{solve_id}/plans/{k}",
    response_class=Response,
    responses={200: downloads("json", "csv", "xlsx")},
)
def plan(
    solve_id: str,
    k: int,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
    format: Literal["json", "csv", "xlsx"] = "json",
) -> Response:
    """Plan ``k`` of the result: as ``plan export`` writes ``.json``, ``.csv`` (with the
    byte-order mark Excel needs) or the ``.xlsx`` ledger; 404 naming the plans there are for
    a ``k`` the result lacks."""
    with speaking(lang):
        job = finished(at, solve_id)
        known_plan(job, k)
        return solve_file(at, job, PLAN_FORMATS[format].format(k=k))


@router.get(
    "/solves/{solve_id}/files/{name}",
    response_class=Response,
    responses={
        200: downloads("json", "csv", "xlsx", "docx", "zip"),
        202: {
            "model": CalendarOut,
            "description": "A calendar not made yet: its job, started by this request or "
            "before, and where to poll it (Location).",
        },
    },
)
def file(
    solve_id: str,
    name: str,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> Response:
    """A file of the result: ``plans.json``, ``plan-K.csv`` (as ``plan solve`` wrote them),
    or made on demand as ``plan export`` does: ``ledger-K.xlsx``, ``list-K.xlsx|docx`` (the
    official pairing list), ``report-K.xlsx|docx`` (the R4 report); or as ``plan calendar``
    does: ``calendar-K.xlsx`` (one sheet, 活动安排: the bureau's 台账 of the duties, R2),
    ``calendar-K.zip`` (one .ics per school), scheduled in a worker process: until made, 202
    with the calendar's job and where to poll it (``Location``:
    ``/api/solves/{id}/calendars/K``)."""
    with speaking(lang):
        return solve_file(at, finished(at, solve_id), name)


@router.get("/solves/{solve_id}/changes/{k}")
def changes(
    solve_id: str,
    k: int,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> ChangesOut:
    """The change report of plan ``k`` of a solve re-planned from a baseline (``baseline``
    of ``POST /api/solves``): the counts ``plan solve`` prints, and a row per change (moved,
    new, removed, renamed, load changed) with why, as the ledger's 变动 sheet has them."""
    from pairing_planner.api import instance_of, plan_of
    from pairing_planner.report.frames import baseline_changes_frame

    with speaking(lang):
        job = finished(at, solve_id)
        known_plan(job, k)
        result = job_result(job)
        chosen = plan_of(result, k)
        found = chosen.changes
        if found is None:
            message = _(
                "plan {rank} of the solve '{id}' was not re-planned from a baseline; "
                "solve with 'baseline' for a change report"
            ).format(rank=k, id=solve_id)
            raise conflict(message)
        frame = baseline_changes_frame(instance_of(result), found)
        return ChangesOut(
            plan=k,
            source=baseline_source(at, result.replan) if result.replan else found.source,
            **found.counts(),
            rows=frame.to_dict(orient="records"),
        )


@router.post("/verify")
def verify(
    body: VerifyIn,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> VerifyOut:
    """``plan verify``: the plan (``pairs`` and the relaxations it declares, or plan ``plan``
    of solve ``solve``) checked against every rule of the stored instance by the independent
    verifier. An unknown school is refused naming the instance, not where the server keeps
    it; a request with no plan is 400, as one the schema refuses (it was 409, as if it
    could be met later: review 37, finding 15)."""
    from pairing_planner.api import verify_stated
    from pairing_planner.io.plans import PlanFile

    with speaking(lang):
        unplaced = replace(at.store.get(body.instance).instance, path=None)
        if body.solve is not None:
            _stated, verdict = verify_stated(unplaced, plans_file(at, body.solve), body.plan)
        elif body.pairs is not None:
            pairs = [(p.helper, p.recipient) for p in body.pairs]
            declared = [Relaxation(**r.model_dump()) for r in body.relaxations]
            _stated, verdict = verify_stated(unplaced, PlanFile(pairs, declared))
        else:
            missing = _("give the plan to verify: 'pairs', or 'solve' and 'plan'")
            raise bad_request([Problem(missing, None, None, "pairs")])
        found = asdict(verdict)
        return VerifyOut(
            ok=verdict.ok,
            violations=found["violations"],
            declared=found["declared"],
            objective=verdict.objective,
            term_costs=verdict.term_costs,
        )


def _known_pairs(instance: Instance, body: SolveIn) -> None:
    """Refuse (422) a lock or forbid that names no pair of the instance, in the words ``plan
    solve --lock`` says it in, naming where it is in the request (``lock.0``): before, the
    solve was accepted and failed, citing ``--lock`` and the server's own file (issue 32)."""
    from pairing_planner.prepare.replan import stated_pairs

    problems = [
        Problem(message, None, None, f"{kind}.{place}")
        for kind, given in (("lock", body.lock), ("forbid", body.forbid))
        for place, message in stated_pairs(instance, tuple(given))[1].items()
    ]
    if problems:
        raise InputError(problems)


def _shown(at: Server, job: Job, *, with_result: bool = True) -> SolveOut:
    """The job as the API shows it, its result worded in the current language: read from
    one moment of it (:meth:`JobManager.seen`), so that ``done`` comes with its result."""
    job = at.jobs.seen(job)
    result = job_result(job) if job.has_result else None
    folder = Path(job.folder) if job.folder else None
    shown = worded_result(folder, current_language()) if result and folder and with_result else None
    return SolveOut.model_validate(
        {
            "id": job.id,
            "instance": job.instance,
            "state": job.state,
            "status": result.status if result else None,
            "stopping": job.stopping,
            "queue_position": at.jobs.position(job),
            "progress": job.progress,
            "parts": job.parts,
            "points": job.points,
            "stage": job.stage,
            "problems": job.problems,
            "result": without_paths(at, job.instance, shown) if shown else None,
            "files": sorted(written_files(folder)) if folder else [],
            "terms": term_names(),
            "balanced": balanced_point(result) if result else None,
        }
    )
