"""Parts without side constraints, solved exactly as a min-cost flow (OR-Tools).

When every structure of a part's problem data is one a flow keeps (:data:`TAKES`: the
coverage it serves, capacities) and a coverage asks every recipient to be served
(:func:`flow_takes`), the pairing is a
transportation problem:
source → helper (one arc per school it may take, each costing that k-th school's per-helper
terms, which are convex so cheaper units fill first) → recipient (the pair's cost) → sink.
Integral and optimal, in a fraction of CP-SAT's time; the same integer costs as the model.
The network is built from the candidates' position arrays and handed to OR-Tools in one call
(issue 31: the bare flow on prebuilt arrays is the measure, ``benchmarks.baselines``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from pairing_planner.cpsat.extract import plan_from_positions
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.prepare.costs import PairCosts
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.result.plan import Plan
from pairing_planner.rules.structures import Capacity, Cover, Structure

TAKES: frozenset[type[Structure]] = frozenset({Cover, Capacity})
"""The structures a flow keeps exactly: the coverage is its demand, a capacity its arcs'."""


def flow_takes(problem: ProblemData) -> bool:
    """A min-cost flow solves ``problem`` exactly: a coverage to serve, and no structure but
    coverage and capacities (the filters only narrow the pairs it reads)."""
    return problem.covered() and problem.only(TAKES)


def solve_by_flow(problem: ProblemData) -> Plan | None:
    """The optimal plan of ``problem`` by min-cost flow, or None when not every recipient
    can be served. Only for problem data the flow takes (:func:`flow_takes`): the coverage
    its demand, its :class:`~pairing_planner.rules.structures.Capacity` structures the
    helpers' room."""
    start = time.monotonic()
    instance, candidates, costs = problem.instance, problem.candidates, problem.costs
    helpers, rooms = _appearing_helpers(problem)
    found = _flow(
        _nodes(helpers, candidates.helpers),
        candidates.recipients,
        costs.total,
        np.repeat(np.arange(len(helpers)), rooms),
        _unit_table(costs, int(rooms.max(initial=0)))[_ranks(rooms)],
        (len(helpers), len(instance.recipients)),
    )
    if found is None:
        return None
    chosen, objective = found
    return plan_from_positions(
        costs,
        chosen,
        rank=1,
        status="OPTIMAL",
        objective=objective,
        bound=objective,
        seconds=time.monotonic() - start,
        relaxations=[],
    )


def helper_units(problem: ProblemData) -> dict[str, list[int]]:
    """Per helper of the pairs, the cost of its 1st, 2nd … school up to the most it may take
    (what its capacity structures allow, or its candidates): the units of the source →
    helper arcs."""
    helpers, rooms = _appearing_helpers(problem)
    table = _unit_table(problem.costs, int(rooms.max(initial=0))).tolist()
    ids = problem.candidates.helper_ids
    return {ids[h]: table[:room] for h, room in zip(helpers.tolist(), rooms.tolist(), strict=True)}


def _appearing_helpers(problem: ProblemData) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """The helpers of the pairs (positions) in the order they first appear, and how many
    schools each may take: its room (:meth:`ProblemData.room`), never more than its
    candidates."""
    found, first, degree = np.unique(
        problem.candidates.helpers, return_index=True, return_counts=True
    )
    order = np.argsort(first, kind="stable")
    helpers, rooms = found[order], degree[order]
    if problem.bounded():
        ids = problem.candidates.helper_ids
        room = np.fromiter((problem.room(ids[h]) for h in helpers.tolist()), np.intp, len(helpers))
        rooms = np.minimum(rooms, room)
    return helpers, rooms


def _unit_table(costs: PairCosts, most: int) -> NDArray[np.int64]:
    """The cost of any helper's 1st … ``most``-th school, all per-helper terms together."""
    per_term = costs.unit_costs(most)
    return np.array([sum(c) for c in zip(*per_term.values(), strict=True)] or [0] * most, np.int64)


def _ranks(rooms: NDArray[np.intp]) -> NDArray[np.intp]:
    """0, 1, … ``rooms[i] - 1`` for each i, one after the other."""
    starts = np.repeat(np.cumsum(rooms) - rooms, rooms)
    return np.arange(int(rooms.sum())) - starts


def _nodes(helpers: NDArray[np.intp], positions: NDArray[np.intp]) -> NDArray[np.intp]:
    """Each position's index in ``helpers`` (every position is one of them)."""
    number = np.empty(int(helpers.max(initial=-1)) + 1, dtype=np.intp)
    number[helpers] = np.arange(len(helpers))
    return number[positions]


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
    helper = {h: i for i, h in enumerate(units)}
    recipient = {r: i for i, r in enumerate(recipients)}
    found = _flow(
        np.fromiter((helper[h] for h, _r in arcs), np.intp, len(arcs)),
        np.fromiter((recipient[r] for _h, r in arcs), np.intp, len(arcs)),
        np.fromiter((cost[p] for p in arcs), np.int64, len(arcs)),
        np.repeat(np.arange(len(units)), [len(per) for per in units.values()]),
        np.array([u for per in units.values() for u in per], dtype=np.int64),
        (len(units), len(recipients)),
    )
    if found is None:
        return None
    chosen, objective = found
    return [arcs[i] for i in chosen.tolist()], objective


def _flow(
    pair_helper: NDArray[np.intp],
    pair_recipient: NDArray[np.intp],
    pair_cost: NDArray[np.int64],
    unit_helper: NDArray[np.intp],
    unit_cost: NDArray[np.int64],
    nodes: tuple[int, int],
) -> tuple[NDArray[np.intp], int] | None:
    """The network in arrays: node 0 the source, 1 the sink, then the helpers (numbered as
    ``unit_helper`` and ``pair_helper`` number them), then the ``recipients``; arcs source →
    helper per unit, helper → recipient per pair, recipient → sink, in one call to OR-Tools;
    ``nodes`` counts the helpers and the recipients. The pairs used (indices) and the cost,
    or None when not every recipient is served."""
    helpers, recipients = nodes
    tails = np.concatenate(
        [np.zeros(len(unit_helper), np.int32), pair_helper + 2, np.arange(recipients) + 2 + helpers]
    ).astype(np.int32)
    heads = np.concatenate(
        [unit_helper + 2, pair_recipient + 2 + helpers, np.ones(recipients, np.int32)]
    ).astype(np.int32)
    costs = np.concatenate([unit_cost, pair_cost, np.zeros(recipients, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, np.ones(len(tails), np.int64), costs)
    flow.set_node_supply(0, recipients)
    flow.set_node_supply(1, -recipients)
    if flow.solve() != flow.OPTIMAL:
        return None
    first = len(unit_helper)
    used = flow.flows(np.arange(first, first + len(pair_helper), dtype=np.int32))
    return np.flatnonzero(used), int(flow.optimal_cost())
