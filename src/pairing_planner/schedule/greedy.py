"""A first calendar by first fit: each activity in the first allowed week that keeps every
limit, the weeks of one school's partners staggered so that they do not all crowd into its
first free weeks, and a term a pair has nothing in yet tried first; an activity another
follows (M3's start) takes its earliest week, leaving the follower room.

It is the floor of the calendar as the greedy plan is of pairing: CP-SAT starts from it (a
complete hint) and, when the time is too short to find better, it is the calendar, called
FEASIBLE. It may fail where a calendar exists (it never backtracks); then there is no floor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pairing_planner.instance.calendar_models import SchoolCalendar
from pairing_planner.result.calendar import Activity

WINDOW = 4


def first_fit(
    activities: Sequence[Activity],
    starts: Sequence[Sequence[int]],
    term_of: Sequence[int],
    calendar: SchoolCalendar,
    prefer: Sequence[int | None] = (),
) -> list[int] | None:
    """A start week for every activity keeping every constraint of the model, or None; an
    activity's ``prefer`` week (its week in an earlier calendar) is tried first."""
    state = _State(calendar)
    placed: dict[str, int] = {}
    chosen: list[int] = []
    turn: dict[str, int] = defaultdict(int)
    used: dict[tuple[str, str], set[int]] = defaultdict(set)
    leading = {a.after for a in activities if a.after is not None}
    for n, (activity, allowed) in enumerate(zip(activities, starts, strict=True)):
        earliest = placed[activity.after] + activity.gap_weeks if activity.after in placed else 0
        options = [w for w in allowed if w >= earliest]
        if not options:
            return None
        pair = (activity.helper, activity.recipient)
        if activity.id not in leading:
            offset = turn[activity.host] * len(options) // 5 % len(options)
            turn[activity.host] += 1
            rotated = options[offset:] + options[:offset]
            options = [w for w in rotated if term_of[w] not in used[pair]] + rotated
        earlier = prefer[n] if n < len(prefer) else None
        if earlier in options:
            options = [earlier, *options]
        week = next((w for w in options if state.fits(activity, w)), None)
        if week is None:
            return None
        state.place(activity, week)
        used[pair].add(term_of[week])
        placed[activity.id] = week
        chosen.append(week)
    return chosen if _terms_used(activities, chosen, term_of) else None


class _State:
    """What is placed so far, per school and week."""

    def __init__(self, calendar: SchoolCalendar) -> None:
        self.calendar = calendar
        self.events: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.trips: dict[str, set[int]] = defaultdict(set)
        self.hosting: dict[str, set[int]] = defaultdict(set)

    def fits(self, activity: Activity, week: int) -> bool:
        if activity.kind == "secondment":
            span = range(week, week + activity.weeks)
            return not any(v in self.hosting[activity.host] for v in span)
        if week in self.trips[activity.traveller]:
            return False
        return all(self._room(school, week) for school in (activity.host, activity.traveller))

    def _room(self, school: str, week: int) -> bool:
        counts = self.events[school]
        if counts[week] + 1 > self.calendar.per_week:
            return False
        return all(
            sum(counts[v] for v in range(first, first + WINDOW)) + 1 <= self.calendar.per_four_weeks
            for first in range(max(0, week - WINDOW + 1), week + 1)
        )

    def place(self, activity: Activity, week: int) -> None:
        if activity.kind == "secondment":
            self.hosting[activity.host].update(range(week, week + activity.weeks))
            return
        self.trips[activity.traveller].add(week)
        for school in (activity.host, activity.traveller):
            self.events[school][week] += 1


def _terms_used(activities: Sequence[Activity], chosen: list[int], term_of: Sequence[int]) -> bool:
    """Every pair with an activity per term has one in each (the model's spread)."""
    terms = set(term_of)
    by_pair: dict[tuple[str, str], set[int]] = defaultdict(set)
    count: dict[tuple[str, str], int] = defaultdict(int)
    for activity, week in zip(activities, chosen, strict=True):
        key = (activity.helper, activity.recipient)
        by_pair[key].add(term_of[week])
        count[key] += 1
    return all(by_pair[k] == terms for k, n in count.items() if n >= len(terms))
