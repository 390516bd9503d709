"""A plan's cost recomputed from the definitions in docs/instance-format.md, term by term:
what the verifier reports beside the violations.

A cost is defined in hundredths: each pair's weighted term (and each helper's k-th school's
load) is rounded to 0.01 before it is added (docs/instance-format.md#objective). Summed
unrounded, the same plan cost 6815.32 in ``plan verify`` and 6815.33 in ``plan solve`` (user
test of issue 30): twenty pairs' roundings add up. The precision is written here again, not
imported from the model, so that the verifier shares no code with it."""

from __future__ import annotations

from collections import Counter

from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.models import Term

Pairs = list[tuple[str, str]]

HUNDREDTHS = 100
"""A cost's precision: every pair's (and helper's) weighted term in hundredths."""


def term_costs(instance: Instance, pairs: Pairs) -> dict[str, float]:
    """Weighted cost per term, straight from the definitions in docs/instance-format.md, in
    hundredths per pair and term."""
    spec = instance.data.objective
    totals: dict[str, int] = {}

    def add(term: Term, value: float) -> None:
        weight = spec.weights.get(term, 0.0)
        if weight > 0:
            totals[term.value] = totals.get(term.value, 0) + round(weight * value * HUNDREDTHS)

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
        for k in range(1, n + 1):
            add(Term.load_balance, k - 1)
    return {t: v / HUNDREDTHS for t, v in totals.items()}
