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
from pairing_planner.web.jobs import Job
from pairing_planner.web.problems import ApiProblem
from pairing_planner.web.server import Server, server

router = APIRouter(prefix="/api", tags=["solves"])


class SolveListed(BaseModel):
    """A finished solve with its result: what a planner picks last year's plan by."""

    id: str
    instance: str
    title: str = Field(description="The instance's title (菏泽2016, the lists' own names).")
    created: str = Field(description="When the solve was asked, ISO 8601 in local time.")
    status: str = Field(description="As plans.json has it: OPTIMAL, RELAXED, …")
    plans: int = Field(description="How many plans the result holds (1 … plans).")


@router.get("/solves")
def listed(at: Annotated[Server, Depends(server)]) -> list[SolveListed]:
    """The solves with a result (state ``done``, or ``interrupted`` by a stop that kept the
    best plan so far), newest first."""
    found = [at.jobs.get(path.parent.name) for path in at.jobs.root.glob("*/job.json")]
    done = sorted(
        (job for job in found if job is not None and job.has_result),
        key=lambda job: job.created,
        reverse=True,
    )
    return [_listed(at, job) for job in done]


def _listed(at: Server, job: Job) -> SolveListed:
    assert job.folder is not None  # a job with a result has written it
    written = peek(job.folder)
    return SolveListed(
        id=job.id,
        instance=job.instance,
        title=instance_names(at, job.instance)[0],
        created=datetime.fromtimestamp(job.created).isoformat(timespec="minutes"),
        status=written.status,
        plans=len(written.ranks),
    )


def instance_names(at: Server, instance_id: str) -> tuple[str, str]:
    """The stored instance's title and name (菏泽2016, heze), or its id for both when it is
    gone or no longer reads."""
    try:
        data = at.store.get(instance_id).instance.data
    except (ApiProblem, InputError):
        return instance_id, instance_id
    return data.title or instance_id, data.name or instance_id
