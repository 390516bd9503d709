"""A lower bound and a fractional plan for large parts by Lagrangian relaxation of coverage
(S1): each recipient's "exactly one helper" gets a price, and then every helper chooses its
best set of recipients on its own — one poverty-village school alone (S4) or up to its
capacity of other schools, with its load costs. That choice is solved exactly in a few array
operations, so any prices give a valid bound; subgradient steps raise it. How often each pair
was chosen, averaged over the steps, is a fractional plan to round
(:mod:`pairing_planner.algorithms.rounding`).

Why: the LP relaxation's bound is weak on S4 (a half-exclusive helper may still take a whole
other school); relaxing coverage instead keeps each helper's choice exact, load costs
included, and its bound came within 0.1 % of the optimum where the LP's was 4–5 % below
(docs/performance.md).

It applies only where every active rule says the relaxation keeps it
(:func:`pairing_planner.rules.capabilities.lagrangian_takes`: coverage, capacity, S4, and the
filters that only narrow the candidate pairs).
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

from pairing_planner.algorithms.lp import Relaxation
from pairing_planner.cpsat.build import BuiltModel
from pairing_planner.rules import Role
from pairing_planner.rules.capabilities import coverage_rules, in_role, lagrangian_takes


class _Relaxation:
    """The pairs as arrays and each helper's cost of its first k schools."""

    def __init__(self, built: BuiltModel) -> None:
        ctx = built.ctx
        instance = ctx.instance
        s4 = bool(in_role(instance, Role.alone))
        index = {r: i for i, r in enumerate(instance.recipients)}
        helpers = list(ctx.by_helper)
        pairs = [p for h in helpers for p in ctx.by_helper[h]]
        self.variable = np.array([ctx.x[p].index for p in pairs], dtype=np.intp)
        self.recipients = len(index)
        self.recipient = np.array([index[r] for _h, r in pairs], dtype=np.intp)
        self.helper = np.repeat(np.arange(len(helpers)), [len(ctx.by_helper[h]) for h in helpers])
        self.cost = np.array([built.costs.cost[p] for p in pairs], dtype=float)
        self.alone = np.array([s4 and instance.recipients[r].poverty_village for _h, r in pairs])
        self.most = np.array([ctx.most_load(h) for h in helpers], dtype=np.intp)
        self.load = np.zeros((len(helpers), int(self.most.max(initial=0)) + 1))
        for i, most in enumerate(self.most):
            units = list(built.costs.unit_costs(int(most)).values())
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

    def by_variable(self, built: BuiltModel, share: NDArray[np.float64]) -> NDArray[np.float64]:
        """Per-pair values placed at the pair variables' indexes in the model."""
        values = np.zeros(len(built.ctx.model.proto.variables))
        values[self.variable] = share
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


def lagrangian_relaxation(
    built: BuiltModel, seconds: float, upper: float | None
) -> Relaxation | None:
    """The best bound found in ``seconds`` by subgradient steps towards ``upper`` (the cost of
    a known plan; without one, a cost no plan exceeds), in model units, with each pair's
    share of the helpers' choices after the warm-up — a fractional plan for
    :func:`pairing_planner.algorithms.rounding.rounded_plan`. None when the model posts a rule this
    relaxation does not know, or no coverage rule to price. Prices start at each recipient's
    cheapest pair."""
    instance = built.ctx.instance
    if not lagrangian_takes(instance):
        return None
    relaxation = _Relaxation(built)
    exact = all(r.mode == "exactly_one" for r in coverage_rules(instance))
    target = relaxation.ceiling() if upper is None else upper
    price = np.full(relaxation.recipients, np.inf)
    np.minimum.at(price, relaxation.recipient, relaxation.cost)
    price[~np.isfinite(price)] = 0.0
    best, step, stalled, steps = -np.inf, 2.0, 0, 0
    chosen = np.zeros(len(relaxation.cost))
    counted = np.zeros(len(relaxation.cost))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and step > 1e-4:
        value, gradient, chosen = relaxation.evaluate(price)
        steps += 1
        if steps > WARM_UP:
            counted += chosen
        if value > best + 1e-9:
            best, stalled = value, 0
        else:
            stalled += 1
            if stalled == 20:
                step, stalled = step / 2, 0
        norm = float(gradient @ gradient)
        if norm == 0:
            break
        price = price + step * (target - value) / norm * gradient
        if not exact:
            price = np.maximum(price, 0.0)
    if not np.isfinite(best):
        return None
    share = counted / (steps - WARM_UP) if steps > WARM_UP else chosen
    return Relaxation(best, relaxation.by_variable(built, share))
