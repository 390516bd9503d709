"""A first calendar, one activity at a time: each in the week, of a sample of its allowed
weeks that keep every limit, that crowds its schools least (:func:`_best_of_sample`); an
activity another follows (M3's start) takes a week in the first half of its options, leaving
the follower room, and an activity's week in an earlier calendar is kept when it still fits.

It is the floor of the calendar as the greedy plan is of pairing: CP-SAT starts from it (a
complete hint) and, when the time is too short to find better, it is the calendar, called
FEASIBLE. It may fail where a calendar exists (it never backtracks); then there is no floor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.result.calendar import Activity
from pairing_planner.schedule.model import WINDOW


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
        if earlier in options and state.fits(activity, earlier):
            week: int | None = earlier
        elif activity.id in leading:
            early = options[: max(1, len(options) // 2)]
            week = _best_of_sample(state, activity, early, used[pair], term_of)
            week = (
                week
                if week is not None
                else next((w for w in options if state.fits(activity, w)), None)
            )
        else:
            week = _best_of_sample(state, activity, options, used[pair], term_of)
        if week is None:
            return None
        state.place(activity, week)
        used[pair].add(term_of[week])
        placed[activity.id] = week
        chosen.append(week)
    return chosen if _terms_used(activities, chosen, term_of) else None


SAMPLE = 8
"""Weeks an activity's fit is scored in, spread over its options (scoring all of them took
seconds more for a province's 60,000 activities)."""


def _best_of_sample(
    state: _State,
    activity: Activity,
    options: list[int],
    used: set[int],
    term_of: Sequence[int],
) -> int | None:
    """Of a sample of the options that fit, the week that crowds the two schools least: a term
    the pair has nothing in yet first, then the fewest events near it (evenness), then the
    most weeks the schools are busy anyway (disruption); the first that fits if none sampled
    does."""
    sample = options[:: max(1, len(options) // SAMPLE)]
    fitting = [w for w in sample if state.fits(activity, w)]
    if not fitting:
        return next((w for w in options if state.fits(activity, w)), None)
    return min(fitting, key=lambda w: (term_of[w] in used, state.crowding(activity, w)))


class _State:
    """What is placed so far, per school and week."""

    def __init__(self, calendar: SchoolCalendar) -> None:
        self.calendar = calendar
        self.events: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.trips: dict[str, set[int]] = defaultdict(set)
        self.hosting: dict[str, set[int]] = defaultdict(set)
        self.busy: dict[str, set[int]] = defaultdict(set)

    def crowding(self, activity: Activity, week: int) -> int:
        """Events of the two schools within a window of ``week``, less the weeks of the
        activity the schools are busy anyway."""
        span = range(week, week + (activity.weeks if activity.kind == "secondment" else 1))
        near = range(week - WINDOW + 1, week + WINDOW)
        crowd = 0
        for school in (activity.host, activity.traveller):
            counts, busy = self.events[school], self.busy[school]
            if activity.kind == "event":
                crowd += sum(counts.get(v, 0) for v in near)
            crowd -= sum(v in busy for v in span)
        return crowd

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
        span = range(week, week + (activity.weeks if activity.kind == "secondment" else 1))
        for school in (activity.host, activity.traveller):
            self.busy[school].update(span)
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
