"""A pairing plan's activity calendar as plain data: what each pair does (an activity per duty
of M1–M3 or H1–H2), when (the week it starts, Monday to Friday), where and who travels; and
the result of scheduling them (status, objective, bound, runtime, as for a pairing plan)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Literal

from pairing_planner.instance.schema.calendar_models import SchoolCalendar

CalendarStatus = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"]

CALENDAR_KIND = "pairing-planner calendar"
"""The ``kind`` of a calendar's JSON file (``plan verify`` tells it from a plans file)."""


@dataclass(frozen=True)
class Activity:
    """One thing a pair does in the year, as its duty (``clause``, ``duty``) asks.

    ``host`` is the school it happens at and ``traveller`` the school whose people go there
    (``people`` of them); an event lasts ``days`` days in one week, a secondment ``weeks``
    weeks. ``term`` fixes the term (M1: one meeting in each), ``after`` an activity this one
    follows by at least ``gap_weeks`` (M3: a project's review after its start)."""

    id: str
    helper: str
    recipient: str
    clause: str
    duty: str
    host: str
    traveller: str
    people: int
    kind: Literal["event", "secondment"]
    days: int = 1
    weeks: int = 1
    term: int | None = None
    after: str | None = None
    gap_weeks: int = 0
    km: float = 0.0


@dataclass(frozen=True)
class Placement:
    """An activity placed: its first and last day (a Monday, and the Friday of its last week
    for a secondment or the last day of an event)."""

    activity: Activity
    start: date
    end: date
    term: int


@dataclass(frozen=True)
class CalendarResult:
    """The calendar of one plan of an instance: every activity placed, or why not."""

    instance: str
    plan_rank: int
    settings: SchoolCalendar
    """The calendar scheduled in (terms, blocked days, limits): ``plan verify`` checks against
    it."""
    status: CalendarStatus
    placements: list[Placement]
    objective: float | None
    bound: float | None
    seconds: float
    parts: int
    """Groups of activities scheduled apart (no constraint joins them)."""
    floors: int = 0
    """Groups that kept their greedy calendar because no time was left to search."""
    clocked: int = 0
    """Groups whose search the clock ended before their work limit, or left none: another run,
    under another load, may place their activities otherwise (0: the same plan, settings and
    time limit give this calendar again)."""
    terms: dict[str, int] = field(default_factory=dict)
    """The objective's terms (travel saved, evenness, disruption), as weighed."""
    problems: list[str] = field(default_factory=list)
    """Why no calendar exists, in the rules' words: which school, which weeks, which duty."""
    interrupted: bool = False
    """A stop (Ctrl-C, SIGTERM) ended the search: groups not reached keep their greedy
    calendar."""
    moved: list[str] = field(default_factory=list)
    """Activities of a re-planned year placed elsewhere than in the earlier calendar."""

    @property
    def school_year(self) -> int:
        """The year the calendar's school year begins in."""
        return self.settings.school_year

    def to_json(self) -> str:
        """The calendar for other systems (dates as ISO strings), one placement a line: built
        field by field and written by the C encoder, since ``asdict`` and an indented dump
        took 5 s for a province's 60,000 activities."""
        head = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "placements"}
        head["settings"] = self.settings.model_dump(mode="json")
        rows = [
            json.dumps(
                {
                    "activity": vars(p.activity),
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "term": p.term,
                },
                ensure_ascii=False,
            )
            for p in self.placements
        ]
        body = json.dumps({"kind": CALENDAR_KIND, **head}, ensure_ascii=False, indent=1)
        return body[:-2] + ',\n "placements": [\n  ' + ",\n  ".join(rows) + "\n ]\n}\n"


def calendar_from_json(text: str) -> CalendarResult:
    """A calendar written by :meth:`CalendarResult.to_json`."""
    data = json.loads(text)
    data.pop("kind", None)
    placements = [
        Placement(
            activity=Activity(**p["activity"]),
            start=date.fromisoformat(p["start"]),
            end=date.fromisoformat(p["end"]),
            term=p["term"],
        )
        for p in data.pop("placements")
    ]
    settings = SchoolCalendar.model_validate(data.pop("settings"))
    return CalendarResult(placements=placements, settings=settings, **data)
