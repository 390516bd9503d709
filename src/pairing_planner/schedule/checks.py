"""Why no calendar exists, found by counting before any model is built, in the rules' words:
which school, which weeks, which duty.

Two counts prove a calendar impossible: an activity with no start week free at both of its
schools for its whole length, and a school with more events fixed to a term (M1: a meeting
with every recipient in each term) than its free weeks in that term allow at ``per_week``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pairing_planner.i18n import _, clauses, listing
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.result.calendar import Activity
from pairing_planner.schedule.weeks import Weeks


def impossible(
    instance: Instance,
    activities: Sequence[Activity],
    starts: Sequence[Sequence[int]],
    weeks: Weeks,
    calendar: SchoolCalendar,
) -> list[str]:
    """Every counted reason no calendar exists; empty when the counts allow one."""
    return [
        *_no_start(instance, activities, starts, weeks),
        *_term_overload(instance, activities, weeks, calendar),
    ]


def _no_start(
    instance: Instance,
    activities: Sequence[Activity],
    starts: Sequence[Sequence[int]],
    weeks: Weeks,
) -> list[str]:
    found = []
    for activity, ws in zip(activities, starts, strict=True):
        if ws:
            continue
        where = _("the {term}").format(term=_term_name(weeks, activity.term))
        found.append(
            _(
                "{duty} ({clause}) of {helper} and {recipient}: no {n} week(s) in {where} are "
                "free at both schools; blocked: {blocked}"
            ).format(
                duty=_(activity.duty),
                clause=activity.clause,
                helper=_named(instance, activity.helper),
                recipient=_named(instance, activity.recipient),
                n=activity.weeks,
                where=where if activity.term is not None else _("the school year"),
                blocked=_blocked_list(weeks, [activity.host, activity.traveller], activity.term),
            )
        )
    return found


def _term_overload(
    instance: Instance, activities: Sequence[Activity], weeks: Weeks, calendar: SchoolCalendar
) -> list[str]:
    fixed: dict[tuple[str, int], list[Activity]] = defaultdict(list)
    for activity in activities:
        if activity.kind == "event" and activity.term is not None:
            for school in (activity.host, activity.traveller):
                fixed[(school, activity.term)].append(activity)
    found = []
    for (school, term), needing in sorted(fixed.items()):
        free = sorted(w for w in weeks.free(school) if weeks.term_of[w] == term)
        room = len(free) * calendar.per_week
        if len(needing) <= room:
            continue
        needed = listing(sorted({a.clause for a in needing}))
        found.append(
            _(
                "{school} must take part in {n} activities ({clauses}) in the {term} but has "
                "{free} free week(s) in it ({weeks}) at {per_week} a week; blocked: {blocked}"
            ).format(
                school=_named(instance, school),
                n=len(needing),
                clauses=needed,
                term=_term_name(weeks, term),
                free=len(free),
                weeks=listing(weeks.label(w) for w in free) or "—",
                per_week=calendar.per_week,
                blocked=_blocked_list(weeks, [school], term),
            )
        )
    return found


def _blocked_list(weeks: Weeks, schools: list[str], term: int | None) -> str:
    """The blocked periods of these schools (in one term, or all), as "reason start–end"."""
    seen: dict[tuple[str, str, str], None] = {}
    for week in range(len(weeks.mondays)):
        if term is not None and weeks.term_of[week] != term:
            continue
        for school in schools:
            for b in weeks.blocking(school, week):
                seen[(b.reason, b.start.isoformat(), b.end.isoformat())] = None
    return clauses(f"{reason} {start}–{end}" for reason, start, end in seen) or "—"


def _term_name(weeks: Weeks, term: int | None) -> str:
    return weeks.calendar.terms[term].name if term is not None else ""


def _named(instance: Instance, school: str) -> str:
    """A school as a message names it: "name (id)"."""
    return f"{instance.school_name(school)} ({school})"
