"""A plan the way a careful hand-matcher makes one: the greedy baseline of the benchmarks, and
a solve's fallback (:mod:`pairing_planner.cpsat.check_plan`), so a solve stopped by its time limit
is never worse than it.

Schools of an exclusive set (S4: poverty-village schools, read from the problem data) go
first, each to the smallest free helper it may have (the least room its capacity structures
allow), so large helpers stay for the rest; then
the schools with the fewest candidates, each to its nearest allowed helper with room. It
knows coverage, capacity and exclusive sets only: a plan it returns may still
break a city quota or a lock, which the caller's check (or CP-SAT) finds. Where no plan keeps
every rule it can leave the schools it cannot serve without a helper: the floor of a relaxed
solve (:func:`pairing_planner.cpsat.check_plan.check_plan` in a relaxed model).
"""

from __future__ import annotations

from collections import Counter

from pairing_planner.instance.index.instance import PairKey
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.rules.structures import Capacity, Cover, Exclusive, Structure

KEEPS: frozenset[type[Structure]] = frozenset({Cover, Capacity, Exclusive})
"""The structures a complete greedy plan keeps without a check."""


def greedy_keeps(problem: ProblemData) -> bool:
    """A greedy plan that serves every recipient keeps every structure of ``problem``."""
    return problem.only(KEEPS)


def greedy_pairs(problem: ProblemData, *, leave_unserved: bool = False) -> list[PairKey] | None:
    """One helper per recipient chosen greedily from the pairs of ``problem``, or None when
    some school is left without a helper that still has room (unless ``leave_unserved``: then
    it stays without one). A helper's room: :meth:`ProblemData.room`."""
    instance, costs, alone = problem.instance, problem.costs, problem.exclusive
    load: Counter[str] = Counter()
    exclusive: set[str] = set()
    chosen = []
    order = sorted(
        instance.data.recipients,
        key=lambda r: (r.id not in alone, len(costs.by_recipient.get(r.id, []))),
    )
    for recipient in order:
        own = recipient.id in alone
        options = sorted(
            costs.by_recipient.get(recipient.id, []),
            key=lambda p: (problem.room(p[0]), costs.cost[p]) if own else costs.cost[p],
        )
        for helper, _r in options:
            room = problem.room(helper) - load[helper]
            if helper in exclusive or room <= 0 or (own and load[helper]):
                continue
            load[helper] += 1
            if own:
                exclusive.add(helper)
            chosen.append((helper, recipient.id))
            break
        else:
            if not leave_unserved:
                return None
    return chosen
