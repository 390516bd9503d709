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

import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.schema.models import Baseline
from pairing_planner.instance.schema.rule_models import Rule
from pairing_planner.instance.schema.school_models import Place, PlaceKind, School
from pairing_planner.prepare.candidates import Candidates
from pairing_planner.rules import PartScope
from pairing_planner.rules.base import Node
from pairing_planner.rules.capabilities import kind_of, links, restricted


@dataclass(frozen=True)
class Part:
    """One independent part: a smaller instance and its candidate pairs (positions in it)."""

    instance: Instance
    candidates: Candidates

    @property
    def pairs(self) -> list[PairKey]:
        """The part's candidate pairs by id."""
        return self.candidates.pairs

    @cached_property
    def digest(self) -> bytes:
        """A digest of everything a solve of this part reads (its data, pair table and
        candidate pairs): worked out once per part, and kept with a part that a re-split
        hands back unchanged (:func:`split`), so that knowing a part again costs nothing."""
        candidates = self.candidates
        read = (
            self.instance.data,
            self.instance.pair_costs,
            candidates.helper_ids,
            candidates.recipient_ids,
            candidates.helpers.tobytes(),
            candidates.recipients.tobytes(),
        )
        return hashlib.blake2b(pickle.dumps(read, pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


PartPlace = tuple[bytes, bytes, bytes, bytes, frozenset[Node]]
"""Where a part lies in its whole instance: its helpers', recipients' and candidate pairs'
positions there, and its rules' own nodes."""


@dataclass(frozen=True)
class Split:
    """The parts of an instance, and each by where it lies (what :func:`split` looks up to
    hand an unchanged part back when the instance gains a rule)."""

    parts: list[Part]
    by_place: Mapping[PartPlace, Part]


def split(instance: Instance, candidates: Candidates) -> list[Part]:
    """The independent parts, largest first (so parallel workers start with the long ones).
    Helpers that can serve no one are left out, unless a rule binds them to something (a
    quota its city cannot meet then stays in one part, which is infeasible and says so)."""
    return split_again(instance, candidates).parts


def split_again(
    instance: Instance, candidates: Candidates, before: Split | None = None, added: int = 0
) -> Split:
    """:func:`split`, handing back each part of ``before`` (the split of this instance
    without its last ``added`` rules: a lock or forbid appended) that lies where it lay, with
    the same pairs, and that none of the added rules reaches (each restricts itself to
    nothing there): the very part, so its digest is not worked out again. Only the parts a
    lock or forbid touches are cut again (issue 32: a warm re-solve of a province).

    The graph's nodes are numbered recipients first, then helpers (by position), then the
    rules' own nodes; its edges, the pairs and what rules link, go to scipy as arrays, and
    each part's pairs are cut from the candidates' arrays (a part's pairs keep their order)."""
    recipients, helpers = len(instance.recipients), len(instance.helpers)
    number = _NodeNumbers(instance)
    tails, heads = [candidates.recipients], [candidates.helpers + recipients]
    for group in links(instance):
        numbers = np.array([number(node) for node in group], dtype=np.intp)
        tails.append(numbers[:-1])
        heads.append(numbers[1:])
    nodes = recipients + helpers + len(number.rule_nodes)
    tail, head = np.concatenate(tails), np.concatenate(heads)
    edges = coo_array((np.ones(len(tail)), (tail, head)), shape=(nodes, nodes)).tocsr()
    _count, label = connected_components(edges, directed=False)
    wanted = np.union1d(label[:recipients], label[recipients + helpers :])
    rules: dict[int, set[Node]] = {}
    for node, at in number.rule_nodes.items():
        rules.setdefault(int(label[at]), set()).add(node)
    pairs = _grouped(label[candidates.recipients], wanted)
    by_helper = _grouped(label[recipients : recipients + helpers], wanted)
    by_recipient = _grouped(label[:recipients], wanted)
    new_rules = list(enumerate(instance.data.rules))[len(instance.data.rules) - added :]
    by_place: dict[PartPlace, Part] = {}
    for i, component in enumerate(wanted.tolist()):
        mine = candidates.subset(pairs[i])
        held = frozenset(rules.get(component, ()))
        place = (
            by_helper[i].tobytes(),
            by_recipient[i].tobytes(),
            mine.helpers.tobytes(),
            mine.recipients.tobytes(),
            held,
        )
        kept = None if before is None else before.by_place.get(place)
        if kept is None or _reached(instance, kept, held, new_rules):
            kept = _part(instance, mine, by_helper[i], by_recipient[i], held)
        by_place[place] = kept
    parts = sorted(by_place.values(), key=lambda p: (-len(p.candidates), _first_school(p)))
    return Split(parts, by_place)


def _reached(
    instance: Instance, part: Part, nodes: frozenset[Node], rules: list[tuple[int, Rule]]
) -> bool:
    """Whether one of ``rules`` (with their indices) keeps something of itself in ``part``."""
    scope = PartScope(frozenset(part.instance.helpers), frozenset(part.instance.recipients), nodes)
    return any(kind_of(r).restrict(r, i, instance, scope) is not None for i, r in rules)


def _grouped(labels: NDArray[np.intp], wanted: NDArray[np.intp]) -> list[NDArray[np.intp]]:
    """For each of ``wanted`` (ascending), the indices whose label it is, ascending: one
    stable sort for all, not a scan per part (China has 5,690)."""
    order = np.argsort(labels, kind="stable")
    counts = np.bincount(labels, minlength=int(wanted.max(initial=-1)) + 1)
    ends = np.cumsum(counts)
    starts = ends - counts
    return [order[starts[w] : ends[w]] for w in wanted.tolist()]


class _NodeNumbers:
    """A school's node number from its position; a rule's own nodes numbered as they come,
    after every school."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.recipients = len(instance.recipients)
        self.schools = self.recipients + len(instance.helpers)
        self.rule_nodes: dict[Node, int] = {}

    def __call__(self, node: Node) -> int:
        if node[0] == "r":
            return self.instance.position[node[1]]
        if node[0] == "h":
            return self.recipients + self.instance.position[node[1]]
        return self.rule_nodes.setdefault(node, self.schools + len(self.rule_nodes))


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
    at = instance.position
    mine = Candidates.of(instance, [p for p in pairs if p[1] in recipients])
    return _part(
        instance,
        mine,
        np.array(sorted(at[h] for h in helpers), dtype=np.intp),
        np.array(sorted(at[r] for r in recipients), dtype=np.intp),
        nodes,
    )


def _part(
    instance: Instance,
    candidates: Candidates,
    helpers: NDArray[np.intp],
    recipients: NDArray[np.intp],
    nodes: frozenset[Node] | None,
) -> Part:
    """The part of the schools at these positions (ascending), its ``candidates`` (positions
    in ``instance``) numbered again as positions in the part."""
    data = instance.data
    helper_ids = [data.helpers[h].id for h in helpers.tolist()]
    recipient_ids = [data.recipients[r].id for r in recipients.tolist()]
    scope = PartScope(frozenset(helper_ids), frozenset(recipient_ids), nodes)
    schools = [
        *(data.helpers[h] for h in helpers.tolist()),
        *(data.recipients[r] for r in recipients.tolist()),
    ]
    sub = data.model_copy(
        update={
            "helpers": schools[: len(helpers)],
            "recipients": schools[len(helpers) :],
            "places": _places_of(instance, schools),
            "rules": restricted(instance, scope),
            "expected": [],
            "baseline": _baseline_of(instance, set(recipient_ids)),
        }
    )
    table = None
    if instance.pair_costs is not None:
        kept = set(recipient_ids)
        table = {k: v for k, v in instance.pair_costs.items() if k[1] in kept}
    local = Candidates(
        tuple(helper_ids),
        tuple(recipient_ids),
        _renumbered(helpers, len(data.helpers))[candidates.helpers],
        _renumbered(recipients, len(data.recipients))[candidates.recipients],
    )
    return Part(Instance(data=sub, pair_costs=table), local)


def _renumbered(kept: NDArray[np.intp], schools: int) -> NDArray[np.intp]:
    """Each of ``schools`` positions' place among ``kept`` (ascending); -1 for one left out."""
    number = np.full(schools, -1, dtype=np.intp)
    number[kept] = np.arange(len(kept))
    return number


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
