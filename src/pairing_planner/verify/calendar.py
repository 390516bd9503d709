"""The independent check of an activity calendar: every duty of every pair present in the
numbers the notice sets, and every constraint of the calendar kept, worked out again from the
dates (never from the scheduler's weeks or model).

Teaching weeks are recomputed here from the terms: a week is a Monday whose Monday to Friday
lie in one term.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from pairing_planner.duties import DUTIES
from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.calendar_models import Blocked, SchoolCalendar
from pairing_planner.result.calendar import Placement

WINDOW_WEEKS = 4


@dataclass(frozen=True)
class CalendarFinding:
    """One broken duty or constraint: its clause and what is wrong."""

    clause: str
    message: str


def verify_calendar(
    instance: Instance,
    pairs: Iterable[tuple[str, str]],
    calendar: SchoolCalendar,
    placements: list[Placement],
) -> list[CalendarFinding]:
    """Everything wrong with ``placements`` as the calendar of ``pairs``; empty when valid."""
    teaching = _teaching_weeks(calendar)
    return [
        *_duties_present(instance, list(pairs), calendar, placements),
        *_within_terms_and_free(instance, calendar, placements),
        *_weekly_limits(calendar, placements, teaching),
        *_terms_used(calendar, placements),
        *_order_kept(calendar, placements, teaching),
    ]


def _duties_present(
    instance: Instance,
    pairs: list[tuple[str, str]],
    calendar: SchoolCalendar,
    placements: list[Placement],
) -> list[CalendarFinding]:
    """Each pair has each of its program's duties at least ``minimum`` times (people, for a
    secondment), in each term for a duty due each term (M1); no activity of a pair not in the
    plan."""
    by_pair: dict[tuple[str, str], list[Placement]] = defaultdict(list)
    for p in placements:
        by_pair[(p.activity.helper, p.activity.recipient)].append(p)
    planned = set(pairs)
    found = [
        CalendarFinding("R2", _("{id}: the pair is not in the plan").format(id=p.activity.id))
        for key, listed in by_pair.items()
        if key not in planned
        for p in listed
    ]
    for helper, recipient in pairs:
        for duty in DUTIES[instance.data.program]:
            matching = [
                p
                for p in by_pair[(helper, recipient)]
                if p.activity.clause == duty.clause
                and p.activity.duty == duty.duty
                and _acts(duty.actor, p, helper, recipient)
            ]
            periods = range(len(calendar.terms)) if duty.per_term else [None]
            for term in periods:
                done = sum(
                    p.activity.people if p.activity.kind == "secondment" else 1
                    for p in matching
                    if term is None or _term_of(calendar, p.start) == term
                )
                if done < duty.minimum:
                    found.append(
                        CalendarFinding(
                            duty.clause,
                            _(
                                "{helper}>{recipient}: {duty} {done} of at least {minimum}{when}"
                            ).format(
                                helper=helper,
                                recipient=recipient,
                                duty=_(duty.duty),
                                done=done,
                                minimum=duty.minimum,
                                when="" if term is None else f" ({calendar.terms[term].name})",
                            ),
                        )
                    )
    return found


def _acts(actor: str, placement: Placement, helper: str, recipient: str) -> bool:
    """Whether the placement is done by the duty's actor (the school that goes)."""
    if actor == "helper":
        return placement.activity.traveller == helper
    if actor == "recipient":
        return placement.activity.traveller == recipient
    return True


def _within_terms_and_free(
    instance: Instance, calendar: SchoolCalendar, placements: list[Placement]
) -> list[CalendarFinding]:
    """Every activity inside one term, on no blocked day of either of its schools."""
    found = []
    blocks: dict[str, list[Blocked]] = {}
    for p in placements:
        a = p.activity
        if _term_of(calendar, p.start) is None or _term_of(calendar, p.end) != _term_of(
            calendar, p.start
        ):
            found.append(CalendarFinding(a.clause, _("{id}: not inside one term").format(id=a.id)))
        for school in (a.host, a.traveller):
            if school not in blocks:
                blocks[school] = _blocked_for(instance, calendar, school)
            for b in blocks[school]:
                if b.start <= p.end and b.end >= p.start:
                    found.append(
                        CalendarFinding(
                            a.clause,
                            _("{id}: {school} is blocked ({reason}, {start}–{end})").format(
                                id=a.id, school=school, reason=b.reason, start=b.start, end=b.end
                            ),
                        )
                    )
    return found


