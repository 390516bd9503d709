"""``GET /api/solves``: the solves the server keeps a result of under ``--data``, newest
first, so that last year's result can be picked after the page that solved it was closed
(next year's re-plan, issue 32)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from pairing_planner.errors import InputError
from pairing_planner.report.result_folder import peek
from pairing_planner.web.jobs import FINISHED, Job
from pairing_planner.web.problems import ApiProblem
from pairing_planner.web.server import Server, server
from pairing_planner.web.store import Stored
from pairing_planner.web.worker import Task

router = APIRouter(prefix="/api", tags=["solves"])


class SolveListed(BaseModel):
    """A finished solve with its result, what a planner picks last year's plan by; or, asked
    for, one queued or running, which the page follows again after a reload."""

    id: str
    instance: str
    title: str = Field(description="The instance's title (菏泽2016, the lists' own names).")
    created: str = Field(description="When the solve was asked, ISO 8601 in local time.")
    state: str = Field(
        description="done or interrupted (with a result); queued or running (?unfinished=true)."
    )
    status: str | None = Field(
        description="As plans.json has it: OPTIMAL, RELAXED, …; none before there is a result."
    )
    plans: int = Field(description="How many plans the result holds (0 before it has one).")
    front: bool = Field(
        default=False, description="Whether the result is a trade-off front (its plans points)."
    )
    locks: int = Field(default=0, description="How many pairs the solve was asked to lock.")
    forbids: int = Field(default=0, description="How many pairs the solve was asked to forbid.")


@router.get("/solves")
def listed(at: Annotated[Server, Depends(server)], unfinished: bool = False) -> list[SolveListed]:
    """The solves with a result (state ``done``, or ``interrupted`` by a stop that kept the
    best plan so far), newest first; with ``?unfinished=true``, the queued and running ones
    too, so that the page can reopen any of them after a reload (review 37, finding 1)."""
    found = [at.jobs.get(path.parent.name) for path in at.jobs.root.glob("*/job.json")]
    kept = sorted(
        (
            job
            for job in found
            if job is not None and (job.has_result or (unfinished and job.state not in FINISHED))
        ),
        key=lambda job: job.created,
        reverse=True,
    )
    return [_listed(at, job) for job in kept]


def _listed(at: Server, job: Job) -> SolveListed:
    written = peek(job.folder) if job.has_result and job.folder is not None else None
    return SolveListed(
        id=job.id,
        instance=job.instance,
        title=job_names(at, job)[0],
        created=datetime.fromtimestamp(job.created).isoformat(timespec="minutes"),
        state=job.state,
        status=written.status if written else None,
        plans=len(written.ranks) if written else 0,
        front=written.front if written else False,
        # A re-solve's locks and forbids tell it from the solve it re-solved (U37b N4).
        locks=len(job.task.lock) if isinstance(job.task, Task) else 0,
        forbids=len(job.task.forbid) if isinstance(job.task, Task) else 0,
    )


def job_names(at: Server, job: Job) -> tuple[str, str]:
    """The title and name (菏泽2016, heze) of the instance ``job`` solved, as kept in its
    job.json when it was submitted; a job from before they were kept reads its instance once
    and keeps them. Before, the list read every instance the server no longer held on each
    call (it holds 4; a province's takes seconds to read, issue 32)."""
    if job.name:
        return job.title, job.name
    try:
        names = stored_names(at.store.get(job.instance))
    except (ApiProblem, InputError):
        return job.instance, job.instance
    at.jobs.name(job, names)
    return names


def stored_names(stored: Stored) -> tuple[str, str]:
    """The stored instance's title and name, or its id for either it lacks."""
    data = stored.instance.data
    return data.title or stored.id, data.name or stored.id
