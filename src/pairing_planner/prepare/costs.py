"""What every candidate pair and every helper's k-th school costs, in the model's integer
units (shared by the CP-SAT model, the min-cost-flow path and plan extraction; the verifier
recomputes costs on its own). Pair terms are computed as arrays, one per term over all pairs,
from the pairs' positions (:class:`~pairing_planner.prepare.candidates.Candidates`): a call
per pair and term cost 14 µs, 3 s of a province's solve, and the lookups by id that remain
(:attr:`PairCosts.cost`, :attr:`PairCosts.by_recipient`) are built only when a method asks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.schema.models import Term
from pairing_planner.objective import TERM_KINDS, scaled, scaled_many
from pairing_planner.prepare.candidates import Candidates


@dataclass
class PairCosts:
    """The pairs, each weighted pair term's value per pair in its own unit (arrays in the
    pairs' order), and each pair's integer cost (``total``, the same order)."""

    instance: Instance
    candidates: Candidates
    terms: dict[Term, NDArray[np.float64]]
    total: NDArray[np.int64]

    @cached_property
    def pairs(self) -> list[PairKey]:
        """The pairs by id."""
        return self.candidates.pairs

    @cached_property
    def cost(self) -> dict[PairKey, int]:
        """Each pair's integer cost, by id."""
        return dict(zip(self.pairs, self.total.tolist(), strict=True))

    @cached_property
    def by_recipient(self) -> dict[str, list[PairKey]]:
        """Each recipient's pairs, in order."""
        found: dict[str, list[PairKey]] = {}
        for pair in self.pairs:
            found.setdefault(pair[1], []).append(pair)
        return found

    @cached_property
    def position(self) -> dict[PairKey, int]:
        """Each pair's place in ``pairs`` (and in every term's array)."""
        return {pair: i for i, pair in enumerate(self.pairs)}

    def values_of(self, pair: PairKey) -> dict[Term, float]:
        """One pair's value of each weighted pair term, in the term's unit."""
        i = self.position[pair]
        return {term: float(values[i]) for term, values in self.terms.items()}

    def term_cost(self, term: Term) -> dict[PairKey, int]:
        """One weighted pair term's integer cost per pair (none where the term is unweighted)."""
        if term not in self.terms:
            return {}
        weight = self.instance.data.objective.weights[term]
        return dict(zip(self.pairs, scaled_many(weight, self.terms[term]).tolist(), strict=True))

    def unit_costs(self, load: int) -> dict[Term, list[int]]:
        """Per weighted per-helper term: the integer cost of a helper's 1st … load-th school."""
        weights = self.instance.data.objective.weights
        return {
            kind.term: [scaled(weights[kind.term], kind.unit_value(k)) for k in range(1, load + 1)]
            for kind in TERM_KINDS.values()
            if kind.unit_value is not None and weights.get(kind.term, 0.0) > 0
        }

    def plan_cost(self, chosen: list[PairKey]) -> int:
        """The integer cost of a plan made of ``chosen``: its pairs, and each helper's
        per-load terms for its number of schools (what the model's objective counts)."""
        loads = Counter(h for h, _r in chosen)
        per_helper = sum(
            sum(sum(units) for units in self.unit_costs(load).values()) for load in loads.values()
        )
        return sum(self.cost[p] for p in chosen) + per_helper


def pair_costs(instance: Instance, pairs: Sequence[PairKey]) -> PairCosts:
    """The costs of ``pairs`` (by id) under the instance's weights."""
    return candidate_costs(instance, Candidates.of(instance, pairs))


def candidate_costs(instance: Instance, candidates: Candidates) -> PairCosts:
    """The costs of ``candidates`` under the instance's weights, from their positions."""
    weights = instance.data.objective.weights
    terms = {
        kind.term: kind.pair_values(instance, candidates.helpers, candidates.recipients)
        for kind in TERM_KINDS.values()
        if kind.pair_values is not None and weights.get(kind.term, 0.0) > 0
    }
    total = np.zeros(len(candidates), dtype=np.int64)
    for term, values in terms.items():
        total += scaled_many(weights[term], values)
    return PairCosts(instance, candidates, terms, total)
