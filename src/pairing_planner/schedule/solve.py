"""A pairing plan's activity calendar: activities from the pairs' duties, weeks each may start
in, a count of what makes a calendar impossible, then CP-SAT on independent groups.

Schools that share no activity (and no joint journey) do not constrain each other, so the
activities split into groups by the schools they touch, packed into small batches. Each batch
searches up to a work limit worked out from the time limit (CP-SAT's deterministic time:
:func:`pairing_planner.schedule.batches.work_limits`), so the same plan and time limit give
the same calendar under any load. The clock only guards the limit: a search it ends before
its work limit, and a batch it leaves no search after building its model (which keeps its
greedy calendar, as do all after a stop: Ctrl-C, SIGTERM), make the calendar say it may
differ on another run. A province's batches run in
the processes of a pool (:mod:`pairing_planner.solving.execution.process_pool`), one per core; a few
hundred activities in the calling process. The calendar is OPTIMAL when every batch is.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import networkx as nx

from pairing_planner import stop
from pairing_planner.clock import Deadline
from pairing_planner.duties import current_school_year
from pairing_planner.i18n import _, listing
from pairing_planner.instance.geodata.geo import great_circle_km
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.schema.calendar_models import SchoolCalendar, default_calendar
from pairing_planner.result.calendar import Activity, CalendarResult, CalendarStatus, Placement
from pairing_planner.schedule.activities import pair_activities
from pairing_planner.schedule.batches import Batch, BatchTask, solve_batch, work_limits
from pairing_planner.schedule.checks import impossible
from pairing_planner.schedule.greedy import first_fit
from pairing_planner.schedule.model import Scheduled, Together
from pairing_planner.schedule.score import calendar_terms, weighed
from pairing_planner.schedule.weeks import Weeks
from pairing_planner.solving.execution.process_pool import PartRunner

BATCH_ACTIVITIES = 30
"""Activities per CP-SAT model when small groups are solved together: about one helper's
group (four recipients, six activities each). One CP-SAT worker proves such a group least or
comes close in a fraction of a second, while on a model of 400 activities it did not even
improve on the greedy calendar in 10 s (generated 40-recipient instance: 7,650 against
23,160)."""


def calendar_of(instance: Instance, school_year: int | None) -> SchoolCalendar:
    """The instance's calendar, else the default one for ``school_year`` (else the year the
    instance's calendar would start: the current one)."""
    if isinstance(instance.data.calendar, SchoolCalendar):
        return instance.data.calendar
    year = school_year if school_year is not None else current_school_year(date.today())
    return default_calendar(year)


def plan_calendar(
    instance: Instance,
    pairs: Sequence[PairKey],
    calendar: SchoolCalendar,
    *,
    plan_rank: int = 1,
    time_limit: float = 10.0,
    workers: int = 1,
    earlier: CalendarResult | None = None,
    started: float | None = None,
) -> CalendarResult:
    """The calendar of ``pairs`` (a plan of ``instance``) in ``calendar``'s school year, within
    ``time_limit`` seconds from ``started`` (``time.monotonic()``; default now); with
    ``earlier`` (last version's calendar), activities of unchanged pairs keep their weeks
    where the rules allow, and those that move are listed."""
    start = time.perf_counter()
    began = time.monotonic() if started is None else started
    weeks = Weeks(calendar, instance)
    activities = pair_activities(instance, pairs, calendar)
    starts = _all_starts(activities, weeks)
    problems = impossible(instance, activities, starts, weeks, calendar)
    if problems:
        return _result(instance, calendar, plan_rank, "INFEASIBLE", start, problems)
    together = _together(instance, activities, calendar)
    hint = _hint(activities, weeks, earlier)
    batches = _batches(activities, together)
    work = [_batch(batch, activities, starts, together, weeks, calendar, hint) for batch in batches]
    jobs = min(PROCESSES, len(work)) if len(activities) >= POOL_ACTIVITIES else 1
    deadline = Deadline.after(time_limit, began)
    limits = work_limits(work, _searching(time_limit, started, jobs), jobs)
    tasks = [BatchTask(deadline, workers, limit) for limit in limits]
    with PartRunner(jobs) as runner:
        found = runner.run(solve_batch, work, tasks, None)
    outcomes = [o if o is not None else _stopped(b) for o, b in zip(found, work, strict=True)]
    chosen: list[int] = [0] * len(activities)
    for batch, outcome in zip(batches, outcomes, strict=True):
        if outcome.starts is None:
            status: CalendarStatus = outcome.status
            mine = [activities[i] for i in batch]
            message = _unplaced(mine, calendar, proven=status == "INFEASIBLE")
            return _result(instance, calendar, plan_rank, status, start, [message])
        for i, week in zip(batch, outcome.starts, strict=True):
            chosen[i] = week
    placements = [_placement(a, w, weeks) for a, w in zip(activities, chosen, strict=True)]
    terms = calendar_terms(activities, chosen, together)
    status = "OPTIMAL" if all(o.status == "OPTIMAL" for o in outcomes) else "FEASIBLE"
    moved = [
        a.id for a, w, h in zip(activities, chosen, hint, strict=True) if h is not None and w != h
    ]
    return replace(
        _result(instance, calendar, plan_rank, status, start, []),
        interrupted=stop.requested(),
        placements=placements,
        objective=weighed(terms, calendar),
        bound=_total([o.bound for o in outcomes]),
        parts=len(batches),
        floors=sum(o.floored for o in outcomes),
        clocked=sum(o.clocked for o in outcomes),
        terms=terms,
        moved=moved,
    )


