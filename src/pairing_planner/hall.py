"""Hall's condition on the candidate graph: a set of recipients that the helpers they may
have cannot all serve, found by a maximum flow (networkx) before any solving.

The network is a relaxation of the rules, so a shortfall in it is a proof that no plan
exists: source → recipient (1) → (helper, stage) (1 per candidate pair) → the helper's city
quota for that stage, if any (room: the quota's N largest capacities) → sink, or straight to
the sink (room: the helper's capacity). S4 and locks are left out (they only take room away).
The recipients still reachable from the source in the residual graph of a maximum flow are
the smallest set whose neighbourhood is too small.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

from pairing_planner.i18n import _, stage_prefix
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import CapacityRule, CityQuotaRule, CoverageRule, Stage

SOURCE, SINK = ("source",), ("sink",)


@dataclass(frozen=True)
class HallShortfall:
    """Recipients that cannot all be served, their possible helpers, and the room those have."""

    recipients: list[str]
    helpers: list[str]
    cities: list[str]
    room: int
    clauses: list[str]

    @property
    def deficit(self) -> int:
        """How many of the recipients must go without a helper."""
        return len(self.recipients) - self.room


def hall_shortfall(instance: Instance, pairs: list[PairKey]) -> HallShortfall | None:
    """The smallest Hall violator found, or None when the relaxed network serves everyone."""
    rules = instance.data.rules
    if not any(isinstance(r, CoverageRule) for r in rules):
        return None
    graph = _network(instance, pairs)
    flow, routed = nx.maximum_flow(graph, SOURCE, SINK)
    if flow >= len(instance.recipients):
        return None
    reachable = _residual_reach(graph, routed)
    recipients = [r for r in instance.recipients if ("r", r) in reachable]
    helpers = sorted({node[1] for node in reachable if node[0] == "h"})
    cities = sorted({instance.city_of(instance.helpers[h]).id for h in helpers})
    quota_clauses = {node[3] for node in reachable if node[0] == "quota"}
    capacity = [r.clause for r in rules if isinstance(r, CapacityRule)][:1]
    return HallShortfall(
        recipients=recipients,
        helpers=helpers,
        cities=cities,
        room=len(recipients) - (len(instance.recipients) - int(flow)),
        clauses=sorted(quota_clauses) or capacity,
    )


def _residual_reach(graph: nx.DiGraph, routed: dict[Any, dict[Any, int]]) -> set[Any]:
    """Nodes reachable from the source in the residual graph: the smallest source side of a
    minimum cut (networkx's ``minimum_cut`` returns the largest)."""
    seen, todo = {SOURCE}, [SOURCE]
    while todo:
        node = todo.pop()
        forward = (
            v for v in graph.successors(node) if routed[node][v] < graph[node][v]["capacity"]
        )
        backward = (u for u in graph.predecessors(node) if routed[u][node] > 0)
        for nxt in (*forward, *backward):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _network(instance: Instance, pairs: list[PairKey]) -> nx.DiGraph:
    rules = instance.data.rules
    bounded = any(isinstance(r, CapacityRule) for r in rules)
    unbounded = len(instance.recipients)
    quotas = {
        (city, rule.stage): (n, rule.clause)
        for rule in rules
        if isinstance(rule, CityQuotaRule)
        for city, n in rule.quotas.items()
    }
    graph = nx.DiGraph()
    graph.add_node(SINK)
    for recipient_id in instance.recipients:
        graph.add_edge(SOURCE, ("r", recipient_id), capacity=1)
    groups: dict[tuple[str, Stage], list[int]] = {}
    for helper_id, recipient_id in pairs:
        helper, recipient = instance.helpers[helper_id], instance.recipients[recipient_id]
        room = helper.capacity if bounded else unbounded
        for stage in set(helper.stages) & set(recipient.stages) or set(helper.stages):
            node = ("h", helper_id, stage.value)
            graph.add_edge(("r", recipient_id), node, capacity=1)
            city = instance.city_of(helper).id
            if (city, stage) in quotas:
                n, clause = quotas[(city, stage)]
                group = ("quota", city, stage.value, clause)
                if not graph.has_edge(node, group):
                    graph.add_edge(node, group, capacity=room)
                    groups.setdefault((city, stage), []).append(room)
            else:
                graph.add_edge(node, SINK, capacity=room)
    for (city, stage), rooms in groups.items():
        n, clause = quotas[(city, stage)]
        top = sum(sorted(rooms, reverse=True)[:n])
        graph.add_edge(("quota", city, stage.value, clause), SINK, capacity=top)
    return graph


def describe(instance: Instance, shortfall: HallShortfall) -> str:
    """The shortfall in a planner's words, with the schools and cities as the file names them."""
    stages = Counter(s.value for r in shortfall.recipients for s in instance.recipients[r].stages)
    kind = stage_prefix(next(iter(stages))) if len(stages) == 1 else ""
    names = [instance.recipients[r].name for r in shortfall.recipients]
    listed = "、".join(names) if len(names) <= 15 else "、".join(names[:15]) + " …"
    cities = "、".join(instance.places[c].name for c in shortfall.cities)
    return _(
        "{n} {kind}recipients, {room} helper slots for them ({clauses}): {deficit} cannot be "
        "paired. They ({names}) can only be served by {helpers} helpers in {cities_n} cities "
        "({cities})."
    ).format(
        n=len(names),
        kind=kind,
        room=shortfall.room,
        clauses=", ".join(shortfall.clauses),
        deficit=shortfall.deficit,
        names=listed,
        helpers=len(shortfall.helpers),
        cities_n=len(shortfall.cities),
        cities=cities,
    )
