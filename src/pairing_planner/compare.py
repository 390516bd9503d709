"""How two plans of one instance differ: recipients whose helpers changed, and cities whose
helper schools changed. Plain Python, used for alternatives and for comparing plans."""

from __future__ import annotations

from dataclasses import replace

from pairing_planner.instance.instance import Instance
from pairing_planner.plan import Plan


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


def against_first(instance: Instance, first: Plan, plan: Plan) -> Plan:
    """``plan`` with its cost gap and differences to ``first`` filled in."""
    gap = round(plan.objective - first.objective, 2)
    pct = round(100 * gap / first.objective, 2) if first.objective > 0 else 0.0
    return replace(
        plan,
        gap_to_first=gap,
        gap_to_first_pct=pct,
        changed_recipients=changed_recipients(first, plan),
        changed_cities=changed_cities(instance, first, plan),
    )
