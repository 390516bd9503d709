"""Independent parts of an instance: pairs never cross a part, and no rule spans two.

Parts are the connected components of a graph whose nodes are schools and the rules' own
nodes, and whose edges are the candidate pairs and what each rule kind declares it binds
together (:func:`pairing_planner.rules.capabilities.links`: a lock its pair, a city quota, S6
and S7, all of a city's helpers of a stage). Each part is a smaller instance with the rules
as each kind restricts itself to the part; solved apart, their plans together are an optimal
plan of the whole (costs add up, and nothing couples parts). The components come from
scipy's sparse graph routines, on integer arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Baseline, Place, PlaceKind, School
from pairing_planner.rules import PartScope
from pairing_planner.rules.base import Node
from pairing_planner.rules.capabilities import links, restricted


@dataclass(frozen=True)
class Part:
    """One independent part: a smaller instance and its candidate pairs."""

    instance: Instance
    pairs: list[PairKey]


class _Graph:
    """Nodes numbered as they come, edges as index arrays."""

    def __init__(self) -> None:
        self.index: dict[Node, int] = {}
        self.tails: list[int] = []
        self.heads: list[int] = []

    def node(self, node: Node) -> int:
        return self.index.setdefault(node, len(self.index))

    def pairs(self, pairs: list[PairKey]) -> None:
        """An edge per candidate pair, helper to recipient (inlined: a province has a quarter
        of a million, and a call per pair took half a second)."""
        index = self.index
        for helper, recipient in pairs:
            self.tails.append(index.setdefault(("h", helper), len(index)))
            self.heads.append(index.setdefault(("r", recipient), len(index)))

    def path(self, nodes: list[Node]) -> None:
        numbers = [self.node(n) for n in nodes]
        self.tails.extend(numbers[:-1])
        self.heads.extend(numbers[1:])

    def components(self) -> list[list[Node]]:
        """The connected components, each in the order its nodes were added."""
        n = len(self.index)
        edges = coo_array(
            (np.ones(len(self.tails)), (self.tails, self.heads)), shape=(n, n)
        ).tocsr()
        _count, label = connected_components(edges, directed=False)
        grouped: dict[int, list[Node]] = {}
        for node, number in self.index.items():
            grouped.setdefault(int(label[number]), []).append(node)
        return list(grouped.values())


def split(instance: Instance, pairs: list[PairKey]) -> list[Part]:
    """The independent parts, largest first (so parallel workers start with the long ones).
    Helpers that can serve no one are left out, unless a rule binds them to something (a
    quota its city cannot meet then stays in one part, which is infeasible and says so)."""
    graph = _Graph()
    for r in instance.recipients:
        graph.node(("r", r))
    graph.pairs(pairs)
    for group in links(instance):
        graph.path(group)
    components = [nodes for nodes in graph.components() if any(n[0] != "h" for n in nodes)]
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
            frozenset(n for n in nodes if n[0] not in ("h", "r")),
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
    nodes: frozenset[Node] | None = None,
) -> Part:
    """The instance cut down to ``helpers`` and ``recipients``, its rules as each kind
    restricts itself to them, with the ``pairs`` of those recipients. ``nodes``: the rule
    nodes the part holds; by default those of its own schools."""
    data = instance.data
    scope = PartScope(frozenset(helpers), frozenset(recipients), nodes)
    position = instance.position
    schools = [
        *(instance.helpers[h] for h in sorted(helpers, key=position.__getitem__)),
        *(instance.recipients[r] for r in sorted(recipients, key=position.__getitem__)),
    ]
    sub = data.model_copy(
        update={
            "helpers": schools[: len(helpers)],
            "recipients": schools[len(helpers) :],
            "places": _places_of(instance, schools),
            "rules": restricted(instance, scope),
            "expected": [],
            "baseline": _baseline_of(instance, recipients),
        }
    )
    table = None
    if instance.pair_costs is not None:
        table = {k: v for k, v in instance.pair_costs.items() if k[1] in recipients}
    mine = [p for p in pairs if p[1] in recipients]
    return Part(Instance(data=sub, pair_costs=table), mine)


def _places_of(instance: Instance, schools: list[School]) -> list[Place]:
    """The places a part needs: every city (rules name cities, a quota even one without a
    school in the part), and its own schools' counties. A part of China carried all 3,183
    places before: 342 KB to pickle for each of 5,690 parts."""
    used = dict.fromkeys(school.place for school in schools)
    counties = [instance.places[p] for p in used if instance.places[p].kind is not PlaceKind.city]
    return instance.cities + counties


def _baseline_of(instance: Instance, recipients: set[str]) -> Baseline | None:
    """Last year's pairs of the part's recipients: the only ones its change term reads."""
    baseline = instance.data.baseline
    if baseline is None:
        return None
    return baseline.model_copy(update={"pairs": [p for p in baseline.pairs if p[1] in recipients]})
