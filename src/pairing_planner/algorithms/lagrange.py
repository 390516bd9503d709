"""A lower bound and a fractional plan for large parts by Lagrangian relaxation of coverage
(S1): each recipient's "exactly one helper" gets a price, and then every helper chooses its
best set of recipients on its own — one school of an exclusive set (S4's poverty-village
schools, from the problem data) alone or up to its capacity of other schools, with its load
costs. That choice is solved exactly in a few array operations, so any prices give a valid
bound; subgradient steps raise it. How often each pair was chosen, averaged over the
steps, is a fractional plan to round (:mod:`pairing_planner.algorithms.rounding`).

Why: the LP relaxation's bound is weak on S4 (a half-exclusive helper may still take a whole
other school); relaxing coverage instead keeps each helper's choice exact, load costs
included, and its bound came within 0.1 % of the optimum where the LP's was 4–5 % below
(docs/performance.md).

The same prices bound each pair: no plan that uses a pair costs less than the relaxation
with that pair forced into its helper's choice (:func:`pair_bounds`). Pairs whose bound
exceeds a known plan's cost cannot be in a cheaper plan, which is what lets a mid-size part
be proven on a small model (:mod:`pairing_planner.solving.methods.reduced_cost_fixing`).

It applies only where every structure of the problem data is one it handles
(:data:`TAKES`: coverage, capacities, exclusive sets; the filters only narrow the candidate
pairs, which it reads), with a coverage structure to price (:func:`lagrangian_takes`). It
reads the problem data alone, never a solver's model.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from pairing_planner import stop
from pairing_planner.algorithms.lp import Relaxation
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.rules.structures import Capacity, Cover, Exclusive, Structure

TAKES: frozenset[type[Structure]] = frozenset({Cover, Capacity, Exclusive})
"""The structures the relaxation keeps exactly: the coverage it prices, and in each helper's
own choice its capacity and the exclusive sets (S4)."""


def lagrangian_takes(problem: ProblemData) -> bool:
    """The relaxation of coverage is exact about every other structure of ``problem``, and
    there is a coverage to price."""
    return problem.covered() and problem.only(TAKES)


class _Relaxation:
    """The pairs as arrays, grouped by helper, and each helper's cost of its first k
    schools."""

    def __init__(self, problem: ProblemData) -> None:
        index = {r: i for i, r in enumerate(problem.instance.recipients)}
        helpers = list(problem.by_helper)
        where: dict[str, list[int]] = {h: [] for h in helpers}
        for i, (helper, _r) in enumerate(problem.pairs):
            where[helper].append(i)
        self.at = np.array([i for h in helpers for i in where[h]], dtype=np.intp)
        """Each of these pairs' place in the problem data's pairs."""
        pairs = [problem.pairs[i] for i in self.at.tolist()]
        self.pairs = pairs
        self.problem_pairs = len(problem.pairs)
        self.recipients = len(index)
        self.recipient = np.array([index[r] for _h, r in pairs], dtype=np.intp)
        self.helper = np.repeat(
            np.arange(len(helpers)), [len(problem.by_helper[h]) for h in helpers]
        )
        self.cost = np.array([problem.costs.cost[p] for p in pairs], dtype=float)
        self.alone = np.array([r in problem.exclusive for _h, r in pairs], dtype=bool)
        self.most = np.array([problem.most_load(h) for h in helpers], dtype=np.intp)
        self.load = np.zeros((len(helpers), int(self.most.max(initial=0)) + 1))
        for i, most in enumerate(self.most):
            units = list(problem.costs.unit_costs(int(most)).values())
            if units:
                self.load[i, 1 : most + 1] = np.cumsum(np.sum(units, axis=0))

    def evaluate(
        self, price: NDArray[np.float64]
    ) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
        """The bound at ``price`` (one per recipient), a subgradient (1 − how many helpers
        chose each recipient) and the pairs chosen (1, else 0)."""
        reduced = self.cost - price[self.recipient]
        alone_value, alone_pair = self._best_alone(reduced)
        shared_value, shared_pairs = self._best_shared(reduced)
        takes_alone = alone_value < np.minimum(shared_value, 0.0)
        chosen = np.concatenate(
            [alone_pair[takes_alone], shared_pairs[~takes_alone[self.helper[shared_pairs]]]]
        )
        counts = np.bincount(self.recipient[chosen], minlength=self.recipients)
        best = np.minimum(np.minimum(alone_value, shared_value), 0.0)
        picked = np.zeros(len(reduced))
        picked[chosen] = 1.0
        return float(price.sum() + best.sum()), (1.0 - counts).astype(np.float64), picked

    def ceiling(self) -> float:
        """A cost no plan exceeds: every recipient at its dearest pair, every helper fully
        loaded."""
        dearest = np.zeros(self.recipients)
        np.maximum.at(dearest, self.recipient, self.cost)
        return float(dearest.sum() + self.load.max(axis=1).sum())

    def pair_bounds(self, price: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        """The bound at ``price``, and per pair the bound with that pair forced into its
        helper's choice: every other helper still chooses its best, so no plan that uses the
        pair costs less."""
        reduced = self.cost - price[self.recipient]
        alone_value, _pair = self._best_alone(reduced)
        shared_value, _pairs = self._best_shared(reduced)
        best = np.minimum(np.minimum(alone_value, shared_value), 0.0)
        bound = float(price.sum() + best.sum())
        return bound, bound - best[self.helper] + self._forced(reduced)

    def _forced(self, reduced: NDArray[np.float64]) -> NDArray[np.float64]:
        """Per pair: its helper's best choice that includes it. A poverty-village school
        alone (S4); another school with the helper's k − 1 cheapest others, or, when it is
        among its k cheapest, with those, at the best k up to its most load."""
        value = np.full(len(reduced), np.inf)
        alone = np.flatnonzero(self.alone)
        value[alone] = reduced[alone] + self.load[self.helper[alone], 1]
        order = _by_helper_then(np.flatnonzero(~self.alone), self.helper, reduced)
        if not len(order):
            return value
        group = self.helper[order]
        starts = _group_starts(group)
        sizes = np.diff(np.r_[starts, len(order)])
        rank = np.arange(len(order)) - np.repeat(starts, sizes)
        most = np.minimum(self.most, np.bincount(group, minlength=len(self.most)))
        total = np.cumsum(reduced[order])
        prefix = total - np.repeat(np.r_[0.0, total][starts], sizes)
        cheapest = np.zeros((len(self.most), int(most.max()) + 1))
        within = rank < most[group]
        cheapest[group[within], rank[within] + 1] = prefix[within]
        forced = np.full(len(order), np.inf)
        for k in range(1, cheapest.shape[1]):
            among = cheapest[group, k] + self.load[group, k]
            beside = cheapest[group, k - 1] + reduced[order] + self.load[group, k]
            with_k = np.where(rank < k, among, beside)
            forced = np.minimum(forced, np.where(k <= most[group], with_k, np.inf))
        value[order] = forced
        return value

    def by_pair(self, share: NDArray[np.float64]) -> NDArray[np.float64]:
        """Per-pair values in the problem data's pair order."""
        values = np.zeros(self.problem_pairs)
        values[self.at] = share
        return values

    def _best_alone(
        self, reduced: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
        """Per helper: its best poverty-village school taken alone (S4), its cost with the
        first school's load cost (inf without one), and that pair."""
        value = np.full(len(self.most), np.inf)
        pair = np.zeros(len(self.most), dtype=np.intp)
        order = _by_helper_then(np.flatnonzero(self.alone), self.helper, reduced)
        first = order[_group_starts(self.helper[order])]
        value[self.helper[first]] = reduced[first] + self.load[self.helper[first], 1]
        pair[self.helper[first]] = first
        return value, pair

    def _best_shared(
        self, reduced: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
        """Per helper: the cheapest set of up to its most load of other schools (its k
        cheapest for the best k, load costs included; 0 for none), and all helpers' chosen
        pairs."""
        order = _by_helper_then(np.flatnonzero(~self.alone), self.helper, reduced)
        group = self.helper[order]
        starts = _group_starts(group)
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        kept = rank < self.most[group]
        order, group, rank = order[kept], group[kept], rank[kept]
        starts = _group_starts(group)
        total = np.cumsum(reduced[order])
        before = np.r_[0.0, total][starts]
        prefix = total - np.repeat(before, np.diff(np.r_[starts, len(order)]))
        prefix += self.load[group, rank + 1]
        value = np.zeros(len(self.most))
        if len(order):
            least = np.minimum.reduceat(prefix, starts)
            value[group[starts]] = np.minimum(least, 0.0)
        best_rank = np.full(len(self.most), -1)
        at_best = (prefix <= value[group]) & (prefix < 0)
        np.maximum.at(best_rank, group[at_best], rank[at_best])
        return value, order[rank <= best_rank[group]]


def _by_helper_then(
    where: NDArray[np.intp], helper: NDArray[np.intp], reduced: NDArray[np.float64]
) -> NDArray[np.intp]:
    """``where`` sorted by helper, then by reduced cost."""
    return where[np.lexsort((reduced[where], helper[where]))]


def _group_starts(group: NDArray[np.intp]) -> NDArray[np.intp]:
    """Positions where a sorted array of group ids starts a new group."""
    if not len(group):
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.r_[True, group[1:] != group[:-1]])


WARM_UP = 50
"""Subgradient steps before the choices start to count in the average (the first prices are
far off)."""


@dataclass(frozen=True)
class _Ascent:
    """Where subgradient steps ended: the best bound, the prices that gave it, each pair's
    share of the helpers' choices after the warm-up, and whether the steps ended by their own
    rule (not by the clock or a stop)."""

    bound: float
    price: NDArray[np.float64]
    share: NDArray[np.float64]
    settled: bool


@dataclass(frozen=True)
class Schedule:
    """How the step size of the subgradient steps shrinks: it starts at ``first`` (a share of
    the distance to the target) and halves after ``patience`` steps without a better bound;
    the steps end when it falls below 1e-4, or after ``most`` steps when given."""

    first: float
    patience: int
    most: int | None = None


SLOW = Schedule(2.0, 20)
"""For a time budget (large parts): long, patient steps, still rising when the time ends."""

QUICK = Schedule(1.0, 10, most=3_000)
"""For pair bounds: on a 35,000-pair S4 county it ends by itself after about 300 steps (1.4 s)
within 0.02 % of the optimum, where :data:`SLOW` needs 600 steps to come as close; on
generated counties of 9,600–27,000 pairs after 256–334 steps. ``most``, ten times that, only
bounds the work should a model's steps keep finding better bounds."""


def _ascend(
    relaxation: _Relaxation, exact: bool, target: float, deadline: float, schedule: Schedule
) -> _Ascent | None:
    """Subgradient steps towards ``target`` until the step size vanishes (or the schedule's
    ``most`` steps are taken), ``deadline`` (``time.monotonic()``) passes, or a stop is
    requested (Ctrl-C); the first step always, so that a bound exists (one cut by the clock,
    not ``settled``). Prices start at each recipient's cheapest pair; with "at least one"
    coverage they stay non-negative."""
    price = np.full(relaxation.recipients, np.inf)
    np.minimum.at(price, relaxation.recipient, relaxation.cost)
    price[~np.isfinite(price)] = 0.0
    best, best_price, step, stalled, taken = -np.inf, price, schedule.first, 0, 0
    chosen = np.zeros(len(relaxation.cost))
    counted = np.zeros(len(relaxation.cost))
    most = schedule.most if schedule.most is not None else np.inf
    settled = False
    while not settled and (not taken or (time.monotonic() < deadline and not stop.requested())):
        value, gradient, chosen = relaxation.evaluate(price)
        taken += 1
        if taken > WARM_UP:
            counted += chosen
        if value > best + 1e-9:
            best, best_price, stalled = value, price, 0
        else:
            stalled += 1
            if stalled == schedule.patience:
                step, stalled = step / 2, 0
        norm = float(gradient @ gradient)
        settled = norm == 0 or step <= 1e-4 or taken >= most
        price = price + step * (target - value) / max(norm, 1.0) * gradient
        if not exact:
            price = np.maximum(price, 0.0)
    if not np.isfinite(best):
        return None
    share = counted / (taken - WARM_UP) if taken > WARM_UP else chosen
    return _Ascent(best, best_price, share, settled)


def _ascended(
    problem: ProblemData, upper: float | None, seconds: float, schedule: Schedule
) -> tuple[_Relaxation, _Ascent] | None:
    """The relaxation's arrays and where its steps towards ``upper`` (the cost of a known
    plan; without one, a cost no plan exceeds) ended within ``seconds``; None when the problem
    has a structure this relaxation does not handle, or no coverage to price."""
    if not lagrangian_takes(problem):
        return None
    relaxation = _Relaxation(problem)
    exact = problem.exactly_one()
    target = relaxation.ceiling() if upper is None else upper
    ascent = _ascend(relaxation, exact, target, time.monotonic() + seconds, schedule)
    return None if ascent is None else (relaxation, ascent)


def lagrangian_relaxation(
    problem: ProblemData, seconds: float, upper: float | None, steps: int | None = None
) -> Relaxation | None:
    """The best bound found in ``seconds`` by subgradient steps towards ``upper`` (the cost of
    a known plan; without one, a cost no plan exceeds), in model units, with each pair's
    share of the helpers' choices after the warm-up — a fractional plan for
    :func:`pairing_planner.algorithms.rounding.rounded_plan`. None when the problem has a
    structure this relaxation does not handle, or no coverage to price. With ``steps``, at
    most that many steps, and ``seconds`` taken as infinite whatever is given: a budget of
    work, not time, so the bound and the plan rounded from it are the same under any load
    (as CP-SAT's deterministic
    time is, :mod:`pairing_planner.solving.execution.guaranteed_work`); 3 s of wall time left a
    300-recipient county's rounded plan 1.07 % above its optimum at a load of 11, under 1 % when
    quiet."""
    schedule = SLOW if steps is None else replace(SLOW, most=steps)
    ascended = _ascended(problem, upper, seconds if steps is None else math.inf, schedule)
    if ascended is None:
        return None
    relaxation, ascent = ascended
    return Relaxation(ascent.bound, relaxation.by_pair(ascent.share))


@dataclass(frozen=True)
class PairBounds:
    """A Lagrangian bound on the whole model and, per pair, a bound on every plan that uses
    it, both in model units."""

    bound: float
    pairs: list[PairKey]
    least: NDArray[np.float64]
    """Per pair, in the order of ``pairs``: no plan using it costs less."""
    settled: bool
    """The steps ended by their own rule, so these bounds are the same under any load; not
    when the clock or a stop cut them short."""


def pair_bounds(problem: ProblemData, upper: float | None, seconds: float) -> PairBounds | None:
    """Per-pair bounds at the best prices of subgradient steps towards ``upper`` that run
    until their step size vanishes (:data:`QUICK`: a rule of steps, not of time, so the same
    model gives the same bounds under any load), unless ``seconds`` or a stop cut them short
    first (then not ``settled``). None where :func:`lagrangian_relaxation` is."""
    ascended = _ascended(problem, upper, seconds, QUICK)
    if ascended is None:
        return None
    relaxation, ascent = ascended
    bound, least = relaxation.pair_bounds(ascent.price)
    return PairBounds(bound, relaxation.pairs, least, ascent.settled)
