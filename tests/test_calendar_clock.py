"""The calendar budgets its time on the monotonic clock, as the solve does (issue 31, review
of session 36): its batches' deadline was a wall-clock time, so a clock stepped by NTP or a
laptop waking from sleep cut every batch's search short (OPTIMAL became FEASIBLE with three
batches ``clocked`` when the wall clock was an hour ahead)."""

from __future__ import annotations

import time

import pytest

from pairing_planner import Instance, SolveOptions, activity_calendar
from tests.solved import solved_once


def test_the_calendar_never_reads_the_wall_clock(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Heze's calendar scheduled with ``time.time`` made to fail: it is made all the same,
    every activity placed."""
    plan = solved_once(heze_as_stated, SolveOptions(time_limit=60)).plans[0]

    def stepped() -> float:
        raise AssertionError("the calendar read the wall clock")

    monkeypatch.setattr(time, "time", stepped)
    calendar = activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=60)
    assert calendar.status in ("OPTIMAL", "FEASIBLE")
    assert len(calendar.placements) == 3 * len(plan.pairs)
