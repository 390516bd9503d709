"""One batch of a calendar's groups as plain data in and out, so that a worker process can
schedule it: its greedy calendar, then CP-SAT until the batch's deadline when there is time
for a search, else the greedy calendar as it is."""

from __future__ import annotations

import time
from dataclasses import dataclass

from pairing_planner import stop
from pairing_planner.instance.calendar_models import SchoolCalendar
from pairing_planner.result.calendar import Activity
from pairing_planner.schedule.greedy import first_fit
from pairing_planner.schedule.model import Scheduled, Together, schedule

MIN_SEARCH = 0.1
"""The least search worth a CP-SAT model for a batch; with less time left, the batch keeps
its greedy calendar."""
BUILD_SECONDS_PER_ACTIVITY = 2e-3
"""Building a batch's model: 0.5 s for 400 activities on a quiet 2-core machine, taken one
and a half times."""


@dataclass(frozen=True)
class Batch:
    """Groups of activities no constraint joins to any other, scheduled together."""

    activities: list[Activity]
    starts: list[list[int]]
    together: list[Together]
    term_of: list[int]
    calendar: SchoolCalendar
    hint: list[int | None]
    """Each activity's week in an earlier calendar, if any."""


@dataclass(frozen=True)
class BatchTask:
    """By when (``time.time()``) the batch is to be done, and on how many CP-SAT workers."""

    deadline: float
    workers: int


def solve_batch(batch: Batch, task: BatchTask) -> Scheduled:
    """The batch's calendar: searched by CP-SAT from its greedy calendar when the deadline
    leaves a search time after building the model, else the greedy calendar."""
    floor = first_fit(batch.activities, batch.starts, batch.term_of, batch.calendar, batch.hint)
    search = task.deadline - time.time() - BUILD_SECONDS_PER_ACTIVITY * len(batch.activities)
    if floor is not None and (search < MIN_SEARCH or stop.requested()):
        return Scheduled(floor, "FEASIBLE", None, floored=True)
    return schedule(
        batch.activities,
        batch.starts,
        batch.together,
        batch.term_of,
        batch.calendar,
        max(MIN_SEARCH, search),
        task.workers,
        batch.hint,
        floor,
    )
