"""Plans as pandas DataFrames: one row per pair with names, places and costs (no contacts).

The same frame feeds the CSV file, the terminal table and notebooks.
"""

from __future__ import annotations

import pandas as pd

from pairing_planner.instance.instance import Instance
from pairing_planner.plan import Plan


def pairs_frame(instance: Instance, plan: Plan) -> pd.DataFrame:
    """One row per pair of ``plan``, in the instance's recipient order."""
    order = {r: i for i, r in enumerate(instance.recipients)}
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
            }
        )
    return pd.DataFrame(rows)
