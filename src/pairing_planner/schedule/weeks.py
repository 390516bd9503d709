"""The school year as teaching weeks: activities are placed by the week (Monday to Friday).

Weeks, not days, because that is how schools plan (教学周), how blocked periods come (exam
weeks, holiday weeks), and how the limits are stated (activities per week); a planner picks
the day within the week. It keeps the model small: 40 weeks a year instead of 200 days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.calendar_models import Blocked, SchoolCalendar

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Weeks:
    """The teaching weeks of a calendar's terms, in order (index 0 is the first week of the
    first term), and which are blocked for which school."""

    calendar: SchoolCalendar
    instance: Instance

    @cached_property
    def mondays(self) -> list[date]:
        """The Monday of every teaching week: a week belongs to a term when its Monday to
        Friday lie in it."""
        found = []
        for term in self.calendar.terms:
            monday = term.start - timedelta(days=term.start.weekday())
            while monday <= term.end:
                if monday >= term.start and monday + timedelta(days=4) <= term.end:
                    found.append(monday)
                monday += WEEK
        return found

    @cached_property
    def term_of(self) -> list[int]:
        """The term of each week."""
        terms = self.calendar.terms
        return [max(t for t, term in enumerate(terms) if term.start <= m) for m in self.mondays]

    def in_term(self, term: int) -> list[int]:
        """The weeks of one term."""
        return [w for w, t in enumerate(self.term_of) if t == term]

    def blocking(self, school: str, week: int) -> list[Blocked]:
        """The blocked periods that take ``week`` from ``school``: the province's, its city's
        and its own."""
        monday = self.mondays[week]
        friday = monday + timedelta(days=4)
        return [b for b in self._applying(school) if b.start <= friday and b.end >= monday]

    def free(self, school: str) -> frozenset[int]:
        """The weeks no blocked period takes from ``school`` (worked out once for all the
        schools the same periods apply to: most have only the province's)."""
        applying = tuple(self._applying(school))
        found = self._free.get(applying)
        if found is None:
            found = frozenset(
                w for w in range(len(self.mondays)) if not _blocked_in(applying, self.mondays[w])
            )
            self._free[applying] = found
        return found

    @cached_property
    def _free(self) -> dict[tuple[Blocked, ...], frozenset[int]]:
        return {}

    def _applying(self, school: str) -> list[Blocked]:
        return self._by_school.get(school, self._province)

    @cached_property
    def _province(self) -> list[Blocked]:
        return [b for b in self.calendar.blocked if b.city is None and b.school is None]

    @cached_property
    def _by_school(self) -> dict[str, list[Blocked]]:
        """Only schools with a blocked period of their own or their city's."""
        cities = {b.city for b in self.calendar.blocked if b.city}
        schools = {b.school for b in self.calendar.blocked if b.school}
        found: dict[str, list[Blocked]] = {}
        for school in [*self.instance.helpers.values(), *self.instance.recipients.values()]:
            city = self.instance.city_of(school).id
            if school.id in schools or city in cities:
                found[school.id] = self._province + [
                    b for b in self.calendar.blocked if b.school == school.id or b.city == city
                ]
        return found

    def label(self, week: int) -> str:
        """A week as a planner reads it: its Monday's date."""
        return self.mondays[week].isoformat()


def _blocked_in(periods: Sequence[Blocked], monday: date) -> list[Blocked]:
    """The periods that touch the week of ``monday`` (Monday to Friday)."""
    friday = monday + timedelta(days=4)
    return [b for b in periods if b.start <= friday and b.end >= monday]