def _weekly_limits(
    calendar: SchoolCalendar, placements: list[Placement], teaching: list[date]
) -> list[CalendarFinding]:
    """Per school: events per week and per four teaching weeks, one trip of its team a week,
    one hosted secondment at a time."""
    events: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    trips: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    hosting: dict[str, list[Placement]] = defaultdict(list)
    for p in placements:
        a = p.activity
        monday = p.start - timedelta(days=p.start.weekday())
        if a.kind == "secondment":
            hosting[a.host].append(p)
            continue
        events[a.host][monday] += 1
        events[a.traveller][monday] += 1
        trips[a.traveller][monday] += 1
    found = []
    for school, weeks in events.items():
        found += [
            CalendarFinding(
                "R2",
                _("{school}: {n} activities in the week of {monday}, at most {limit}").format(
                    school=school, n=n, monday=monday, limit=calendar.per_week
                ),
            )
            for monday, n in weeks.items()
            if n > calendar.per_week
        ]
        for k in range(len(teaching)):
            span = teaching[k : k + WINDOW_WEEKS]
            n = sum(weeks.get(m, 0) for m in span)
            if n > calendar.per_four_weeks:
                found.append(
                    CalendarFinding(
                        "R2",
                        _(
                            "{school}: {n} activities in four weeks from {monday}, at most {limit}"
                        ).format(school=school, n=n, monday=span[0], limit=calendar.per_four_weeks),
                    )
                )
    for school, weeks in trips.items():
        found += [
            CalendarFinding(
                "R2",
                _("{school}: its team is on {n} trips in the week of {monday}").format(
                    school=school, n=n, monday=monday
                ),
            )
            for monday, n in weeks.items()
            if n > 1
        ]
    for school, hosted in hosting.items():
        ordered = sorted(hosted, key=lambda p: p.start)
        found += [
            CalendarFinding(
                later.activity.clause,
                _("{school} hosts two secondments at once: {first} and {second}").format(
                    school=school, first=earlier.activity.id, second=later.activity.id
                ),
            )
            for earlier, later in pairwise(ordered)
            if later.start <= earlier.end
        ]
    return found


def _terms_used(calendar: SchoolCalendar, placements: list[Placement]) -> list[CalendarFinding]:
    """No term of a pair's year left empty, when it has an activity for each."""
    by_pair: dict[tuple[str, str], list[Placement]] = defaultdict(list)
    for p in placements:
        by_pair[(p.activity.helper, p.activity.recipient)].append(p)
    found = []
    for (helper, recipient), listed in by_pair.items():
        if len(listed) < len(calendar.terms):
            continue
        used = {_term_of(calendar, p.start) for p in listed}
        for t, term in enumerate(calendar.terms):
            if t not in used:
                found.append(
                    CalendarFinding(
                        "R2",
                        _("{helper}>{recipient}: nothing in the {term}").format(
                            helper=helper, recipient=recipient, term=term.name
                        ),
                    )
                )
    return found


def _order_kept(
    calendar: SchoolCalendar, placements: list[Placement], teaching: list[date]
) -> list[CalendarFinding]:
    """An activity that follows another (M3's review) comes ``gap_weeks`` teaching weeks after
    it at the earliest."""
    start_of = {p.activity.id: p.start for p in placements}
    index = {monday: k for k, monday in enumerate(teaching)}
    found = []
    for p in placements:
        a = p.activity
        if a.after is None:
            continue
        if a.after not in start_of:
            found.append(
                CalendarFinding(
                    a.clause, _("{id}: {after} is missing").format(id=a.id, after=a.after)
                )
            )
            continue
        gap = index.get(_monday(p.start), -1) - index.get(_monday(start_of[a.after]), 0)
        if gap < a.gap_weeks:
            found.append(
                CalendarFinding(
                    a.clause,
                    _("{id}: {gap} teaching week(s) after {after}, at least {least}").format(
                        id=a.id, gap=gap, after=a.after, least=a.gap_weeks
                    ),
                )
            )
    return found


def _teaching_weeks(calendar: SchoolCalendar) -> list[date]:
    weeks = []
    for term in calendar.terms:
        monday = _monday(term.start)
        while monday + timedelta(days=4) <= term.end:
            if monday >= term.start:
                weeks.append(monday)
            monday += timedelta(days=7)
    return weeks


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _term_of(calendar: SchoolCalendar, day: date) -> int | None:
    return next((t for t, term in enumerate(calendar.terms) if term.start <= day <= term.end), None)


def _blocked_for(instance: Instance, calendar: SchoolCalendar, school: str) -> list[Blocked]:
    found = instance.school(school)
    city = instance.city_of(found).id if found else None
    return [
        b
        for b in calendar.blocked
        if (b.city is None and b.school is None) or b.school == school or b.city == city
    ]
