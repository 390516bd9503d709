"""Running part tasks: in this process when the work is small, else in one pool of spawned
processes that every round of a solve reuses.

Why a threshold: starting a pool costs about 1.2 s on two idle cores (spawning, and importing
OR-Tools in each worker), more under load, while the 21-school Heze instance solves in 0.05 s
in the calling process. Below :data:`POOL_PAIRS` candidate pairs the calling process is
faster (docs/performance.md).

Spawned workers would import the caller's main script again (that is how multiprocessing
gives them the caller's functions); a plain script without an ``if __name__ ==
"__main__":`` guard then solves again in every worker and fails there. Part tasks live in
this package and need nothing of the caller's, so the pool is started with no main module
to import, and the library works from a plain script at any size.

Processes are spawned, never forked from a parent that may run threads. Workers ignore
Ctrl-C (the parent decides; a stop terminates them) and end themselves when their parent
dies, even by ``kill -9``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult, Pool
from types import ModuleType, TracebackType
from typing import TypeVar

from pairing_planner import stop
from pairing_planner.result.solver_progress import PartHook

P = TypeVar("P")
"""What a task works on (a part of a pairing, a batch of a calendar)."""
H = TypeVar("H")
"""How it is to do it (deadline, seed …)."""
R = TypeVar("R")
"""What it gives back."""

POOL_PAIRS = 20_000
"""Candidate pairs in all from which parts are solved in a pool of processes."""

POOL_START_FLOORS = 180_000
"""A pool worker's start-up (a fresh interpreter importing OR-Tools and the solver stack), in
candidate pairs' greedy floors at the rate
:func:`~pairing_planner.solving.execution.part_tasks.floor_rate` measures at the same load:
on two cores the 800-school city's workers took 2.3 s to their first part beside a rate of
13 µs a pair (load 3), 12 s beside 64 µs (load 10), about 180,000 pairs' worth each time."""

PARENT_CHECK_SECONDS = 0.5
"""How often a worker looks whether its parent is still there."""


def pool_pays(left: float, rate: float) -> bool:
    """Whether a pool started now, with ``left`` seconds to the deadline, gives the parts
    more time than the calling process alone: its workers' start-up, estimated at this load
    as :data:`POOL_START_FLOORS` pairs at the floors' ``rate``
    (:func:`~pairing_planner.solving.execution.part_tasks.floor_rate`), must take less than
    half of it (two workers then search longer in all than one process from now). Under load
    the start-up is most of a short limit: beside four busy processes on two cores the
    800-school city's two workers took 12 s to take their first part, all sixteen past the
    deadline of a 2 s limit, and the command took 22.8 s, where the floors in this process
    take about a second (issue 31)."""
    return left > 2 * POOL_START_FLOORS * rate


class PartRunner:
    """Runs tasks for one solve (its parts, or a calendar's batches), ``jobs`` at a time; a
    context manager that leaves no worker behind, whatever happens inside."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: Pool | None = None

    def __enter__(self) -> PartRunner:
        """Starts the workers now when there will be more than one, so that their start-up
        (a fresh interpreter importing OR-Tools, 0.7 s) overlaps the caller's own work before
        the first part is handed out. A solve enters it once its split has given more than
        one part and the time left pays for the start-up
        (:func:`pool_pays`); else the parts
        run in the calling process."""
        if self.jobs > 1:
            self._started()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def run(
        self, task: Callable[[P, H], R], parts: list[P], hows: list[H], on_part: PartHook | None
    ) -> list[R | None]:
        """``task`` on every part, each with its own ``hows[i]``, started in the order of
        ``parts``; an outcome per part, in that order, None for a part left unsolved because
        a stop was requested."""
        if self.here(parts):
            return self._here(task, parts, hows, on_part)
        return self._pooled(task, parts, hows, on_part)

    def here(self, parts: list[P]) -> bool:
        """Whether :meth:`run` runs ``parts`` in the calling process."""
        return self.jobs == 1 or len(parts) == 1

    def _here(
        self, task: Callable[[P, H], R], parts: list[P], hows: list[H], on_part: PartHook | None
    ) -> list[R | None]:
        outcomes: list[R | None] = []
        for i, (part, how) in enumerate(zip(parts, hows, strict=True)):
            outcomes.append(None if stop.requested() else task(part, how))
            if on_part:
                on_part(i + 1, len(parts))
        return outcomes

    def _pooled(
        self, task: Callable[[P, H], R], parts: list[P], hows: list[H], on_part: PartHook | None
    ) -> list[R | None]:
        pool = self._started()
        pending: dict[int, AsyncResult[R]] = {
            i: pool.apply_async(task, (part, how))
            for i, (part, how) in enumerate(zip(parts, hows, strict=True))
        }
        outcomes = collect(pending, len(parts), AsyncResult.ready, AsyncResult.get, on_part)
        if pending:
            pool.terminate()
            pool.join()
            self._pool = None
        return outcomes

    def _started(self) -> Pool:
        """The pool of workers, started if it is not running (a stop ends it mid-round)."""
        if self._pool is None:
            with no_main_module():
                self._pool = get_context("spawn").Pool(
                    self.jobs, initializer=_watch_parent, initargs=(os.getpid(),)
                )
        return self._pool


J = TypeVar("J")
"""A submitted task, as its runner tracks it (a pool's ``AsyncResult``, a Dask future)."""

POLL_SECONDS = 0.02
"""How often finished tasks are collected (and a stop request looked for)."""


def collect(
    pending: dict[int, J],
    total: int,
    done: Callable[[J], bool],
    value: Callable[[J], R],
    on_part: PartHook | None,
) -> list[R | None]:
    """The outcomes of ``total`` submitted tasks, by index, as they finish, until all are in
    or a stop is requested; tasks still running are left in ``pending`` for the runner to
    end (every runner collects the same way, whatever runs its tasks)."""
    outcomes: list[R | None] = [None] * total
    while pending and not stop.requested():
        for i in [i for i, job in pending.items() if done(job)]:
            outcomes[i] = value(pending.pop(i))
            if on_part:
                on_part(total - len(pending), total)
        time.sleep(POLL_SECONDS)
    return outcomes


@contextmanager
def no_main_module() -> Iterator[None]:
    """While inside, ``__main__`` is a bare module: multiprocessing then starts workers without
    running the caller's script (it reads ``__main__.__file__`` and ``__spec__`` as it
    spawns each one)."""
    caller = sys.modules["__main__"]
    sys.modules["__main__"] = ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = caller


def _watch_parent(parent: int) -> None:
    """A worker's start: ignore Ctrl-C, and exit as soon as the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
