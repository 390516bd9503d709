"""One batch of a calendar's groups as plain data in and out, so that a worker process can
schedule it: its greedy calendar, then CP-SAT up to the batch's work limit, or the greedy
calendar as it is when no search is allotted to it or the clock leaves none.

Determinism: a batch's search ends at a *work limit* (CP-SAT's deterministic time, counted
in its own work units, the same under any load), worked out from the time limit before any
batch runs (:func:`work_limits`), never read off the clock. So the same plan, calendar
settings and time limit give the same calendar on a quiet machine and a loaded one. The
clock only guards the time limit: when it ends a search before its work limit, or leaves a
batch no search, the batch says so (``clocked``), and the calendar says it may differ on
another run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pairing_planner import stop
from pairing_planner.clock import Deadline
from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.result.calendar import Activity
from pairing_planner.schedule.greedy import first_fit
from pairing_planner.schedule.model import Scheduled, Together, schedule

MIN_SEARCH = 0.1
"""The least search worth a CP-SAT model for a batch, in seconds; with less time, the batch
keeps its greedy calendar."""
BUILD_SECONDS_PER_ACTIVITY = 2e-3
"""Building a batch's model: 0.5 s for 400 activities on a quiet 2-core machine, taken one
and a half times."""
FLOOR_SECONDS_PER_ACTIVITY = 2e-4
"""Every batch's greedy calendar, and taking it to a pool's process and back: the greedy
calendars took 0.09–0.14 ms an activity (a generated 800-recipient plan, the Shandong
preset's), taken one and a half times."""
WORK_PER_SECOND = 0.4
"""CP-SAT work units (deterministic time) one worker does in a second of a calendar batch's
search on this project's 2-core machine with another process busy: 0.39–0.5 measured on
generated urban-rural batches of 25 activities."""
SHARE = 1 / 3
"""Of the seconds a calendar has, the share its work limits, model building and greedy
calendars are planned to fill: the rest is room for a loaded machine, so that its clock
rarely cuts a search and the calendar stays the same under load. With half, a generated
city's calendar (4,800 activities, 30 s, in a pool of two) had 86 of 189 groups cut by the
clock on this 2-core machine shared with other work (load 3-4); with a third, 3-24, while a
county's (300 activities, 10 s) came out at 11,400, as good as the clock's deadlines gave
(11,400-11,750), 3 s sooner."""


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
    """By when the batch must be done at the latest (the calendar's one deadline, on the
    monotonic clock: a wall clock stepped by NTP cut every batch's search short), on how
    many CP-SAT workers, and its work limit (None: no search allotted, the greedy
    calendar)."""

    deadline: Deadline
    workers: int
    work: float | None


def work_limits(batches: Sequence[Batch], seconds: float, lanes: int) -> list[float | None]:
    """Each batch's work limit: :data:`SHARE` of the ``seconds`` of ``lanes`` processes, less
    the greedy calendars and building the models, shared in proportion to the batches'
    activities at :data:`WORK_PER_SECOND`. When that leaves a batch less than
    :data:`MIN_SEARCH`, the first batches get that least search as long as the time lasts
    and the others none (they keep their greedy calendar, as the summary says). A function
    of the time limit and the batches alone, so that the calendar is the same under any
    load."""
    sizes = [len(b.activities) for b in batches]
    building = [BUILD_SECONDS_PER_ACTIVITY * n for n in sizes]
    planned = SHARE * seconds * lanes - FLOOR_SECONDS_PER_ACTIVITY * sum(sizes)
    room = planned - sum(building)
    if room >= MIN_SEARCH * len(batches):
        return [WORK_PER_SECOND * room * n / sum(sizes) for n in sizes]
    limits: list[float | None] = []
    left = planned
    for build in building:
        left -= build + MIN_SEARCH
        limits.append(WORK_PER_SECOND * MIN_SEARCH if left >= 0 else None)
    return limits


def solve_batch(batch: Batch, task: BatchTask) -> Scheduled:
    """The batch's calendar: searched by CP-SAT from its greedy calendar up to its work limit,
    or the greedy calendar when none is allotted, or when the deadline leaves no search after
    building the model (then ``clocked``)."""
    floor = first_fit(batch.activities, batch.starts, batch.term_of, batch.calendar, batch.hint)
    if floor is not None and task.work is None:
        return Scheduled(floor, "FEASIBLE", None, floored=True)
    search = task.deadline.remaining() - BUILD_SECONDS_PER_ACTIVITY * len(batch.activities)
    if floor is not None and (search < MIN_SEARCH or stop.requested()):
        return Scheduled(floor, "FEASIBLE", None, floored=True, clocked=True)
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
        work=task.work if task.work is not None else WORK_PER_SECOND * MIN_SEARCH,
    )