POOL_ACTIVITIES = 3000
"""From this many activities the batches are scheduled in a pool of processes (starting one
costs about 1.2 s; the Heze calendar's 60 activities take 0.4 s in the calling process)."""
PROCESSES = os.cpu_count() or 1
POOL_SECONDS = 1.2
"""Starting the pool, as reckoned when the work is shared out."""
STARTUP_SECONDS = 2.0
"""A command's start before it schedules (Python, the imports, reading the result and the
instance: 1.4–1.6 s for a generated county on this machine, 0.9 s more to read an
800-recipient plan), as reckoned when the work is shared out."""


def _searching(time_limit: float, started: float | None, jobs: int) -> float:
    """The seconds of ``time_limit`` the batches are reckoned to have when their work limits
    are set: less a command's start when the limit counts from it (``started``), and the
    pool's start. Fixed estimates, not the clock's reading, so that the work, and so the
    calendar, are the same under any load."""
    startup = STARTUP_SECONDS if started is not None else 0.0
    return time_limit - startup - (POOL_SECONDS if jobs > 1 else 0.0)


def _batch(
    batch: list[int],
    activities: Sequence[Activity],
    starts: Sequence[list[int]],
    together: Sequence[Together],
    weeks: Weeks,
    calendar: SchoolCalendar,
    hint: Sequence[int | None],
) -> Batch:
    """One batch as plain data a worker can take."""
    local = {i: k for k, i in enumerate(batch)}
    return Batch(
        activities=[activities[i] for i in batch],
        starts=[starts[i] for i in batch],
        together=[
            Together(local[t.first], local[t.second], t.saving)
            for t in together
            if t.first in local
        ],
        term_of=list(weeks.term_of),
        calendar=calendar,
        hint=[hint[i] for i in batch],
    )


def _stopped(batch: Batch) -> Scheduled:
    """A batch a stop left unscheduled: its greedy calendar."""
    floor = first_fit(batch.activities, batch.starts, batch.term_of, batch.calendar, batch.hint)
    return Scheduled(floor, "FEASIBLE" if floor else "UNKNOWN", None, floored=True)


def _total(values: list[float | None]) -> float | None:
    """The sum over groups, unknown when one group's is (a group left at its floor)."""
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _unplaced(activities: Sequence[Activity], calendar: SchoolCalendar, *, proven: bool) -> str:
    """Why a group of activities has no calendar: proven impossible within the limits, or not
    found in the time there was."""
    schools = sorted({s for a in activities for s in (a.host, a.traveller)})
    named = listing(schools[:8]) + (" …" if len(schools) > 8 else "")
    if proven:
        return _(
            "the activities of {schools} cannot all be placed within the weekly limits "
            "(per week {per_week}, per four weeks {per_four})"
        ).format(schools=named, per_week=calendar.per_week, per_four=calendar.per_four_weeks)
    return _(
        "no calendar was found in the time given for the activities of {schools}; give more "
        "time (--time-limit)"
    ).format(schools=named)


