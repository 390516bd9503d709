"""The calendar's objective terms worked out from the weeks chosen, for any calendar (a greedy
floor as well as CP-SAT's): the objective is reported the same way whichever made it.

The definitions are the model's (:mod:`pairing_planner.schedule.model`): evenness, per school,
the events beyond one in each window of four teaching weeks; disruption, per school, the weeks
anything of its runs (events, secondments hosted or sent); travel saved, the km × people of
joint journeys whose two visits share a week.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.result.calendar import Activity
from pairing_planner.schedule.model import WINDOW, Together


def calendar_terms(
    activities: Sequence[Activity], chosen: Sequence[int], together: Sequence[Together]
) -> dict[str, int]:
    """``evenness``, ``disruption`` and ``travel saved`` of a calendar."""
    events: dict[str, list[int]] = defaultdict(list)
    busy: dict[str, set[int]] = defaultdict(set)
    for activity, week in zip(activities, chosen, strict=True):
        running = range(week, week + (activity.weeks if activity.kind == "secondment" else 1))
        for school in (activity.host, activity.traveller):
            busy[school].update(running)
            if activity.kind == "event":
                events[school].append(week)
    bunched = 0
    for weeks in events.values():
        for first in range(max(0, min(weeks) - WINDOW + 1), max(weeks) + 1):
            bunched += max(0, sum(first <= w < first + WINDOW for w in weeks) - 1)
    saved = sum(t.saving for t in together if chosen[t.first] == chosen[t.second])
    return {
        "evenness": bunched,
        "disruption": sum(len(weeks) for weeks in busy.values()),
        "travel saved": saved,
    }


def weighed(terms: dict[str, int], calendar: SchoolCalendar) -> float:
    """The objective of these terms under the calendar's weights (less is better)."""
    weights = calendar.weights
    return float(
        weights.evenness * terms["evenness"]
        + weights.disruption * terms["disruption"]
        - weights.travel * terms["travel saved"]
    )
