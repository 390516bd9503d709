"""The problem data: what an instance asks, apart from how any method solves it.

The candidate pairs (position arrays: :class:`~pairing_planner.prepare.candidates.Candidates`;
their integer costs, per term and in all, and each helper's load costs:
:class:`~pairing_planner.prepare.costs.PairCosts`), and the structures every rule declares
(:mod:`pairing_planner.rules.structures`: coverage, capacities, exclusive sets, quota rows,
locks). Every method reads this, not the rules and not another method's model:
the CP-SAT builder posts each structure, the Lagrangian, greedy, rounding, Hall's check and
symmetry handle the structures they know. So S4 is written once, by its rule's declaration,
and read here as :attr:`ProblemData.exclusive`. The verifier shares none of it.

The model of this split is PyJobShop's and PyVRP's ``ProblemData``: plain data, one list per
constraint structure, read by separate back-ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.prepare.candidates import Candidates, candidates
from pairing_planner.prepare.costs import PairCosts, candidate_costs
from pairing_planner.rules.capabilities import declared, kind_of, refusing_rule
from pairing_planner.rules.structures import Capacity, Cover, Exclusive, Lock, Structure
from pairing_planner.said import Said, said

S = TypeVar("S", bound=Structure)


@dataclass(frozen=True)
class ProblemData:
    """The candidate pairs of an instance and its rules' structures. Costs and indexes are
    computed on first use: Hall's check before a part's solve needs none of the costs."""

    instance: Instance
    candidates: Candidates
    structures: tuple[Structure, ...]

    @cached_property
    def pairs(self) -> list[PairKey]:
        """The candidate pairs by id, in the arrays' order (spelled out on first use)."""
        return self.candidates.pairs

    def over(self, pairs: Sequence[PairKey]) -> ProblemData:
        """The same structures over ``pairs`` (a subset of the candidates)."""
        return ProblemData(self.instance, Candidates.of(self.instance, pairs), self.structures)

    def of(self, kind: type[S]) -> list[S]:
        """The structures of one kind, in file order."""
        return [s for s in self.structures if isinstance(s, kind)]

    @cached_property
    def costs(self) -> PairCosts:
        """Each pair's integer cost (per term and in all) and each helper's k-th school's."""
        return candidate_costs(self.instance, self.candidates)

    @cached_property
    def by_helper(self) -> dict[str, list[PairKey]]:
        """Each helper's pairs, helpers in the order the pairs first name them."""
        return _grouped(self.pairs, 0)

    @cached_property
    def by_recipient(self) -> dict[str, list[PairKey]]:
        """Each recipient's pairs, in the pairs' order."""
        return _grouped(self.pairs, 1)

    @cached_property
    def pair_set(self) -> frozenset[PairKey]:
        """The pairs, to ask whether one is a candidate."""
        return frozenset(self.pairs)

    @cached_property
    def exclusive(self) -> frozenset[str]:
        """Recipients whose helper helps no other school (S4's exclusive sets)."""
        return frozenset(r for s in self.of(Exclusive) for r in s.recipients)

    def exclusive_in_order(self) -> list[str]:
        """:attr:`exclusive` in the instance's recipient order."""
        return [r for r in self.instance.recipients if r in self.exclusive]

    def bounded(self) -> bool:
        """Some capacity structure bounds the helpers' loads."""
        return bool(self.of(Capacity))

    @cached_property
    def capacity(self) -> dict[str, int]:
        """Each bounded helper's least ``most`` over the capacity structures. The structures,
        not the helpers' ``capacity`` field, bound a helper (issue 31): a field caps nothing
        without a capacity rule, and every method that reads a helper's room reads it here
        (:meth:`room`)."""
        found: dict[str, int] = {}
        for capacity in self.of(Capacity):
            for helper, most in zip(capacity.helpers, capacity.most, strict=True):
                found[helper] = min(most, found.get(helper, most))
        return found

    def room(self, helper_id: str) -> int:
        """The most schools the structures let a helper take (:attr:`capacity`), every
        recipient where none caps it."""
        return self.capacity.get(helper_id, len(self.instance.recipients))

    def most_load(self, helper_id: str) -> int:
        """The most schools a helper can take in a plan that keeps every structure: its
        candidates, capped by its room. Bounds built on it keep a model's load steps few
        and S4's rows tight."""
        return min(len(self.by_helper.get(helper_id, [])), self.room(helper_id))

    def only(self, kinds: frozenset[type[Structure]]) -> bool:
        """Every structure is of one of ``kinds``: a method that handles those keeps every
        rule. The filters need no word: the pairs they exclude are never candidates, so every
        method keeps them by reading the pairs (a forbid as a structure would make each
        method handle it again, and the CP-SAT model carry variables fixed at zero)."""
        return all(isinstance(s, tuple(kinds)) for s in self.structures)

    def covered(self) -> bool:
        """Some coverage structure asks every recipient to be served (what a flow's demand
        and the Lagrangian's prices are built on)."""
        return bool(self.of(Cover))

    def exactly_one(self) -> bool:
        """Every coverage structure asks for exactly one helper per recipient."""
        return all(s.exact for s in self.of(Cover))

    def clause(self, structure: Structure) -> str:
        """The clause of the rule that declared ``structure``."""
        return self.instance.data.rules[structure.rule].clause


def _grouped(pairs: list[PairKey], end: int) -> dict[str, list[PairKey]]:
    """The pairs by their helper (``end`` 0) or recipient (1), in order."""
    found: dict[str, list[PairKey]] = {}
    for pair in pairs:
        found.setdefault(pair[end], []).append(pair)
    return found


def problem_data(
    instance: Instance, pairs: Sequence[PairKey] | Candidates | None = None
) -> ProblemData:
    """The problem data of ``instance`` over ``pairs`` (ids or position arrays; default: its
    candidate pairs)."""
    if pairs is None:
        found = candidates(instance)
    elif isinstance(pairs, Candidates):
        found = pairs
    else:
        found = Candidates.of(instance, pairs)
    return ProblemData(instance, found, tuple(declared(instance)))


def lock_label(problem: ProblemData, lock: Lock, pair: PairKey) -> Said:
    """A locked pair in words, and what excludes it when it is not a candidate (a
    junior-high helper locked to a senior high: the stage rule), so a diagnosis says why."""
    instance = problem.instance
    helper, recipient = instance.helpers[pair[0]], instance.recipients[pair[1]]
    words = said(lock.words, helper=helper.name, recipient=recipient.name)
    if pair in problem.pair_set:
        return words
    refusing = refusing_rule(instance, helper.id, recipient)
    if refusing is not None:
        why = said(kind_of(refusing).summary)
        return said(
            N_("{lock}, which {clause} forbids: {why}"),
            lock=words,
            clause=refusing.clause,
            why=why,
        )
    if helper.capacity == 0:
        return said(N_("{lock}, but the helper is not available this year"), lock=words)
    if instance.pair_costs is not None:
        return said(N_("{lock}, a pair the pair table does not list"), lock=words)
    return words
