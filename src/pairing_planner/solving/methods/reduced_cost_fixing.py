"""Mid-size parts proven on a small model: Lagrangian prices bound every pair, and only the
pairs that could be in a cheaper plan go to CP-SAT.

Why: CP-SAT proves a single 35,000-pair S4 county in about 10 s; the Lagrangian relaxation
(:mod:`pairing_planner.algorithms.lagrange`) comes within 0.02 % of its optimum in about 300
steps, and at those prices nine pairs in ten cannot be in any plan cheaper than the optimum. So:

1. bound every pair: no plan using it costs less than ``least`` (:func:`pair_bounds`);
2. solve the model with only the pairs whose bound is within a margin of the whole bound;
3. a plan of cost C found there is optimal when every pair left out is bounded above
   C − 1 (costs are whole model units), since a cheaper plan would have to use one of them;
   else solve again with every pair bounded at most C − 1, which proves the optimum;
4. when the small model has no plan, widen the margin fourfold, once; then solve the whole
   model as usual.

The proof rests on the bounds alone, never on the clock: the steps run until their size
vanishes (at most a fixed number of them), not for a time, so the same part gives the same
small model, and the same plan, under any load. Only when they have not ended within a
third of the part's budget (:data:`STEP_SHARE`: a time limit far too short for the part, or
a very loaded machine) does the clock cut them; the small model is solved as usual, but its
plan is never called optimal, since bounds cut by the clock make it depend on the load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from pairing_planner.algorithms.lagrange import PairBounds, pair_bounds
from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import BuiltModel, build_model
from pairing_planner.cpsat.check_plan import StartPlan
from pairing_planner.cpsat.extract import plan_from_pairs
from pairing_planner.objective import SCALE
from pairing_planner.result.plan import Plan
from pairing_planner.result.solver_progress import ProgressHook, SolverProgress
from pairing_planner.solving.methods.cpsat_call import solve_once
from pairing_planner.solving.methods.greedy_fallback import no_worse
from pairing_planner.solving.methods.large_part_search import Found
from pairing_planner.solving.options import Params

CORE_PAIRS = 10_000
"""Pair variables from which a single plan's strict model is solved this way."""

CORE_MARGIN = 3e-4
"""The first margin over the whole bound, as a share of it (at least one objective unit)."""

WIDENINGS = 1
"""How often the margin is widened (fourfold) when the small model has no plan; then the
whole model is solved, as for a part with no plan at all, which no margin would give one
(a part in conflict would otherwise pay a proof of infeasibility per widening)."""

STEP_SHARE = 1 / 3
"""Of a part's budget, the most its Lagrangian steps may take before the clock cuts them.
The 1,000-recipient S4 county, with a 10 s limit, has 9.1 s: its 281 steps took 1.4 s on a
quiet machine and 2.0–2.1 s beside other work, and CP-SAT then proved the small model in
1.6–2.4 s. A machine loaded three times over (a CPU burner per core) cut them at 2.8 s, and
then nothing was proven either way (before, with a quarter: the same greedy plan)."""

TOLERANCE = 1e-6
"""Relative allowance for rounding in the floating-point bounds: a pair bounded this close to
a plan's cost stays in the model."""


def core_plan(
    built: BuiltModel,
    params: Params,
    deadline: Deadline,
    fallback: Callable[[], StartPlan | None],
    on_progress: ProgressHook | None = None,
) -> Found | None:
    """The part's best plan through the pairs' bounds by ``deadline`` (this plan's share of
    the solve's), or None when the relaxation does not apply or the small models have no
    plan (the caller solves the whole model). Every better plan of a small model is reported
    to ``on_progress`` with a bound that holds for the whole. With bounds the clock cut (not
    ``settled``), the last widening is the whole model, solved here, so that no plan of that
    run is called optimal: which path found it depended on the load."""
    bounds = pair_bounds(built.problem, None, STEP_SHARE * deadline.left())
    if bounds is None:
        return None
    margin = max(CORE_MARGIN * abs(bounds.bound), SCALE)
    for widening in range(WIDENINGS + 1):
        kept = bounds.least <= bounds.bound + margin
        if widening == WIDENINGS and not bounds.settled:
            kept = np.ones_like(kept)
        left = deadline.left()
        plan, status, stopped = _restricted(built, params, bounds, kept, left, on_progress)
        if plan is not None or status != "INFEASIBLE" or stopped or kept.all():
            break
        margin *= 4
    else:
        return None
    if plan is None or stopped or plan.status != "OPTIMAL" or not bounds.settled:
        return _unproven(built, plan, status, stopped, bounds, kept, fallback)
    cost = round(plan.objective * SCALE)
    if _proves(bounds, kept, cost):
        return replace(plan, bound=plan.objective), "OPTIMAL", False
    wider = bounds.least <= cost - 1 + TOLERANCE * abs(cost)
    left = deadline.left()
    better, status, stopped = _restricted(built, params, bounds, wider, left, on_progress)
    if better is None:
        return _unproven(built, plan, status, stopped, bounds, kept, fallback)
    if stopped or better.status != "OPTIMAL":
        return _unproven(built, better, status, stopped, bounds, wider, fallback)
    return replace(better, bound=better.objective), "OPTIMAL", False


