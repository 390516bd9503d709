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
from functools import cache

import numpy as np
from ortools.graph.python.max_flow import SimpleMaxFlow

from pairing_planner.i18n import N_, STAGE_WORDS
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.schema.school_models import Stage
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.rules.structures import Capacity, Cover, Exclusive, Quota
from pairing_planner.said import Said, Value, joined, named, said

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


def hall_shortfall(problem: ProblemData) -> HallShortfall | None:
    """The smallest Hall violator found among the pairs of ``problem``, or None when the
    relaxed network serves everyone."""
    if not problem.of(Cover):
        return None
    instance = problem.instance
    clauses = [problem.clause(c) for c in problem.of(Capacity)[:1]]
    network = _Network(problem)
    return _shortfall(instance, network, list(instance.recipients), clauses, problem.pairs)


def poverty_shortfall(problem: ProblemData) -> HallShortfall | None:
    """The exclusive sets' own Hall condition (S4): their schools alone, each helper taking
    at most one of them (a helper of its own). The normal solve proves such a shortfall in a
    blink, but says nothing of it; this names the schools and the helpers they share."""
    exclusive = problem.of(Exclusive)
    if not exclusive or not problem.of(Cover):
        return None
    poor = problem.exclusive_in_order()
    mine = [p for p in problem.pairs if p[1] in problem.exclusive]
    network = _Network(problem.over(mine), poor, alone=True)
    return _shortfall(problem.instance, network, poor, [problem.clause(exclusive[0])], mine)


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
    names node ``i`` (0 the source, 1 the sink). ``alone``: each helper takes one school.

    The check runs before every part's solve and on all of a province's pairs, so the arcs
    are gathered in one pass over the pairs and added to OR-Tools in one call (an arc at a
    time cost 3.4 µs, 4 s for 1.2 million pairs)."""

    def __init__(
        self, problem: ProblemData, recipients: list[str] | None = None, *, alone: bool = False
    ) -> None:
        instance, pairs = problem.instance, problem.pairs
        served = list(instance.recipients if recipients is None else recipients)
        self.nodes: list[Node] = [SOURCE, SINK, *(("r", r) for r in served)]
        recipient_node = {r: 2 + i for i, r in enumerate(served)}
        tails = [0] * len(served)
        heads = list(range(2, 2 + len(served)))
        rooms = [1] * len(served)
        helper_node: dict[tuple[str, Stage], int] = {}
        helpers, schools = instance.helpers, instance.recipients
        for helper_id, recipient_id in pairs:
            helper = helpers[helper_id]
            for stage in _shared_stages(tuple(helper.stages), tuple(schools[recipient_id].stages)):
                node = helper_node.get((helper_id, stage))
                if node is None:
                    node = helper_node[(helper_id, stage)] = len(self.nodes)
                    self.nodes.append(("h", helper_id, stage.value))
                tails.append(recipient_node[recipient_id])
                heads.append(node)
                rooms.append(1)
        self._to_sink(problem, helper_node, alone, tails, heads, rooms)
        self.flow = SimpleMaxFlow()
        self.flow.add_arcs_with_capacity(
            np.array(tails, dtype=np.int32),
            np.array(heads, dtype=np.int32),
            np.array(rooms, dtype=np.int64),
        )

    def _to_sink(
        self,
        problem: ProblemData,
        helper_node: dict[tuple[str, Stage], int],
        alone: bool,
        tails: list[int],
        heads: list[int],
        rooms: list[int],
    ) -> None:
        """Each (helper, stage) node's arc with the helper's room: to the sink, or to its
        city's quota node for the stage, which passes on the quota's N largest rooms
        (:meth:`ProblemData.room`)."""
        instance = problem.instance
        quotas = {(q.city, q.stage): (q.count, problem.clause(q)) for q in problem.of(Quota)}
        quota_node: dict[tuple[str, Stage], int] = {}
        quota_rooms: dict[tuple[str, Stage], list[int]] = {}
        for (helper_id, stage), node in helper_node.items():
            helper = instance.helpers[helper_id]
            room = 1 if alone else problem.room(helper_id)
            key = (instance.city_of(helper).id, stage)
            if key in quotas and key not in quota_node:
                quota_node[key] = len(self.nodes)
                self.nodes.append(("quota", key[0], stage.value, quotas[key][1]))
            tails.append(node)
            heads.append(quota_node.get(key, 1))
            rooms.append(room)
            if key in quotas:
                quota_rooms.setdefault(key, []).append(room)
        for key, node in quota_node.items():
            tails.append(node)
            heads.append(1)
            rooms.append(sum(sorted(quota_rooms[key], reverse=True)[: quotas[key][0]]))


@cache
def _shared_stages(helper: tuple[Stage, ...], recipient: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """The stages a pair has in common, else (the stage rule off) the helper's own."""
    shared = tuple(dict.fromkeys(s for s in helper if s in recipient))
    return shared or tuple(dict.fromkeys(helper))


def describe(instance: Instance, shortfall: HallShortfall) -> Said:
    """The shortfall in a planner's words, with the schools and cities as the file names them
    (by message id: a result records it, read in other languages)."""
    message = N_(
        "{n} {kind}recipients, {room} helper slots for them ({clauses}): {deficit} cannot be "
        "paired. They ({names}) can only be served by {helpers} helpers in {cities_n} cities "
        "({cities})."
    )
    return said(message, **_named(instance, shortfall))


def describe_poverty(instance: Instance, shortfall: HallShortfall) -> Said:
    """An S4 shortfall (:func:`poverty_shortfall`) in a planner's words."""
    message = N_(
        "{n} {kind}recipients in key poverty villages each need a helper of their own "
        "({clauses}), but their possible helpers can give only {room}: {deficit} cannot be "
        "paired one-to-one. They ({names}) can only be served by {helpers} helpers in "
        "{cities_n} cities ({cities})."
    )
    return said(message, **_named(instance, shortfall))


def _named(instance: Instance, shortfall: HallShortfall) -> dict[str, Value]:
    """The placeholders both descriptions fill: counts, stage, and the schools and cities as
    the file names them (the first 15 schools)."""
    stages = Counter(s.value for r in shortfall.recipients for s in instance.recipients[r].stages)
    names = [instance.recipients[r].name for r in shortfall.recipients]
    return {
        "n": len(names),
        "kind": said(N_("{stage} "), stage=said(STAGE_WORDS[next(iter(stages))]))
        if len(stages) == 1
        else "",
        "room": shortfall.room,
        "clauses": _listed(shortfall.clauses),
        "deficit": shortfall.deficit,
        "names": _listed(names[:15], more=len(names) > 15),
        "helpers": len(shortfall.helpers),
        "cities_n": len(shortfall.cities),
        "cities": _listed([instance.places[c].name for c in shortfall.cities]),
    }


def _listed(names: list[str], *, more: bool = False) -> Said:
    """Names as the instance spells them, joined as the language joins names (、 in Chinese,
    ", " in English), with " …" when more were left out."""
    listed = joined([named(name) for name in names], ", ")
    return joined([listed, named(" …")], "") if more else listed
