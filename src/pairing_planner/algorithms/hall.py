"""Hall's condition on the candidate graph: a set of recipients that the helpers they may
have cannot all serve, found by a maximum flow (OR-Tools' ``SimpleMaxFlow``) before any solving.

The network is a relaxation of the rules, so a shortfall in it is a proof that no plan
exists: source → recipient (1) → (helper, stage) (1 per candidate pair) → the helper's city
quota for that stage, if any (room: the quota's N largest capacities) → sink, or straight to
the sink (room: the helper's capacity). S4 and locks are left out (they only take room away).
The recipients on the source side of the minimum cut that OR-Tools reports (those still
reachable from the source in the residual graph) are the smallest set whose neighbourhood is
too small. OR-Tools' max flow on integer arrays, because the check runs before every solve
(networkx's was five times slower on a large county).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ortools.graph.python.max_flow import SimpleMaxFlow

from pairing_planner.i18n import _, stage_prefix
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Stage
from pairing_planner.rules import Role
from pairing_planner.rules.capabilities import clause_of, in_role, quota_rules
from pairing_planner.rules.city_quota import quotas_of

Node = tuple[str, ...]
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
    if clause_of(instance, Role.cover) is None:
        return None
    capacity = clause_of(instance, Role.capacity)
    clauses = [capacity] if capacity else []
    network = _Network(instance, pairs)
    return _shortfall(instance, network, list(instance.recipients), clauses, pairs)


def poverty_shortfall(instance: Instance, pairs: list[PairKey]) -> HallShortfall | None:
    """S4's own Hall condition: the poverty-village schools alone, each helper taking at most
    one of them (a helper of its own). The normal solve proves such a shortfall in a blink,
    but says nothing of it; this names the schools and the helpers they share."""
    s4 = clause_of(instance, Role.alone)
    if s4 is None or clause_of(instance, Role.cover) is None:
        return None
    poor = [r.id for r in instance.data.recipients if r.poverty_village]
    mine = [p for p in pairs if instance.recipients[p[1]].poverty_village]
    return _shortfall(instance, _Network(instance, mine, poor, alone=True), poor, [s4], mine)


def _shortfall(
    instance: Instance,
    network: _Network,
    served: list[str],
    clauses: list[str],
    pairs: list[PairKey],
) -> HallShortfall | None:
    """The recipients on the source side of a minimum cut when the network cannot carry all
    of ``served``, with their helpers, cities and the clauses of the quotas that bind; None
    when only schools with no candidate at all go unserved (``no-candidate`` names those).
    Such schools sit on the source side of every cut but say nothing of the room of the
    others, so they are left out of the witness: each counts one to the deficit, none to the
    room."""
    if network.flow.solve(0, 1) != SimpleMaxFlow.OPTIMAL:
        raise RuntimeError("the Hall network's maximum flow failed")
    deficit = len(served) - int(network.flow.optimal_flow())
    if deficit <= 0:
        return None
    reachable = {network.nodes[i] for i in network.flow.get_source_side_min_cut()}
    on_source_side = [r for r in served if ("r", r) in reachable]
    room = len(on_source_side) - deficit
    with_candidates = {r for _h, r in pairs}
    recipients = [r for r in on_source_side if r in with_candidates]
    if len(recipients) <= room:
        return None
    helpers = sorted({node[1] for node in reachable if node[0] == "h"})
    cities = sorted({instance.city_of(instance.helpers[h]).id for h in helpers})
    quota_clauses = {node[3] for node in reachable if node[0] == "quota"}
    return HallShortfall(
        recipients=recipients,
        helpers=helpers,
        cities=cities,
        room=room,
        clauses=sorted(quota_clauses) or clauses,
    )


class _Network:
    """The relaxed network as OR-Tools arcs over ``recipients`` (default: all); ``nodes[i]``
    names node ``i`` (0 the source, 1 the sink). ``alone``: each helper takes one school."""

    def __init__(
        self,
        instance: Instance,
        pairs: list[PairKey],
        recipients: list[str] | None = None,
        *,
        alone: bool = False,
    ) -> None:
        self.flow = SimpleMaxFlow()
        self.nodes: list[Node] = [SOURCE, SINK]
        self._index: dict[Node, int] = {SOURCE: 0, SINK: 1}
        self._arcs: set[tuple[int, int]] = set()
        bounded = bool(in_role(instance, Role.capacity))
        quotas = {
            (city, rule.stage): (n, rule.clause)
            for _index, rule in quota_rules(instance)
            for city, n in quotas_of(rule, instance).items()
        }
        for recipient_id in instance.recipients if recipients is None else recipients:
            self._arc(SOURCE, ("r", recipient_id), 1)
        groups: dict[tuple[str, Stage], list[int]] = {}
        for helper_id, recipient_id in pairs:
            helper, recipient = instance.helpers[helper_id], instance.recipients[recipient_id]
            room = 1 if alone else helper.capacity if bounded else len(instance.recipients)
            for stage in set(helper.stages) & set(recipient.stages) or set(helper.stages):
                node = ("h", helper_id, stage.value)
                self._arc(("r", recipient_id), node, 1)
                city = instance.city_of(helper).id
                if (city, stage) not in quotas:
                    self._arc(node, SINK, room)
                elif self._arc(node, ("quota", city, stage.value, quotas[(city, stage)][1]), room):
                    groups.setdefault((city, stage), []).append(room)
        for (city, stage), rooms in groups.items():
            n, clause = quotas[(city, stage)]
            top = sum(sorted(rooms, reverse=True)[:n])
            self._arc(("quota", city, stage.value, clause), SINK, top)

    def _arc(self, tail: Node, head: Node, capacity: int) -> bool:
        """Adds the arc unless it is there already; whether it was added."""
        ends = (self._id(tail), self._id(head))
        if ends in self._arcs:
            return False
        self._arcs.add(ends)
        self.flow.add_arc_with_capacity(*ends, capacity)
        return True

    def _id(self, node: Node) -> int:
        if node not in self._index:
            self._index[node] = len(self.nodes)
            self.nodes.append(node)
        return self._index[node]


def describe(instance: Instance, shortfall: HallShortfall) -> str:
    """The shortfall in a planner's words, with the schools and cities as the file names them."""
    return _(
        "{n} {kind}recipients, {room} helper slots for them ({clauses}): {deficit} cannot be "
        "paired. They ({names}) can only be served by {helpers} helpers in {cities_n} cities "
        "({cities})."
    ).format(**_named(instance, shortfall))


