"""Independent parts of an instance: pairs never cross a part, and no rule spans two.

Parts are the connected components of a graph whose nodes are schools and city quotas, and
whose edges are the candidate pairs, the locked pairs, and — because a city quota (S6, S7)
binds all of a city's helpers of a stage together — links from each quota to the helpers it
counts. Each part
is a smaller instance with the same rules restricted to its schools; solved apart, their
plans together are an optimal plan of the whole (costs add up, and nothing couples parts).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import (
    CityQuotaRule,
    ForbidRule,
    LockRule,
    PairList,
    Rule,
)


@dataclass(frozen=True)
class Part:
    """One independent part: a smaller instance and its candidate pairs."""

    instance: Instance
    pairs: list[PairKey]


def split(instance: Instance, pairs: list[PairKey]) -> list[Part]:
    """The independent parts, largest first (so parallel workers start with the long ones).
    Helpers that can serve no one are left out, unless a city quota names them. Each quota
    of a city is a node of its own, joined to the helpers it counts: a quota its city cannot
    meet — helpers that may serve no one, or none of that stage at all — then stays in
    exactly one part, which is infeasible and says so, instead of vanishing from the merged
    plan."""
    graph = nx.Graph()
    graph.add_nodes_from(("r", r) for r in instance.recipients)
    graph.add_edges_from((("h", h), ("r", r)) for h, r in pairs)
    for index, rule in enumerate(instance.data.rules):
        if isinstance(rule, LockRule):
            graph.add_edges_from((("h", h), ("r", r)) for h, r in rule.pairs)
        elif isinstance(rule, CityQuotaRule):
            for city in rule.quotas:
                bound = [
                    ("h", h.id)
                    for h in instance.data.helpers
                    if rule.stage in h.stages and instance.city_of(h).id == city
                ]
                nx.add_path(graph, [("q", str(index), city), *bound])
    components = [
        nodes for nodes in nx.connected_components(graph) if any(n[0] in "rq" for n in nodes)
    ]
    home = {n[1]: i for i, nodes in enumerate(components) for n in nodes if n[0] == "r"}
    grouped: list[list[PairKey]] = [[] for _nodes in components]
    for pair in pairs:
        grouped[home[pair[1]]].append(pair)
    parts = [
        part_of(
            instance,
            grouped[i],
            {n[1] for n in nodes if n[0] == "h"},
            {n[1] for n in nodes if n[0] == "r"},
            {(int(n[1]), n[2]) for n in nodes if n[0] == "q"},
        )
        for i, nodes in enumerate(components)
    ]
    return sorted(parts, key=lambda p: (-len(p.pairs), _first_school(p)))


def _first_school(part: Part) -> str:
    """A stable tie-break: the part's first recipient, or first helper when it has none."""
    return next(iter(part.instance.recipients), next(iter(part.instance.helpers), ""))


def part_of(
    instance: Instance,
    pairs: list[PairKey],
    helpers: set[str],
    recipients: set[str],
    quotas: set[tuple[int, str]] | None = None,
) -> Part:
    """The instance cut down to ``helpers`` and ``recipients``, its rules restricted to them,
    with the ``pairs`` of those recipients. ``quotas``: the (rule index, city) quotas the part
    holds; by default those of the cities its helpers are in."""
    data = instance.data
    restricted = (
        _restrict(rule, index, instance, helpers, recipients, quotas)
        for index, rule in enumerate(data.rules)
    )
    sub = data.model_copy(
        update={
            "helpers": [h for h in data.helpers if h.id in helpers],
            "recipients": [r for r in data.recipients if r.id in recipients],
            "rules": [r for r in restricted if r],
            "expected": [],
        }
    )
    table = None
    if instance.pair_costs is not None:
        table = {k: v for k, v in instance.pair_costs.items() if k[1] in recipients}
    mine = [p for p in pairs if p[1] in recipients]
    return Part(Instance(data=sub, pair_costs=table), mine)


def _restrict(
    rule: Rule,
    index: int,
    instance: Instance,
    helpers: set[str],
    recipients: set[str],
    quotas: set[tuple[int, str]] | None,
) -> Rule | None:
    """The rule as it applies inside the part, or None where nothing of it is left."""
    if isinstance(rule, CityQuotaRule):
        if quotas is None:
            staged = [
                instance.helpers[h] for h in helpers if rule.stage in instance.helpers[h].stages
            ]
            quotas = {(index, instance.city_of(h).id) for h in staged}
        kept = {c: n for c, n in rule.quotas.items() if (index, c) in quotas}
        return rule.model_copy(update={"quotas": kept}) if kept else None
    if isinstance(rule, LockRule | ForbidRule):
        kept_pairs = [p for p in rule.pairs if p[1] in recipients]
        return rule.model_copy(update={"pairs": kept_pairs}) if kept_pairs else None
    assert not isinstance(rule, PairList)
    return rule
