"""A plan's cost recomputed from the definitions in docs/instance-format.md, term by term,
without the model's integer scaling: what the verifier reports beside the violations."""

from __future__ import annotations

from collections import Counter

from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Term

Pairs = list[tuple[str, str]]


def term_costs(instance: Instance, pairs: Pairs) -> dict[str, float]:
    """Weighted cost per term, straight from the definitions in docs/instance-format.md."""
    spec = instance.data.objective
    totals: dict[str, float] = {}

    def add(term: Term, value: float) -> None:
        weight = spec.weights.get(term, 0.0)
        if weight > 0:
            totals[term.value] = totals.get(term.value, 0.0) + weight * value

    for h, r in pairs:
        helper, recipient = instance.helpers[h], instance.recipients[r]
        add(Term.distance, instance.distance_km(h, r))
        add(
            Term.uncovered_needs,
            len([n for n in set(recipient.needs) if n not in helper.strengths]),
        )
        if helper.score is not None:
            lead = helper.score - (recipient.score if recipient.score is not None else 0.0)
            add(Term.score_gap, max(0.0, spec.min_lead - lead))
        if instance.pair_costs is not None:
            add(Term.pair_table, instance.pair_costs.get((h, r), 0.0))
        if r in instance.baseline_helpers:
            add(Term.change, 0.0 if h in instance.baseline_helpers[r] else 1.0)
    for n in Counter(h for h, _r in pairs).values():
        add(Term.load_balance, n * (n - 1) / 2)
    return {t: round(v, 4) for t, v in totals.items()}