def describe_poverty(instance: Instance, shortfall: HallShortfall) -> str:
    """An S4 shortfall (:func:`poverty_shortfall`) in a planner's words."""
    return _(
        "{n} {kind}recipients in key poverty villages each need a helper of their own "
        "({clauses}), but their possible helpers can give only {room}: {deficit} cannot be "
        "paired one-to-one. They ({names}) can only be served by {helpers} helpers in "
        "{cities_n} cities ({cities})."
    ).format(**_named(instance, shortfall))


def _named(instance: Instance, shortfall: HallShortfall) -> dict[str, object]:
    """The placeholders both descriptions fill: counts, stage, and the schools and cities as
    the file names them (the first 15 schools)."""
    stages = Counter(s.value for r in shortfall.recipients for s in instance.recipients[r].stages)
    names = [instance.recipients[r].name for r in shortfall.recipients]
    return {
        "n": len(names),
        "kind": stage_prefix(next(iter(stages))) if len(stages) == 1 else "",
        "room": shortfall.room,
        "clauses": ", ".join(shortfall.clauses),
        "deficit": shortfall.deficit,
        "names": "、".join(names) if len(names) <= 15 else "、".join(names[:15]) + " …",
        "helpers": len(shortfall.helpers),
        "cities_n": len(shortfall.cities),
        "cities": "、".join(instance.places[c].name for c in shortfall.cities),
    }
