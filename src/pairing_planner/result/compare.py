"""How two plans of one instance differ: recipients whose helpers changed, cities whose
helper schools changed, and counties where a recipient's helper changed. Plain Python, used
for alternatives and for comparing plans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.plan import Plan, Result
from pairing_planner.result.swaps import swaps_between


def changed_recipients(base: Plan, other: Plan) -> list[str]:
    """Recipients (ids, sorted) whose set of helpers differs between the two plans."""
    a, b = base.helpers_of(), other.helpers_of()
    return sorted(r for r in a.keys() | b.keys() if a.get(r) != b.get(r))


def changed_cities(instance: Instance, base: Plan, other: Plan) -> list[str]:
    """Cities (ids, sorted) whose set of serving helper schools differs."""

    def by_city(plan: Plan) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for pair in plan.pairs:
            found.setdefault(instance.city_of(instance.helpers[pair.helper]).id, set()).add(
                pair.helper
            )
        return {c: frozenset(hs) for c, hs in found.items()}

    a, b = by_city(base), by_city(other)
    return sorted(c for c in a.keys() | b.keys() if a.get(c) != b.get(c))


def changed_counties(instance: Instance, recipients: Sequence[str]) -> list[str]:
    """The counties (ids, in the instance's order of places) of ``recipients``; a recipient
    with no county counts under its city. What ``--differ-by county`` counts: a county any of
    whose schools gets another helper."""
    places = {
        (instance.county_of(school) or instance.city_of(school)).id
        for school in (instance.recipients[r] for r in recipients if r in instance.recipients)
    }
    return [place for place in instance.places if place in places]


def against_first(instance: Instance, first: Plan, plan: Plan) -> Plan:
    """``plan`` with its cost gap and differences to ``first`` filled in. The gap in per cent
    is not rounded: 0.12 above 21,441.23 rounded to 0.0 %, and the page, which shows a gap
    below 0.01 % as "< 0.01", showed it as 0 (issue 32); a reader rounds it as it shows it."""
    gap = round(plan.objective - first.objective, 2)
    pct = 100 * (plan.objective - first.objective) / first.objective if first.objective > 0 else 0.0
    return replace(
        plan,
        gap_to_first=gap,
        gap_to_first_pct=pct,
        changed_recipients=changed_recipients(first, plan),
        changed_cities=changed_cities(instance, first, plan),
    )


@dataclass(frozen=True)
class PairChange:
    """One recipient whose helpers differ between plan A and plan B, and the cost change."""

    recipient: str
    helpers_a: list[str]
    helpers_b: list[str]
    cost_change: float
    swap: bool = False
    """Only a swap of interchangeable schools (:mod:`pairing_planner.result.swaps`): the same
    plan to a planner."""


@dataclass(frozen=True)
class Comparison:
    """Plan A against plan B: objective and terms side by side, and what differs."""

    label_a: str
    label_b: str
    objective_a: float
    objective_b: float
    terms_a: dict[str, float]
    terms_b: dict[str, float]
    changes: list[PairChange] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    """Cities whose set of helper schools differs."""
    counties: list[str] = field(default_factory=list)
    """Counties (a city, for a recipient with no county) any of whose recipients gets another
    helper, swaps of interchangeable schools included."""
    swapped: list[list[str]] = field(default_factory=list)
    """The groups of interchangeable schools whose partners the two plans swap."""

    @property
    def real_changes(self) -> int:
        """Recipients with another helper that no swap of interchangeable schools explains."""
        return sum(not change.swap for change in self.changes)


def compare_plans(
    instance: Instance,
    a: Plan,
    b: Plan,
    label_a: str = "A",
    label_b: str = "B",
    groups: Sequence[Sequence[str]] = (),
) -> Comparison:
    """What differs between two plans of ``instance``; with ``groups`` (its interchangeable
    schools), which of the differences are only swaps among them."""
    cost_a = _pair_costs(a)
    cost_b = _pair_costs(b)
    helpers_a, helpers_b = a.helpers_of(), b.helpers_of()
    swaps = swaps_between(groups, a, b)
    changes = [
        PairChange(
            recipient=r,
            helpers_a=sorted(helpers_a.get(r, ())),
            helpers_b=sorted(helpers_b.get(r, ())),
            cost_change=round(cost_b.get(r, 0.0) - cost_a.get(r, 0.0), 2),
            swap=r in swaps.recipients,
        )
        for r in changed_recipients(a, b)
    ]
    order = {r: i for i, r in enumerate(instance.recipients)}
    changes.sort(key=lambda c: order.get(c.recipient, len(order)))
    return Comparison(
        label_a,
        label_b,
        a.objective,
        b.objective,
        dict(a.term_costs),
        dict(b.term_costs),
        changes,
        changed_cities(instance, a, b),
        changed_counties(instance, [change.recipient for change in changes]),
        swaps.groups,
    )


def _pair_costs(plan: Plan) -> dict[str, float]:
    costs: dict[str, float] = {}
    for pair in plan.pairs:
        costs[pair.recipient] = costs.get(pair.recipient, 0.0) + pair.cost
    return costs


@dataclass(frozen=True)
class Reproduction:
    """A recorded result solved again: how many plans each has, the ranks whose pairs differ,
    and the versions the record was made with when they differ from today's."""

    recorded: int
    now: int
    differing: list[int]
    versions: tuple[str, str] | None
    """(tool, OR-Tools) of the record, when not the versions running now."""

    @property
    def same(self) -> bool:
        """Every plan again, pair for pair."""
        return not self.differing and self.recorded == self.now


def reproduction(before: Result, again: Result) -> Reproduction:
    """How ``again`` (the same instance and parameters solved now) matches ``before``."""
    pairs = [sorted((p.helper, p.recipient) for p in plan.pairs) for plan in before.plans]
    now = [sorted((p.helper, p.recipient) for p in plan.pairs) for plan in again.plans]
    differing = [i + 1 for i, (a, b) in enumerate(zip(pairs, now, strict=False)) if a != b]
    recorded = (before.tool_version, before.ortools_version)
    current = (again.tool_version, again.ortools_version)
    return Reproduction(len(pairs), len(now), differing, None if recorded == current else recorded)
