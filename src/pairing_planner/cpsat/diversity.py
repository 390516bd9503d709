"""Constraints that make each further plan genuinely different (``--min-diff``, ``--within``).

The difference between two plans is the number of recipients whose helpers differ (a
Hamming distance on recipients). For each earlier plan P and recipient r a boolean
``diff[P, r]`` may be true only if some pair variable of r differs from P:

    diff[P, r] ≤ Σ_{e of r in P} (1 − x_e) + Σ_{e of r not in P} x_e

* ``min_diff`` D: Σ_r diff[P, r] ≥ D for every earlier plan P. Each plan is then optimal
  among the plans at distance ≥ D from all earlier ones (D = 1: the k best distinct plans).

What is counted is the planner's choice (``differ_by``): recipients whose helpers differ
(``school``, the default), recipient counties any of whose schools' helpers differ
(``county``: diff[P, k] ≤ Σ of the changes of k's schools), or helper cities whose set of
helper schools in use differs (``city``: with used[h] = OR of h's pairs, diff[P, c] ≤ the
changes of used[h] over c's helpers; for Heze, a city sending another school).
* ``within`` PCT: after plan 1, cost ≤ (1 + PCT/100) × optimum, and the objective becomes
  "maximise the least distance t to the earlier plans, then the lowest cost": M·t − cost with
  M larger than any cost within the budget, so cost only breaks ties between equal t.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from pairing_planner.cpsat.build import BuiltModel
from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.instance.schema.models import DifferBy
from pairing_planner.objective import SCALE
from pairing_planner.prepare.symmetry import interchangeable, interchangeable_helpers, swap_images
from pairing_planner.result.plan import Plan
from pairing_planner.said import Said, joined, said

LOWEST_COST = N_("lowest cost")
"""The constraint of a first plan (and of the plans merged from parts' first)."""

UNITS: dict[str, str] = {
    "school": N_("differs from {earlier} in ≥ {d} recipient(s)"),
    "city": N_("differs from {earlier} in the helper schools of ≥ {d} city(ies)"),
    "county": N_("differs from {earlier} in the helpers of ≥ {d} county(ies)"),
}


def describe(
    found: int,
    min_diff: int,
    budget: float | None,
    within: float | None,
    differ_by: DifferBy = "school",
) -> Said:
    """The constraints of the plan after ``found`` plans, in words (also for plans merged from
    parts, :mod:`pairing_planner.solving.decomposition.solve_parts`). The budget is written
    with thousands separators, as every other cost the workbench shows: 「成本 ≤ 7228.90」 stood
    beside 7,079.94 (review 37, finding 12)."""
    if found == 0:
        return said(LOWEST_COST)
    earlier = said(N_("plan 1")) if found == 1 else said(N_("plans 1–{k}"), k=found)
    words = said(UNITS[differ_by], earlier=earlier, d=min_diff)
    if budget is None:
        return joined([words, said(N_("; lowest cost"))], "")
    within_words = said(
        N_(
            "; cost ≤ {budget:,.2f} (within {pct:g} % of plan 1); maximises the least difference "
            "from {earlier}, then lowest cost"
        ),
        budget=budget,
        pct=within if within is not None else 0.0,
        earlier=earlier,
    )
    return joined([words, within_words], "")


class Diversity:
    """Adds, after each plan found, what the next plan must satisfy."""

    def __init__(
        self,
        built: BuiltModel,
        min_diff: int,
        within: float | None,
        differ_by: DifferBy = "school",
    ) -> None:
        self._built = built
        self._min_diff = min_diff
        self._within = within
        self._differ_by = differ_by
        self._used: dict[str, cp_model.IntVar] = {}
        self._least: cp_model.IntVar | None = None
        self._budget: float | None = None
        self._found = 0

    @property
    def maximises_difference(self) -> bool:
        """True once the objective is the least distance (``--within`` after plan 1)."""
        return self._least is not None

    def describe(self) -> Said:
        """The constraints the next plan is found under, in words."""
        return describe(self._found, self._min_diff, self._budget, self._within, self._differ_by)

    def after(self, plan: Plan) -> None:
        """Constrain later plans against ``plan`` and every plan it stands for (its swaps of
        interchangeable schools, :func:`~pairing_planner.prepare.symmetry.swap_images`: to a
        planner the same plan), and hint the search with it."""
        chosen = {(p.helper, p.recipient) for p in plan.pairs}
        model = self._built.ctx.model
        if self._within is not None and self._least is None:
            self._maximise_difference(plan)
        for k, pairs in enumerate([frozenset(chosen), *self._images(chosen)]):
            distance = self._distance(pairs, f"{plan.rank}.{k}")
            model.add(distance >= self._min_diff)
            if self._least is not None:
                model.add(self._least <= distance)
        model.clear_hints()  # type: ignore[no-untyped-call]  # untyped in OR-Tools' stubs
        for pair, var in self._built.ctx.x.items():
            model.add_hint(var, pair in chosen)
        self._found += 1

    def _images(self, chosen: set[PairKey]) -> list[frozenset[PairKey]]:
        """The other plans ``chosen`` stands for by swaps of interchangeable schools."""
        problem = self._built.problem
        return swap_images(interchangeable(problem), list(chosen), interchangeable_helpers(problem))

    def _distance(self, chosen: frozenset[PairKey], label: str) -> cp_model.LinearExpr:
        """How many units (recipients, counties or cities) differ from the plan ``chosen``."""
        ctx = self._built.ctx
        if self._differ_by == "city":
            used = {h for h, _r in chosen}
            units = self._cities()
            changes = {
                c: [1 - self._used_var(h) if h in used else self._used_var(h) for h in hs]
                for c, hs in units.items()
            }
        else:
            units = self._recipient_units()
            changes = {
                unit: [
                    1 - ctx.x[p] if p in chosen else ctx.x[p]
                    for r in members
                    for p in ctx.by_recipient[r]
                ]
                for unit, members in units.items()
            }
        diffs = []
        for unit, terms in changes.items():
            diff = ctx.model.new_bool_var(f"diff[{label},{unit}]")
            ctx.model.add(diff <= sum(terms))
            diffs.append(diff)
        return cp_model.LinearExpr.sum(diffs)

    def units(self) -> int:
        """How many units a plan can differ in."""
        return len(self._cities() if self._differ_by == "city" else self._recipient_units())

    def _recipient_units(self) -> dict[str, list[str]]:
        """Recipients by themselves (``school``) or by county (``county``)."""
        ctx = self._built.ctx
        if self._differ_by == "school":
            return {r: [r] for r in ctx.by_recipient}
        units: dict[str, list[str]] = {}
        for r in ctx.by_recipient:
            school = ctx.instance.recipients[r]
            place = ctx.instance.county_of(school) or ctx.instance.city_of(school)
            units.setdefault(place.id, []).append(r)
        return units

    def _cities(self) -> dict[str, list[str]]:
        """The model's helpers by city."""
        ctx = self._built.ctx
        cities: dict[str, list[str]] = {}
        for h in dict.fromkeys(h for h, _r in ctx.x):
            cities.setdefault(ctx.instance.city_of(ctx.instance.helpers[h]).id, []).append(h)
        return cities

    def _used_var(self, helper: str) -> cp_model.IntVar:
        """A variable that is 1 exactly when ``helper`` serves some school (all made at the
        first call)."""
        if not self._used:
            ctx = self._built.ctx
            pairs: dict[str, list[cp_model.IntVar]] = {}
            for (h, _r), x in ctx.x.items():
                pairs.setdefault(h, []).append(x)
            for h, xs in pairs.items():
                self._used[h] = ctx.model.new_bool_var(f"used[{h}]")
                ctx.model.add_max_equality(self._used[h], xs)
        return self._used[helper]

    def _maximise_difference(self, first: Plan) -> None:
        assert self._within is not None
        model, cost = self._built.ctx.model, self._built.cost
        limit = math.floor(round(first.objective * SCALE) * (1 + self._within / 100))
        self._budget = limit / SCALE
        model.add(cost <= limit)
        self._least = model.new_int_var(0, self.units(), "least_difference")
        model.maximize((limit + 1) * self._least - cost)
