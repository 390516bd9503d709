"""Parts without side constraints, solved exactly as a min-cost flow (OR-Tools).

When every active rule of a part is one a flow keeps and a coverage rule asks every recipient
to be served (:func:`pairing_planner.rules.capabilities.flow_takes`), the pairing is a
transportation problem:
source → helper (one arc per school it may take, each costing that k-th school's per-helper
terms, which are convex so cheaper units fill first) → recipient (the pair's cost) → sink.
Integral and optimal, in a fraction of CP-SAT's time; the same integer costs as the model.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping

from ortools.graph.python import min_cost_flow

from pairing_planner.cpsat.extract import plan_from_pairs
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.prepare.costs import pair_costs
from pairing_planner.result.plan import Plan
from pairing_planner.rules import Role
from pairing_planner.rules.capabilities import in_role


def solve_by_flow(instance: Instance, pairs: list[PairKey]) -> Plan | None:
    """The optimal plan by min-cost flow, or None when not every recipient can be served.
    Only for an instance :func:`pairing_planner.rules.capabilities.flow_takes`."""
    start = time.monotonic()
    costs = pair_costs(instance, pairs)
    bounded = bool(in_role(instance, Role.capacity))
    degree: Counter[str] = Counter(h for h, _r in pairs)
    units = {}
    for h in degree:
        room = min(instance.helpers[h].capacity, degree[h]) if bounded else degree[h]
        per_term = costs.unit_costs(room)
        units[h] = [sum(column) for column in zip(*per_term.values(), strict=True)] or [0] * room
    found = transport(pairs, costs.cost, units, list(instance.recipients))
    if found is None:
        return None
    chosen, objective = found
    return plan_from_pairs(
        costs,
        chosen,
        rank=1,
        status="OPTIMAL",
        objective=objective,
        bound=objective,
        seconds=time.monotonic() - start,
        relaxations=[],
    )


def transport(
    arcs: list[PairKey],
    cost: Mapping[PairKey, int],
    units: Mapping[str, list[int]],
    recipients: list[str],
) -> tuple[list[PairKey], int] | None:
    """Each recipient to one helper over ``arcs`` at least total cost, helper h taking at
    most ``len(units[h])`` recipients, its k-th costing ``units[h][k]`` on top of the arc
    (non-decreasing, so cheaper units fill first); the pairs and the cost, or None when not
    every recipient can be served."""
    flow = min_cost_flow.SimpleMinCostFlow()
    node = {("h", h): 2 + i for i, h in enumerate(units)}
    node |= {("r", r): 2 + len(units) + i for i, r in enumerate(recipients)}
    for h, per_unit in units.items():
        for unit in per_unit:
            flow.add_arc_with_capacity_and_unit_cost(0, node[("h", h)], 1, unit)
    index = {
        p: flow.add_arc_with_capacity_and_unit_cost(
            node[("h", p[0])], node[("r", p[1])], 1, cost[p]
        )
        for p in arcs
    }
    for r in recipients:
        flow.add_arc_with_capacity_and_unit_cost(node[("r", r)], 1, 1, 0)
    flow.set_node_supply(0, len(recipients))
    flow.set_node_supply(1, -len(recipients))
    if flow.solve() != flow.OPTIMAL:
        return None
    return [p for p, arc in index.items() if flow.flow(arc)], flow.optimal_cost()
