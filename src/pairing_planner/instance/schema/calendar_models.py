"""The school calendar a pairing plan's yearly duties are scheduled on (the activity calendar):
terms, blocked days (holidays, exam weeks, a city's or a school's own), and how many
activities a school can take part in.

Given in the instance (``calendar:``) or in a file of its own (``plan calendar --calendar``);
without either, :func:`default_calendar` gives a typical Shandong school year. Dates are
days; the schedule places activities in teaching weeks (Monday to Friday).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from pydantic import Field, model_validator

from pairing_planner.i18n import _
from pairing_planner.instance.schema.base_models import Id, Strict
from pairing_planner.instance.schema.number_caps import MAX_CALENDAR_WEIGHT


class TermDates(Strict):
    """One term of the school year, first and last teaching day."""

    name: str = Field(min_length=1, description="As the bureau calls it, e.g. 第一学期.")
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> TermDates:
        if self.end < self.start:
            raise ValueError(_("the term ends before it starts"))
        return self


class Blocked(Strict):
    """Days no pairing activity may touch: for the whole province, one city, or one school."""

    start: date
    end: date
    reason: str = Field(min_length=1, description="Shown in the calendar and its diagnosis.")
    city: Id | None = Field(default=None, description="Only the schools of this city.")
    school: Id | None = Field(default=None, description="Only this school.")

    @model_validator(mode="after")
    def _ordered(self) -> Blocked:
        if self.end < self.start:
            raise ValueError(_("the blocked days end before they start"))
        if self.city is not None and self.school is not None:
            raise ValueError(_("give a city or a school, not both"))
        return self


class CalendarWeights(Strict):
    """How much each objective term of the calendar weighs (integers inside the model)."""

    travel: int = Field(
        default=1,
        ge=0,
        le=MAX_CALENDAR_WEIGHT,
        description="Per km × person saved by visiting nearby schools together.",
    )
    evenness: int = Field(
        default=50,
        ge=0,
        le=MAX_CALENDAR_WEIGHT,
        description="Per activity beyond one in any four weeks of a school.",
    )
    disruption: int = Field(
        default=10,
        ge=0,
        le=MAX_CALENDAR_WEIGHT,
        description="Per week a school is busy at all.",
    )


class SchoolCalendar(Strict):
    """The school year the duties of M1–M3 (urban-rural) or H1–H2 (Heze) are scheduled in."""

    school_year: int = Field(ge=2000, le=2100, description="The year its September falls in.")
    terms: list[TermDates] = Field(min_length=1, max_length=4)
    blocked: list[Blocked] = Field(default_factory=list)
    per_week: int = Field(
        default=1, ge=1, le=5, description="Activities a school takes part in per week, at most."
    )
    per_four_weeks: int = Field(
        default=3, ge=1, le=20, description="Activities a school takes part in per four weeks."
    )
    secondment_weeks: int = Field(
        default=4, ge=1, le=20, description="How long a secondment lasts (M2, H1)."
    )
    review_gap_weeks: int = Field(
        default=12, ge=1, le=40, description="Weeks from a joint project's start to its review."
    )
    far_km: float = Field(
        default=300, gt=0, description="A visit farther than this takes two days, not one."
    )
    together_km: float = Field(
        default=60,
        gt=0,
        description="Visits of one city's helpers to recipients this close go as one journey.",
    )
    weights: CalendarWeights = Field(default_factory=CalendarWeights)

    @model_validator(mode="after")
    def _terms_in_order(self) -> SchoolCalendar:
        for before, after in pairwise(self.terms):
            if after.start <= before.end:
                raise ValueError(_("the terms overlap or are out of order"))
        return self


def default_calendar(school_year: int) -> SchoolCalendar:
    """A typical Shandong school year beginning in September of ``school_year``: a first term
    from the first Monday of September to mid-January and a second from late February to early
    July; the first week of each term, the National Day week and the last two weeks of each
    term (examinations) blocked. A bureau gives its own (``calendar:``) for real dates."""
    first = _monday_on_or_after(date(school_year, 9, 1))
    first_end = _monday_on_or_after(date(school_year + 1, 1, 12)) + timedelta(days=4)
    second = _monday_on_or_after(date(school_year + 1, 2, 20))
    second_end = _monday_on_or_after(date(school_year + 1, 6, 29)) + timedelta(days=4)
    terms = [
        TermDates(name=_("first term"), start=first, end=first_end),
        TermDates(name=_("second term"), start=second, end=second_end),
    ]
    blocked = [
        Blocked(start=first, end=first + timedelta(days=4), reason=_("start of term")),
        Blocked(
            start=date(school_year, 10, 1), end=date(school_year, 10, 7), reason=_("National Day")
        ),
        Blocked(start=first_end - timedelta(days=11), end=first_end, reason=_("examinations")),
        Blocked(start=second, end=second + timedelta(days=4), reason=_("start of term")),
        Blocked(start=second_end - timedelta(days=11), end=second_end, reason=_("examinations")),
    ]
    return SchoolCalendar(school_year=school_year, terms=terms, blocked=blocked)


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)
