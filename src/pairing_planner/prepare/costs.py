"""What every candidate pair and every helper's k-th school costs, in the model's integer
units (plain Python, shared by the CP-SAT model, the min-cost-flow path and plan extraction;
the verifier recomputes costs on its own)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Term
from pairing_planner.objective import TERM_KINDS, scaled


@dataclass
class PairCosts:
    """Per pair: each weighted term's value in its own unit, and the integer cost."""

    instance: Instance
    values: dict[PairKey, dict[Term, float]]
    cost: dict[PairKey, int]
    by_recipient: dict[str, list[PairKey]] = field(default_factory=dict)

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


def pair_costs(instance: Instance, pairs: list[PairKey]) -> PairCosts:
    """The costs of ``pairs`` under the instance's weights."""
    weights = instance.data.objective.weights
    values: dict[PairKey, dict[Term, float]] = {}
    cost: dict[PairKey, int] = {}
    by_recipient: dict[str, list[PairKey]] = {}
    for pair in pairs:
        helper, recipient = instance.helpers[pair[0]], instance.recipients[pair[1]]
        values[pair] = {
            kind.term: kind.pair_value(instance, helper, recipient)
            for kind in TERM_KINDS.values()
            if kind.pair_value is not None and weights.get(kind.term, 0.0) > 0
        }
        cost[pair] = sum(scaled(weights[t], v) for t, v in values[pair].items())
        by_recipient.setdefault(pair[1], []).append(pair)
    return PairCosts(instance, values, cost, by_recipient)
