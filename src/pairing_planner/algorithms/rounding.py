"""A plan from a relaxation for large parts with S4: choose the helpers of the exclusive sets'
schools (the poverty-village schools, read from the problem data) as the relaxation leans,
then place everyone else exactly by min-cost flow.

Once it is settled which helpers serve a poverty-village school (S4: that helper serves no
one else), the rest is two transportation problems: those schools to their exclusive helpers,
the others to the remaining helpers. So the poverty schools are assigned first, by a min-cost
flow whose arc costs follow the relaxation (an arc it uses fully costs its pair cost; one it
leaves out costs far more), and the rest by :func:`pairing_planner.algorithms.flow.solve_by_flow`.
Following the Lagrangian's averaged choices gave plans within 0.4 % of its bound
(docs/performance.md).
"""

from __future__ import annotations

from dataclasses import replace

from pairing_planner.algorithms.flow import solve_by_flow, transport
from pairing_planner.algorithms.lp import Relaxation
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.prepare.candidates import Candidates
from pairing_planner.prepare.problem import ProblemData

_AVOID = 10**6
"""Extra cost, per unit the relaxation leaves out, of a poverty school's arc: its choices
first."""


def rounded_plan(problem: ProblemData, relaxed: Relaxation) -> list[PairKey] | None:
    """Pairs of a plan that keeps coverage, capacity and S4, or None when neither way of
    choosing the exclusive helpers leaves room for everyone: first as ``relaxed`` (a value
    per pair of ``problem``) leans, then also sparing large helpers (as the greedy plan
    does), whose room (:meth:`ProblemData.room`) the others need."""
    ordered = problem.exclusive_in_order()
    poor = set(ordered)
    arcs = [(p, at) for at, p in enumerate(problem.pairs) if p[1] in poor]
    cost = problem.costs.cost
    leaning = {p: cost[p] + round((1 - relaxed.values[at]) * _AVOID) for p, at in arcs}
    sparing = {p: c + (problem.room(p[0]) - 1) * _AVOID for p, c in leaning.items()}
    for arc_cost in (leaning, sparing):
        found = transport(list(leaning), arc_cost, {h: [0] for h, _r in leaning}, ordered)
        exclusive = found[0] if found is not None else None
        rest = _place_the_rest(problem, poor, exclusive) if exclusive is not None else None
        if exclusive is not None and rest is not None:
            return exclusive + rest
    return None


def _place_the_rest(
    problem: ProblemData, poor: set[str], exclusive: list[PairKey]
) -> list[PairKey] | None:
    """The other recipients on the remaining helpers, exactly, by min-cost flow."""
    instance, data = problem.instance, problem.instance.data
    taken = {h for h, _r in exclusive}
    rest = data.model_copy(
        update={
            "helpers": [h for h in data.helpers if h.id not in taken],
            "recipients": [r for r in data.recipients if r.id not in poor],
        }
    )
    pairs = [p for p in problem.pairs if p[1] not in poor and p[0] not in taken]
    part = replace(instance, data=rest)
    plan = solve_by_flow(ProblemData(part, Candidates.of(part, pairs), problem.structures))
    return None if plan is None else [(p.helper, p.recipient) for p in plan.pairs]
