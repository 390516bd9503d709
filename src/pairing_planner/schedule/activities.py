"""The activities a pair's duties ask for in a year (M1–M3 for urban-rural pairs, H1–H2 for
Heze pairs), with where each happens, who travels and for how long.

The notice sets the least counts (``pairing_planner.duties``); what it leaves open — how long
a secondment lasts, a project's review, how many go on a visit — comes from the calendar's
settings (:class:`~pairing_planner.instance.schema.calendar_models.SchoolCalendar`) and is stated
here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from pairing_planner.duties import DUTIES, Duty
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.result.calendar import Activity

VISITORS = 3
"""People a helper sends to a meeting or visit at its recipient (M1, H2, an M3 review)."""
PROJECT_TEAM = 2
"""People a recipient sends to start a joint project at its helper (M3)."""


def pair_activities(
    instance: Instance, pairs: Iterable[PairKey], calendar: SchoolCalendar
) -> list[Activity]:
    """Every activity of every pair, in pair order, then in the duty table's order."""
    return [
        activity
        for helper, recipient in pairs
        for duty in DUTIES[instance.data.program]
        for activity in _of_duty(instance, helper, recipient, duty, calendar)
    ]


def _of_duty(
    instance: Instance, helper: str, recipient: str, duty: Duty, calendar: SchoolCalendar
) -> list[Activity]:
    """One duty's activities: M1 a meeting in each term; M2 a secondment each way; M3 a
    project's start at the helper and, ``review_gap_weeks`` later, its review; H1 the
    recipient's managers and young teachers seconded to the helper; H2 the helper's visit.
    A visit farther than ``far_km`` takes two days."""
    km = instance.distance_km(helper, recipient)
    key = f"{helper}>{recipient}/{duty.clause}"
    new = partial(
        Activity,
        helper=helper,
        recipient=recipient,
        clause=duty.clause,
        duty=duty.duty,
        km=round(km, 1),
        days=2 if km > calendar.far_km else 1,
    )
    visit = partial(new, kind="event", host=recipient, traveller=helper, people=VISITORS)
    if duty.per_term:
        return [visit(id=f"{key}/t{t + 1}", term=t) for t in range(len(calendar.terms))]
    if duty.clause == "M3":
        start = new(
            id=f"{key}/start", kind="event", host=helper, traveller=recipient, people=PROJECT_TEAM
        )
        review = visit(id=f"{key}/review", after=start.id, gap_weeks=calendar.review_gap_weeks)
        return [start, review]
    if duty.actor == "both" or duty.clause == "H2":
        return [visit(id=f"{key}/visit")]
    sender, host = (helper, recipient) if duty.actor == "helper" else (recipient, helper)
    return [
        new(
            id=f"{key}/{duty.actor}-{duty.minimum}",
            kind="secondment",
            host=host,
            traveller=sender,
            people=duty.minimum,
            weeks=calendar.secondment_weeks,
            days=5,
        )
    ]