def _restricted(
    built: BuiltModel,
    params: Params,
    bounds: PairBounds,
    kept: NDArray[np.bool_],
    seconds: float,
    on_progress: ProgressHook | None,
) -> Found:
    """CP-SAT on the model over the ``kept`` pairs alone — a model of their own, small from
    the root — and its plan told against the whole part (each pair's best other helper among
    all candidates). With CP-SAT's own settings: such a model is tight (three or four pairs a
    school), and without presolve, or with the small-model settings a province's parts get,
    the cores of generated counties took two to five times longer (docs/performance.md)."""
    pairs = [pair for pair, keep in zip(bounds.pairs, kept, strict=True) if keep]
    small = build_model(built.ctx.instance, pairs)
    hook = _whole(on_progress, bounds, kept)
    plan, status, stopped = solve_once(small, params, seconds, 1, hook, by_cost=True, tuned=False)
    if plan is None:
        return plan, status, stopped
    whole = plan_from_pairs(
        built.costs,
        [(p.helper, p.recipient) for p in plan.pairs],
        rank=1,
        status=plan.status,
        objective=round(plan.objective * SCALE),
        bound=None if plan.bound is None else plan.bound * SCALE,
        seconds=plan.seconds,
        relaxations=list(plan.relaxations),
    )
    return whole, status, stopped


def _whole(
    on_progress: ProgressHook | None, bounds: PairBounds, kept: NDArray[np.bool_]
) -> ProgressHook | None:
    """``on_progress`` told the bound of the whole model, not the small one's, which may lie
    above the whole optimum (:func:`_whole_bound`)."""
    if on_progress is None:
        return None
    hook = on_progress

    def report(progress: SolverProgress) -> None:
        bound = _whole_bound(bounds, kept, progress.bound * SCALE) / SCALE
        hook(replace(progress, bound=min(bound, progress.objective)))

    return report


def _whole_bound(bounds: PairBounds, kept: NDArray[np.bool_], inside: float) -> float:
    """A bound on every plan of the whole model, given ``inside``, one on every plan of the
    small model over the ``kept`` pairs: a plan uses only kept pairs, or some other one, so
    the lower of ``inside`` and the least bound of a pair left out; never below the
    Lagrangian bound. In model units."""
    left_out = bounds.least[~kept]
    outside = float(left_out.min()) if len(left_out) else np.inf
    return max(bounds.bound, min(inside, outside))


def _proves(bounds: PairBounds, kept: NDArray[np.bool_], cost: int) -> bool:
    """Whether no plan cheaper than ``cost`` can use a pair left out: each is bounded above
    ``cost − 1``, the dearest cheaper plan."""
    left_out = bounds.least[~kept]
    return not len(left_out) or float(left_out.min()) > cost - 1 + TOLERANCE * abs(cost)


def _unproven(
    built: BuiltModel,
    plan: Plan | None,
    status: str,
    stopped: bool,
    bounds: PairBounds,
    kept: NDArray[np.bool_],
    fallback: Callable[[], StartPlan | None],
) -> Found:
    """A plan the time did not let us prove: FEASIBLE, no worse than the fallback, with the
    bound that holds for the whole model, from that of the small model over the ``kept``
    pairs that gave ``plan`` (:func:`_whole_bound`)."""
    inside = plan.bound * SCALE if plan is not None and plan.bound is not None else bounds.bound
    bound = _whole_bound(bounds, kept, inside)
    if plan is not None:
        plan = replace(plan, status="FEASIBLE", bound=min(bound, plan.objective * SCALE) / SCALE)
    floor = fallback()
    if floor is not None:
        plan = no_worse(built, plan, replace(floor, bound=max(floor.bound or bound, bound)))
    if plan is None:
        return None, "UNKNOWN" if status != "INFEASIBLE" else "INFEASIBLE", stopped
    return plan, plan.status, stopped
