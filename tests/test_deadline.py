"""One Deadline for all time budgeting (issue 31): monotonic, counted from a start, asked for
what is left or a share, and carried to another process as the seconds it has left."""

from __future__ import annotations

import pickle
import time

import pytest

from pairing_planner import clock
from pairing_planner.clock import LEAST, Deadline
from pairing_planner.solving.execution.part_tasks import PartTask


def test_a_deadline_counts_from_its_start_on_the_monotonic_clock() -> None:
    """Ten seconds from a start two seconds ago leave eight; one past gives the least."""
    now = time.monotonic()
    assert Deadline.after(10, now - 2).left() == pytest.approx(8, abs=0.5)
    assert Deadline.after(1, now - 5).left() == LEAST
    assert Deadline.after(1, now - 5).passed()
    assert not Deadline.after(60).passed()


def test_shares_and_earlier_deadlines_never_pass_the_whole() -> None:
    """A share is a part of what is left; within takes the sooner; minus moves it earlier."""
    whole = Deadline.after(60)
    assert whole.share(3).left() == pytest.approx(20, abs=0.5)
    assert whole.within(5).left() == pytest.approx(5, abs=0.5)
    assert whole.within(600) == whole
    assert (whole - 10).end == whole.end - 10
    assert sorted([whole, whole - 10]) == [whole - 10, whole]


def test_a_deadline_crosses_processes_as_the_seconds_it_has_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Unpickled where the monotonic clock reads otherwise (another process or machine), a
    deadline keeps the seconds it had left, not the other clock's number."""
    task = PartTask(
        seed=0, threads=1, deadline=Deadline.after(30), strict=False, language="en", plans=1
    )
    sent = pickle.dumps(task)
    later = time.monotonic() + 1000.0
    monkeypatch.setattr(clock.time, "monotonic", lambda: later)
    received = pickle.loads(sent)
    assert received.deadline.end == pytest.approx(later + 30, abs=0.5)
    assert received.deadline.left() == pytest.approx(30, abs=0.5)
