"""One CP-SAT solve of a model as it stands, with the solver tuned to what is asked: the
building block of every strategy that solves a model (one model, its parts, the cores of
mid-size parts, trade-off fronts)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from pairing_planner import stop
from pairing_planner.cpsat.build import BuiltModel
from pairing_planner.cpsat.extract import plan_from_pairs, relaxations_of
from pairing_planner.cpsat.solver import Reporter, new_solver, run
from pairing_planner.result.plan import Status
from pairing_planner.result.solver_progress import ProgressHook
from pairing_planner.solving.execution.guaranteed_work import limits
from pairing_planner.solving.methods.large_part_search import Found
from pairing_planner.solving.options import Params


def alone_pairs(built: BuiltModel, params: Params, rank: int) -> int | None:
    """The model's pair count when it is the one plan asked for, solved by one worker in
    strict mode (a province's part), which :func:`new_solver` tunes for; else None. Relaxed
    models and a series of plans (with their cuts) were slower so tuned: Heze as printed took
    2.0 s end to end instead of 1.4 s without presolve."""
    alone = params.plans == 1 and rank == 1 and built.ctx.mode == "strict"
    return len(built.ctx.x) if alone and params.workers == 1 else None


def solve_once(
    built: BuiltModel,
    params: Params,
    budget: float,
    rank: int,
    on_progress: ProgressHook | None,
    *,
    by_cost: bool,
    tuned: bool = True,
    floor: float = 0.0,
) -> Found:
    """One CP-SAT solve of the model as it stands: its plan, status, and whether stopped.
    ``tuned`` false keeps CP-SAT's own settings whatever the model's size (see
    :func:`alone_pairs`); ``floor`` the deterministic time it is guaranteed however little
    of ``budget`` the wall clock leaves
    (:func:`pairing_planner.solving.execution.guaranteed_work.limits`)."""
    seconds, effort = limits(budget, floor)
    solver = new_solver(
        seconds,
        workers=params.workers,
        seed=params.seed,
        effort=effort,
        alone_pairs=alone_pairs(built, params, rank) if tuned else None,
    )
    callback = Reporter(rank, on_progress, built.cost, by_cost) if on_progress else None
    code = run(solver, built.ctx.model, callback)
    interrupted = stop.requested()
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if code == cp_model.MODEL_INVALID:
            raise RuntimeError(f"CP-SAT rejected the model: {built.ctx.model.validate()}")
        return None, ("INFEASIBLE" if code == cp_model.INFEASIBLE else "UNKNOWN"), interrupted
    status: Status = "OPTIMAL" if code == cp_model.OPTIMAL and not interrupted else "FEASIBLE"
    plan = plan_from_pairs(
        built.costs,
        [pair for pair, var in built.ctx.x.items() if solver.boolean_value(var)],
        rank=rank,
        status=status,
        objective=solver.value(built.cost),
        bound=solver.best_objective_bound if by_cost else None,
        seconds=solver.wall_time,
        relaxations=relaxations_of(built.ctx, lambda expr: int(solver.value(expr))),
    )
    return plan, status, interrupted
