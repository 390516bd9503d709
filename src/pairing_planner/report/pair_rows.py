"""A plan's pairs as plain rows, one per pair with names, places and costs (no contacts):
what :func:`pairing_planner.report.frames.pairs_frame` makes a DataFrame of and
``plan-K.csv`` is written from without one (issue 32: a province's 10,000 pairs took
0.6–0.7 s through pandas, most of the result's writing while the workbench waits).
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from pairing_planner.i18n import stage_word
from pairing_planner.instance.index.instance import Instance
from pairing_planner.report.alternatives import Reasons
from pairing_planner.report.bends import bend_marks
from pairing_planner.result.plan import Plan

Row = dict[str, Any]


def pair_rows(instance: Instance, plan: Plan) -> tuple[list[str], list[Row]]:
    """The columns and one row per pair of ``plan``, in the instance's recipient order; for
    a relaxed plan, a last column ``bends`` says how each pair bends the rules (empty for a
    pair that keeps them)."""
    order = {r: i for i, r in enumerate(instance.recipients)}
    marks = bend_marks(plan) if plan.relaxations else None
    reasons = Reasons(instance, plan)
    rows = []
    for pair in sorted(plan.pairs, key=lambda p: (order.get(p.recipient, len(order)), p.helper)):
        recipient, helper = instance.recipients[pair.recipient], instance.helpers[pair.helper]
        county = instance.county_of(recipient)
        alt = pair.alternative
        rows.append(
            {
                "plan": plan.rank,
                "recipient_id": recipient.id,
                "recipient": recipient.name,
                "county": county.name if county else "",
                "stage": "/".join(s.value for s in recipient.stages),
                "helper_id": helper.id,
                "helper": helper.name,
                "helper_city": instance.city_of(helper).name,
                "distance_km": pair.distance_km,
                **{f"cost_{term}": cost for term, cost in pair.costs.items()},
                "cost": pair.cost,
                "best_alternative": instance.helpers[alt.helper].name if alt else "",
                "alternative_cost_change": alt.cost_change if alt else None,
                "alternative_not_taken": reasons.why_not_taken(pair),
                **({} if marks is None else {"bends": marks.get((helper.id, recipient.id), "")}),
            }
        )
    columns = list(dict.fromkeys(chain.from_iterable(rows))) or _pair_columns(plan)
    return columns, rows


def readable_rows(instance: Instance, plan: Plan) -> tuple[list[str], list[Row]]:
    """:func:`pair_rows` with each stage in words of the current language (初中, junior), as
    the ledger and the pairs CSV show it."""
    columns, rows = pair_rows(instance, plan)
    words: dict[str, str] = {}
    for row in rows:
        stages = row["stage"]
        if stages not in words:
            words[stages] = "/".join(stage_word(s) for s in stages.split("/"))
        row["stage"] = words[stages]
    return columns, rows


def _pair_columns(plan: Plan) -> list[str]:
    """The columns of a plan with no pair (every rule of a list read wrongly may leave
    none): its CSV and ledger keep their headers, and read back."""
    fixed = ["plan", "recipient_id", "recipient", "county", "stage", "helper_id", "helper"]
    costs = [f"cost_{term}" for term in plan.term_costs]
    return [
        *fixed,
        "helper_city",
        "distance_km",
        *costs,
        "cost",
        "best_alternative",
        "alternative_cost_change",
        "alternative_not_taken",
        *(["bends"] if plan.relaxations else []),
    ]
