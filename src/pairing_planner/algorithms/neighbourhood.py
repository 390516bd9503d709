"""Large-neighbourhood search: a plan of a part too large for one CP-SAT model, improved by
re-solving windows of nearby recipients exactly while the rest of the plan stays.

Why: on a part of 190,000 candidate pairs CP-SAT finds its first plan late and dear, while a
window's model of about 12,000 pairs is proven optimal in a few seconds (docs/performance.md).

A window is the :data:`WINDOW` recipients nearest a seed recipient, each free to take any of
its candidate helpers; those helpers keep their other recipients, fixed, so every helper's
whole load — its load cost, its S4 mode — is inside the window's model. The objective adds up
over pairs and over each helper's load (:func:`pairing_planner.cpsat.build.build_model`), so
the window's cost and the plan's differ by a constant: a cheaper window plan makes a cheaper
plan. It reads the problem data, not the part's model; each window's model is its own, built
from the window's pairs. Windows that share no helper share no recipient either, so several
are solved at once, in threads (CP-SAT releases the GIL); each with one worker and a
deterministic time limit, so runs that complete the same rounds give the same plan.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from ortools.sat.python import cp_model

from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import build_model
from pairing_planner.cpsat.check_plan import StartPlan, check_plan
from pairing_planner.cpsat.solver import new_solver
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.prepare.parts import Part, part_of
from pairing_planner.prepare.problem import ProblemData

WINDOW = 300
"""Recipients per window: on the county above, 300 gained more per second than 150 or 500."""

WINDOW_EFFORT = 1.0
"""CP-SAT's deterministic time limit per window (about seconds): most windows finish sooner."""


@dataclass(frozen=True)
class _Window:
    """Recipients free to move, the window as a part, and the plan's pairs inside it."""

    free: frozenset[str]
    part: Part
    current: frozenset[PairKey]


def improve(
    problem: ProblemData,
    start: StartPlan,
    deadline: Deadline,
    *,
    seed: int,
    threads: int,
    stop: threading.Event,
    on_better: Callable[[StartPlan], None] | None = None,
) -> StartPlan:
    """``start`` improved window by window until ``deadline`` (the solve's, handed down), until
    ``stop`` is set, or until no window improves the plan any more. No round starts with less
    time left than the longest setup so far (choosing, building and checking the windows):
    it could only overrun the deadline, by about a second on the 5,000-school county."""
    search = _Search(problem, start, seed)
    setup = 0.0
    with ThreadPoolExecutor(max(1, threads)) as pool:
        while deadline.left(0) > setup and not stop.is_set() and not search.settled:
            before, began = search.cost, time.monotonic()
            windows = search.next_windows(threads)
            solve = partial(_solve_window, deadline=deadline, seed=seed)
            for window, (found, built_at) in zip(windows, pool.map(solve, windows), strict=True):
                search.apply(window, found)
                setup = max(setup, built_at - began)
            if search.cost < before and on_better is not None:
                on_better(search.plan())
    return search.plan()


class _Search:
    """The current plan and the order in which windows are tried."""

    def __init__(self, problem: ProblemData, start: StartPlan, seed: int) -> None:
        self._problem, self._bound = problem, start.bound
        self._pairs = set(start.pairs)
        self.cost = start.cost
        self._seeds = list(problem.instance.recipients)
        random.Random(seed).shuffle(self._seeds)
        self._next = 0
        self._unimproved: set[str] = set()

    @property
    def settled(self) -> bool:
        """Whether every recipient lies in a window that found nothing since the last gain."""
        return len(self._unimproved) == len(self._seeds)

    def plan(self) -> StartPlan:
        return StartPlan(sorted(self._pairs), self.cost, self._bound)

    def next_windows(self, most: int) -> list[_Window]:
        """Up to ``most`` windows around the next seeds that share no helper (a few seeds
        tried each; the first always fits)."""
        chosen: list[tuple[frozenset[str], frozenset[str]]] = []
        for _attempt in range(4 * max(1, most)):
            seed = self._seeds[self._next]
            self._next = (self._next + 1) % len(self._seeds)
            free, helpers = self._around(seed)
            if all(helpers.isdisjoint(taken) for _free, taken in chosen):
                chosen.append((free, helpers))
            if len(chosen) == max(1, most):
                break
        return [self._window(free, helpers) for free, helpers in chosen]

    def apply(self, window: _Window, found: tuple[int, list[PairKey]] | None) -> None:
        """The window's cheaper plan in place of its part of the plan (``found``: the gain)."""
        if found is None:
            self._unimproved |= window.free
            return
        gain, pairs = found
        self._pairs = (self._pairs - window.current) | set(pairs)
        self.cost -= gain
        self._unimproved = set()

    def _around(self, seed: str) -> tuple[frozenset[str], frozenset[str]]:
        """The recipients nearest ``seed`` and the helpers they may take."""
        problem = self._problem
        instance = problem.instance
        free = instance.recipients_near.nearest(*instance.coords(instance.recipients[seed]), WINDOW)
        by_recipient = problem.by_recipient
        return frozenset(free), frozenset(h for r in free for h, _r in by_recipient.get(r, []))

    def _window(self, free: frozenset[str], helpers: frozenset[str]) -> _Window:
        """The window as a part: the free recipients with all their candidate pairs, and the
        other recipients of those helpers held to their present pairs."""
        problem = self._problem
        current = frozenset(p for p in self._pairs if p[0] in helpers or p[1] in free)
        held = [p for p in current if p[1] not in free]
        pairs = [p for r in free for p in problem.by_recipient.get(r, [])] + held
        part = part_of(problem.instance, pairs, set(helpers), set(free) | {r for _h, r in held})
        return _Window(free, part, current)


def _solve_window(
    window: _Window, deadline: Deadline, seed: int
) -> tuple[tuple[int, list[PairKey]] | None, float]:
    """The window's best plan and how much cheaper it is, or None when it is no cheaper (or
    ``deadline`` came while building it); and when its search could start
    (``time.monotonic()``)."""
    built = build_model(window.part.instance, window.part.pairs)
    old = check_plan(built, window.current, deadline.left())
    ready = time.monotonic()
    if old is None or ready >= deadline.end:
        return None, ready
    for pair, var in built.ctx.x.items():
        built.ctx.model.add_hint(var, pair in window.current)
    solver = new_solver(deadline.end - ready, seed=seed, effort=WINDOW_EFFORT)
    if solver.solve(built.ctx.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, ready
    cost = int(solver.value(built.cost))
    if cost >= old.cost:
        return None, ready
    chosen = [pair for pair, var in built.ctx.x.items() if solver.boolean_value(var)]
    return (old.cost - cost, chosen), ready
