"""A job of ``plan serve`` as the job manager (:mod:`pairing_planner.web.jobs`) keeps it: its
states, and what ``DATA/solves/ID/job.json`` holds of it."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from pairing_planner.web.worker import CalendarTask, Task

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
SOLVING = "solving"
"""The stage of a job whose worker has reported a part or a plan found."""
INTERRUPTED, CANCELLED = "interrupted", "cancelled"
FINISHED = frozenset({DONE, FAILED, INTERRUPTED, CANCELLED})
JOB_FILE = "job.json"


@dataclass
class Job:
    """A solve the server was asked for: its state, the latest progress and, once done, the
    folder of its result (or the problems that stopped it); or a plan's calendar to make (kept
    in memory only: a restart schedules it again when asked)."""

    id: str
    instance: str
    task: Task | CalendarTask
    state: str = QUEUED
    created: float = field(default_factory=time.time)
    progress: dict[str, float] | None = None
    parts: list[int] | None = None
    points: list[int] | None = None
    """A front's points found so far, and the points asked."""
    stage: str | None = None
    """What the worker does (reading, preparing, solving, writing): a large instance is read
    and split for seconds before any progress; the search is solving once a part or a plan
    is reported (a decomposed solve said preparing through all its parts, issue 32); none
    once the job has ended."""
    folder: str | None = None
    problems: list[dict[str, object]] = field(default_factory=list)
    failure: int | None = None
    stopping: bool = False
    changes: int = 0
    """Counts every change, so a watcher (the events stream) sees that there is news."""
    title: str = ""
    name: str = ""
    """The instance's title and name when it was solved (菏泽2016, heze), as the list of solves
    and the downloads' names show them: read from job.json, not from the instance, which the
    server may no longer hold (a province's takes seconds to read, issue 32)."""

    @property
    def has_result(self) -> bool:
        """Whether it wrote a result: done, or stopped with its best plan so far (a stop by
        the planner or the server's ending; a restart's ``interrupted`` has none). The state
        is read first: it is set after the folder (:meth:`JobManager._update`)."""
        return self.state in (DONE, INTERRUPTED) and self.folder is not None

    def record(self) -> dict[str, Any]:
        """What ``job.json`` keeps (progress is not kept: it is over once the job is)."""
        kept = {k: v for k, v in asdict(self).items() if k not in ("progress", "changes")}
        return kept | {"task": asdict(self.task)}

    @property
    def is_solve(self) -> bool:
        """Whether it is a solve (not a calendar)."""
        return isinstance(self.task, Task)

    @classmethod
    def from_record(cls, found: dict[str, Any]) -> Job:
        task = found.pop("task")
        task["lock"], task["forbid"] = tuple(task["lock"]), tuple(task["forbid"])
        return cls(task=Task(**task), **found)
