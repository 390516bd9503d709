"""Ready plans as a floor under CP-SAT's: the greedy plan, checked against the model, is
returned when CP-SAT finds nothing better in time, so a solve cut short is never worse than a
careful hand-matcher's plan; and a relaxation's bound can prove it optimal."""

from __future__ import annotations

import math
from dataclasses import replace

from pairing_planner.algorithms.greedy import greedy_pairs
from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import BuiltModel
from pairing_planner.cpsat.check_plan import StartPlan, check_plan
from pairing_planner.cpsat.extract import plan_from_pairs
from pairing_planner.objective import SCALE
from pairing_planner.result.plan import Plan


def check_seconds(deadline: Deadline) -> float:
    """The seconds a ready plan's check may take: a tenth of the time left, at least one."""
    return max(1.0, deadline.left() / 10)


def greedy_start(built: BuiltModel, check_time: float) -> StartPlan | None:
    """The greedy plan, if it keeps every rule of the model. Made only when CP-SAT has not
    proven its own plan optimal: most parts never need it."""
    pairs = greedy_pairs(built.problem)
    return check_plan(built, pairs, check_time) if pairs else None


def no_worse(built: BuiltModel, plan: Plan | None, fallback: StartPlan) -> Plan:
    """``plan``, or the fallback plan when CP-SAT's is costlier or missing; either with the
    better of CP-SAT's bound and the fallback's (when there is one), never above its cost.
    The fallback plan is optimal when no plan can cost less: costs are whole model units."""
    found = [fallback.bound, plan.bound * SCALE if plan and plan.bound is not None else None]
    bound = max((b for b in found if b is not None), default=None)
    if plan is not None and round(plan.objective * SCALE) <= fallback.cost:
        cost = plan.objective * SCALE
        return replace(plan, bound=None if bound is None else min(bound, cost) / SCALE)
    proven = bound is not None and math.ceil(bound - 1e-3) >= fallback.cost
    return plan_from_pairs(
        built.costs,
        fallback.pairs,
        rank=1,
        status="OPTIMAL" if proven else "FEASIBLE",
        objective=fallback.cost,
        bound=None if bound is None else min(bound, fallback.cost),
        seconds=plan.seconds if plan is not None else 0.0,
        relaxations=list(fallback.relaxations),
    )