def _all_starts(activities: Sequence[Activity], weeks: Weeks) -> list[list[int]]:
    """Each activity's start weeks, worked out once per kind of activity and pair of free
    week sets (most schools share the province's)."""
    known: dict[tuple[int | None, int, frozenset[int], frozenset[int]], list[int]] = {}
    found = []
    for a in activities:
        key = (a.term, a.weeks, weeks.free(a.host), weeks.free(a.traveller))
        if key not in known:
            known[key] = _starts(a, weeks, key[2] & key[3])
        found.append(known[key])
    return found


def _starts(activity: Activity, weeks: Weeks, open_: frozenset[int]) -> list[int]:
    """The weeks ``activity`` may start in: all its weeks in one term (its own when fixed) and
    free at both of its schools (``open_``)."""
    terms = range(len(weeks.calendar.terms)) if activity.term is None else [activity.term]
    found = []
    for term in terms:
        in_term = weeks.in_term(term)
        for k, week in enumerate(in_term):
            span = in_term[k : k + activity.weeks]
            if len(span) == activity.weeks and all(w in open_ for w in span):
                found.append(week)
    return found


def _together(
    instance: Instance, activities: Sequence[Activity], calendar: SchoolCalendar
) -> list[Together]:
    """Pairs of visits one journey can make (HZ): helpers of one city visiting recipients at
    most ``together_km`` apart. Placed in the same week, the route between the two recipients
    replaces one return home and one journey out: km saved ``km_a + km_b − d(a, b)``, times
    the smaller team."""
    if instance.data.program != "HZ":
        return []
    visits = [i for i, a in enumerate(activities) if a.kind == "event" and a.traveller == a.helper]
    found = []
    for n, i in enumerate(visits):
        for j in visits[n + 1 :]:
            a, b = activities[i], activities[j]
            if a.helper == b.helper or not _same_city(instance, a.helper, b.helper):
                continue
            apart = great_circle_km(
                *instance.coords(instance.recipients[a.recipient]),
                *instance.coords(instance.recipients[b.recipient]),
            )
            saving = round(min(a.people, b.people) * (a.km + b.km - apart))
            if apart <= calendar.together_km and saving > 0:
                found.append(Together(i, j, saving))
    return found


def _same_city(instance: Instance, first: str, second: str) -> bool:
    helpers = instance.helpers
    return instance.city_of(helpers[first]).id == instance.city_of(helpers[second]).id


def _batches(activities: Sequence[Activity], together: Sequence[Together]) -> list[list[int]]:
    """Groups of activities no constraint joins (by the schools they touch, and joint
    journeys), packed into batches of about ``BATCH_ACTIVITIES``."""
    graph = nx.Graph()
    for i, a in enumerate(activities):
        graph.add_edge(("a", i), ("s", a.host))
        graph.add_edge(("a", i), ("s", a.traveller))
    graph.add_edges_from((("a", t.first), ("a", t.second)) for t in together)
    groups = sorted(
        sorted(i for kind, i in component if kind == "a")
        for component in nx.connected_components(graph)
    )
    batches: list[list[int]] = [[]]
    for group in groups:
        if batches[-1] and len(batches[-1]) + len(group) > BATCH_ACTIVITIES:
            batches.append([])
        batches[-1].extend(group)
    return [b for b in batches if b]


def _hint(
    activities: Sequence[Activity], weeks: Weeks, earlier: CalendarResult | None
) -> list[int | None]:
    """Each activity's week in the earlier calendar, when it had the same activity."""
    if earlier is None:
        return [None] * len(activities)
    index = {monday: w for w, monday in enumerate(weeks.mondays)}
    before = {p.activity.id: index.get(p.start) for p in earlier.placements}
    return [before.get(a.id) for a in activities]


def _placement(activity: Activity, week: int, weeks: Weeks) -> Placement:
    monday = weeks.mondays[week]
    last = weeks.mondays[week + activity.weeks - 1] if activity.kind == "secondment" else monday
    end = last + timedelta(days=4 if activity.kind == "secondment" else activity.days - 1)
    return Placement(activity=activity, start=monday, end=end, term=weeks.term_of[week])


def _result(
    instance: Instance,
    calendar: SchoolCalendar,
    plan_rank: int,
    status: CalendarStatus,
    start: float,
    problems: list[str],
) -> CalendarResult:
    """A calendar with no activity placed yet (the success path fills them in)."""
    return CalendarResult(
        instance=instance.name,
        plan_rank=plan_rank,
        settings=calendar,
        status=status,
        placements=[],
        objective=None,
        bound=None,
        seconds=round(time.perf_counter() - start, 3),
        parts=0,
        problems=problems,
    )
