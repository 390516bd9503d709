"""When this process started, on the clock time limits are counted by.

A command's time limit covers the whole command as a planner times it (issue 17: "from reading
the file to writing the result"), and on a loaded 2-core machine starting Python and importing
the command's libraries took a second of a 30 s limit before the command's own code ran.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

if sys.platform != "win32":
    import resource

_IMPORTED = time.monotonic()


def process_start() -> float:
    """``time.monotonic()`` as it was when this process started: on Linux from the kernel's
    record of the start (``/proc/self/stat``, in clock ticks since boot), elsewhere, or when
    that cannot be read, when this module was first imported (the CLI imports it first)."""
    if not sys.platform.startswith("linux"):
        return _IMPORTED
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _IMPORTED
    return time.monotonic() - max(0.0, age)


def cpu_seconds() -> float:
    """The CPU seconds this process has used, user and system, with those of its children
    that have ended (a pool's workers, once shut down; not on Windows, which keeps no such
    count): beside the wall seconds a command
    took, what it says of a busy machine (issue 31: 2.2 s of CPU in 24.6 s, load 11)."""
    if sys.platform == "win32":
        return time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


LEAST = 0.05
"""The fewest seconds a search is given however late it starts, so that it still returns
what it has (a model given nothing would not even load)."""


@dataclass(frozen=True, order=True)
class Deadline:
    """When a command's time is up, on the monotonic clock: one object, created once per
    solve from the command's start (:func:`process_start`), passed down to every stage,
    each asking it for what is left or for its share (issue 31: the budgeting was spread
    over six modules mixing ``time.monotonic`` and ``time.time``, and the wall clock moves
    when the system's time is set).

    It crosses process boundaries as the seconds left (:meth:`__reduce__`): a worker, or a
    Dask worker on another machine, counts them on its own monotonic clock."""

    end: float
    """``time.monotonic()`` at the deadline."""

    @classmethod
    def after(cls, seconds: float, start: float | None = None) -> Deadline:
        """``seconds`` after ``start`` (``time.monotonic()``; default now)."""
        return cls((time.monotonic() if start is None else start) + seconds)

    def left(self, least: float = LEAST) -> float:
        """Seconds left, at least ``least`` (a search started late still gets that)."""
        return max(least, self.end - time.monotonic())

    def remaining(self) -> float:
        """Seconds left, below zero once the time is up (how far past it a stage is)."""
        return self.end - time.monotonic()

    def passed(self) -> bool:
        """Whether the time is up."""
        return time.monotonic() >= self.end

    def within(self, seconds: float) -> Deadline:
        """The sooner of this deadline and ``seconds`` from now."""
        return min(self, Deadline.after(seconds))

    def share(self, parts: float) -> Deadline:
        """One of ``parts`` equal shares of the time left, from now (at least :data:`LEAST`
        in all)."""
        return Deadline.after(self.left() / parts)

    def __sub__(self, seconds: float) -> Deadline:
        """The deadline ``seconds`` earlier (room kept for what must follow)."""
        return Deadline(self.end - seconds)

    def __reduce__(self) -> tuple[Callable[[float], Deadline], tuple[float]]:
        return _seconds_from_now, (self.end - time.monotonic(),)


def _seconds_from_now(seconds: float) -> Deadline:
    """A deadline unpickled: the seconds it had left when it was sent, from now."""
    return Deadline(time.monotonic() + seconds)
