"""Constraints that make each further plan genuinely different (``--min-diff``, ``--within``).

The difference between two plans is the number of recipients whose helpers differ (a
Hamming distance on recipients). For each earlier plan P and recipient r a boolean
``diff[P, r]`` may be true only if some pair variable of r differs from P:

    diff[P, r] ≤ Σ_{e of r in P} (1 − x_e) + Σ_{e of r not in P} x_e

* ``min_diff`` D: Σ_r diff[P, r] ≥ D for every earlier plan P. Each plan is then optimal
  among the plans at distance ≥ D from all earlier ones (D = 1: the k best distinct plans).
* ``within`` PCT: after plan 1, cost ≤ (1 + PCT/100) × optimum, and the objective becomes
  "maximise the least distance t to the earlier plans, then the lowest cost": M·t − cost with
  M larger than any cost within the budget, so cost only breaks ties between equal t.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from pairing_planner.cpsat.build import BuiltModel
from pairing_planner.i18n import _
from pairing_planner.objective import SCALE
from pairing_planner.result.plan import Plan


def describe(found: int, min_diff: int, budget: float | None, within: float | None) -> str:
    """The constraints of the plan after ``found`` plans, in words (also for plans merged from
    parts, :mod:`pairing_planner.solving.parts`)."""
    if found == 0:
        return _("lowest cost")
    earlier = _("plan 1") if found == 1 else _("plans 1–{k}").format(k=found)
    words = _("differs from {earlier} in ≥ {d} recipient(s)").format(earlier=earlier, d=min_diff)
    if budget is None:
        return words + _("; lowest cost")
    return words + _(
        "; cost ≤ {budget:.2f} (within {pct:g} % of plan 1); maximises the least difference "
        "from {earlier}, then lowest cost"
    ).format(budget=budget, pct=within, earlier=earlier)


class Diversity:
    """Adds, after each plan found, what the next plan must satisfy."""

    def __init__(self, built: BuiltModel, min_diff: int, within: float | None) -> None:
        self._built = built
        self._min_diff = min_diff
        self._within = within
        self._least: cp_model.IntVar | None = None
        self._budget: float | None = None
        self._found = 0

    @property
    def maximises_difference(self) -> bool:
        """True once the objective is the least distance (``--within`` after plan 1)."""
        return self._least is not None

    def describe(self) -> str:
        """The constraints the next plan is found under, in words."""
        return describe(self._found, self._min_diff, self._budget, self._within)

    def after(self, plan: Plan) -> None:
        """Constrain later plans against ``plan``, and hint the search with it."""
        distance = self._distance(plan)
        model = self._built.ctx.model
        model.add(distance >= self._min_diff)
        if self._within is not None and self._least is None:
            self._maximise_difference(plan)
        if self._least is not None:
            model.add(self._least <= distance)
        chosen = {(p.helper, p.recipient) for p in plan.pairs}
        model.clear_hints()  # type: ignore[no-untyped-call]  # untyped in OR-Tools' stubs
        for pair, var in self._built.ctx.x.items():
            model.add_hint(var, pair in chosen)
        self._found += 1

    def _distance(self, plan: Plan) -> cp_model.LinearExpr:
        ctx = self._built.ctx
        chosen = {(p.helper, p.recipient) for p in plan.pairs}
        diffs = []
        for recipient, pairs in ctx.by_recipient.items():
            changes = [1 - ctx.x[p] if p in chosen else ctx.x[p] for p in pairs]
            diff = ctx.model.new_bool_var(f"diff[{plan.rank},{recipient}]")
            ctx.model.add(diff <= sum(changes))
            diffs.append(diff)
        return cp_model.LinearExpr.sum(diffs)

    def _maximise_difference(self, first: Plan) -> None:
        assert self._within is not None
        model, cost = self._built.ctx.model, self._built.cost
        limit = math.floor(round(first.objective * SCALE) * (1 + self._within / 100))
        self._budget = limit / SCALE
        model.add(cost <= limit)
        self._least = model.new_int_var(0, len(self._built.ctx.by_recipient), "least_difference")
        model.maximize((limit + 1) * self._least - cost)
