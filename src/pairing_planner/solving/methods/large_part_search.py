"""Parts too large for one CP-SAT model: a relaxation's bound and rounded plan, improved by
neighbourhood search. CP-SAT proves parts of 35,000 pairs in seconds but found its first plan
for one of 190,000 only after 45 s, far costlier than the rounded one (docs/performance.md)."""

from __future__ import annotations

import time
from dataclasses import replace

from pairing_planner.algorithms.lagrange import lagrangian_relaxation
from pairing_planner.algorithms.lp import lp_relaxation
from pairing_planner.algorithms.neighbourhood import improve
from pairing_planner.algorithms.rounding import rounded_plan
from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import BuiltModel
from pairing_planner.cpsat.check_plan import StartPlan, check_plan
from pairing_planner.objective import SCALE
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.result.plan import Plan, Status
from pairing_planner.result.solver_progress import ProgressHook, SolverProgress
from pairing_planner.rules.structures import Capacity, Cover, Exclusive, Structure
from pairing_planner.solving.methods.greedy_fallback import greedy_start, no_worse
from pairing_planner.solving.options import Params
from pairing_planner.stop import on_stop

Found = tuple[Plan | None, Status, bool]
"""A plan (or none), the status of the solve that found it, and whether it was stopped."""

LARGE_PART = 100_000
"""Candidate pairs from which a part is planned from a relaxation and neighbourhood search
instead of one CP-SAT model."""

KEEPS: frozenset[type[Structure]] = frozenset({Cover, Capacity, Exclusive})
"""The structures a large part's search handles: each binds one recipient, or one helper's
own choice, so the relaxation prices or keeps them and a window cut anywhere keeps them. A
quota row or a lock binds schools beyond one pair, which windows would cut across."""


def search_keeps(problem: ProblemData) -> bool:
    """Every structure of ``problem`` is one the search handles (:data:`KEEPS`), so a part of
    :data:`LARGE_PART` pairs or more may be planned by :func:`searched_plan`. It decides by
    the structures it finds, never by a rule's kind (issue 31)."""
    return problem.only(KEEPS)


RELAX_SHARE = 0.25
"""Of a large part's time, the share for the relaxation; neighbourhood search has the rest."""


def relaxed_start(
    built: BuiltModel, greedy: StartPlan | None, seconds: float, check_time: float
) -> StartPlan | None:
    """The cheaper of the greedy plan and the plan rounded from a relaxation, with the
    relaxation's bound. The relaxation is the Lagrangian
    (:mod:`pairing_planner.algorithms.lagrange`) where the rules allow it — far tighter than
    the LP on S4, and its rounded plan far cheaper — else the LP."""
    upper = greedy.cost if greedy is not None else None
    problem = built.problem
    relaxed = lagrangian_relaxation(problem, seconds, upper) or lp_relaxation(problem, check_time)
    if relaxed is None:
        return greedy
    pairs = rounded_plan(problem, relaxed)
    rounded = check_plan(built, pairs, check_time) if pairs else None
    best = min((s for s in (greedy, rounded) if s), key=lambda s: s.cost, default=None)
    return replace(best, bound=relaxed.value) if best is not None else None


def searched_plan(
    built: BuiltModel,
    params: Params,
    on_progress: ProgressHook | None,
    check_time: float,
    deadline: Deadline,
) -> Found:
    """A large part's first plan by ``deadline`` (its share of the solve's): a relaxation's
    bound and rounded plan (a quarter of the time left), improved by neighbourhood search
    until the deadline (:mod:`pairing_planner.algorithms.neighbourhood`)."""
    began = time.monotonic()
    budget = deadline.left()
    greedy = greedy_start(built, check_time)
    found = relaxed_start(built, greedy, RELAX_SHARE * budget, check_time)
    if found is None:
        return None, "UNKNOWN", False

    def report(better: StartPlan) -> None:
        if on_progress is not None:
            bound = better.bound if better.bound is not None else better.cost
            seconds = time.monotonic() - began
            on_progress(SolverProgress(1, better.cost / SCALE, bound / SCALE, seconds))

    report(found)
    with on_stop(lambda: None) as stopped:
        found = improve(
            built.problem,
            found,
            deadline,
            seed=params.seed,
            threads=params.processes,
            stop=stopped,
            on_better=report,
        )
    plan = replace(no_worse(built, None, found), seconds=round(time.monotonic() - began, 3))
    return plan, plan.status, stopped.is_set()
