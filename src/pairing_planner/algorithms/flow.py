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

import numpy as np
from ortools.graph.python import min_cost_flow

from pairing_planner.cpsat.extract import plan_from_pairs
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.prepare.costs import PairCosts, pair_costs
from pairing_planner.result.plan import Plan
from pairing_planner.rules import Role
from pairing_planner.rules.capabilities import in_role


def solve_by_flow(instance: Instance, pairs: list[PairKey]) -> Plan | None:
    """The optimal plan by min-cost flow, or None when not every recipient can be served.
    Only for an instance :func:`pairing_planner.rules.capabilities.flow_takes`."""
    start = time.monotonic()
    costs = pair_costs(instance, pairs)
    found = transport(pairs, costs.cost, helper_units(costs), list(instance.recipients))
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


def helper_units(costs: PairCosts) -> dict[str, list[int]]:
    """Per helper of the pairs, the cost of its 1st, 2nd … school up to the most it may take
    (its capacity, or its candidates): the units of the source → helper arcs."""
    bounded = bool(in_role(costs.instance, Role.capacity))
    units = {}
    for helper, degree in Counter(h for h, _r in costs.pairs).items():
        room = min(costs.instance.helpers[helper].capacity, degree) if bounded else degree
        per_term = costs.unit_costs(room)
        units[helper] = [sum(c) for c in zip(*per_term.values(), strict=True)] or [0] * room
    return units


def transport(
    arcs: list[PairKey],
    cost: Mapping[PairKey, int],
    units: Mapping[str, list[int]],
    recipients: list[str],
) -> tuple[list[PairKey], int] | None:
    """Each recipient to one helper over ``arcs`` at least total cost, helper h taking at
    most ``len(units[h])`` recipients, its k-th costing ``units[h][k]`` on top of the arc
    (non-decreasing, so cheaper units fill first); the pairs and the cost, or None when not
    every recipient can be served. The network goes to OR-Tools as arrays in one call per
    kind of arc (source → helper units, pairs, recipient → sink)."""
    helper_node = {h: 2 + i for i, h in enumerate(units)}
    recipient_node = {r: 2 + len(units) + i for i, r in enumerate(recipients)}
    unit_helper = [helper_node[h] for h, per_unit in units.items() for _unit in per_unit]
    unit_cost = [unit for per_unit in units.values() for unit in per_unit]
    tails = np.array([0] * len(unit_helper) + [helper_node[h] for h, _r in arcs], dtype=np.int32)
    heads = np.array(unit_helper + [recipient_node[r] for _h, r in arcs], dtype=np.int32)
    costs = np.array(unit_cost + [cost[p] for p in arcs], dtype=np.int64)
    tails = np.concatenate([tails, np.array(list(recipient_node.values()), dtype=np.int32)])
    heads = np.concatenate([heads, np.ones(len(recipients), dtype=np.int32)])
    costs = np.concatenate([costs, np.zeros(len(recipients), dtype=np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, np.ones(len(tails), np.int64), costs)
    flow.set_node_supply(0, len(recipients))
    flow.set_node_supply(1, -len(recipients))
    if flow.solve() != flow.OPTIMAL:
        return None
    used = flow.flows(np.arange(len(unit_helper), len(unit_helper) + len(arcs), dtype=np.int32))
    return [arcs[i] for i in np.flatnonzero(used).tolist()], flow.optimal_cost()
