"""The least relaxation: when no plan keeps every rule, plans that bend them as little as
possible — first the least total penalty (each rule instance's violation units × its
penalty), proven where time allows; then, with the penalty capped there, the usual plans by
cost. Each plan lists its relaxations."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from pairing_planner.algorithms.greedy import greedy_pairs
from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import BuiltModel, build_model
from pairing_planner.cpsat.check_plan import StartPlan, check_plan
from pairing_planner.cpsat.solver import new_solver, run
from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.result.plan import Plan, Result, Status
from pairing_planner.result.solver_progress import ProgressHook
from pairing_planner.said import said
from pairing_planner.solving.execution.guaranteed_work import limits
from pairing_planner.solving.methods.greedy_fallback import check_seconds
from pairing_planner.solving.methods.one_model import Run, sequence
from pairing_planner.solving.options import Params, SolveOptions
from pairing_planner.solving.result_notes import make_result, relaxed_note, told


@dataclass(frozen=True)
class Least:
    """The least total penalty found for a relaxed model, whether it is proven least, and the
    greedy plan's relaxed floor when it bends no more than that."""

    penalty: int
    proven: bool
    floor: StartPlan | None


NO_RELAXED_PLAN = N_("No relaxed plan was found within the time limit; allow more time.")


def least_penalty(
    built: BuiltModel, params: Params, deadline: Deadline, work: float = 0.0
) -> Least | None:
    """The least total penalty of the relaxed model ``built``, searched for a third of the
    time left before ``deadline`` (and at least ``work`` units of deterministic time,
    :mod:`pairing_planner.solving.execution.guaranteed_work`) from the greedy plan's floor;
    None when none was found. The model keeps minimising the penalty: the caller caps it
    there and sets its own objective.

    Called only once it is proven that no plan keeps every rule (a counting argument, or
    CP-SAT's proof): every plan then bends some rule by a unit at least, so the least penalty
    is at least the smallest penalty of a unit (:func:`least_unit`). That bound is posted,
    and the search ends as soon as it finds a plan bending no more: Heze as printed (one city
    sends a second junior high, penalty 10) took 0.8 s to prove on one worker without it, and
    under a loaded machine's share of 10 s it was often left unproven."""
    floor = _relaxed_floor(built, check_seconds(deadline))
    model, penalty = built.ctx.model, built.ctx.penalty()
    lowest = least_unit(built)
    model.add(penalty >= lowest)
    model.minimize(penalty)
    seconds, effort = limits(deadline.left() / 3, work)
    solver = new_solver(seconds, workers=params.workers, seed=params.seed, effort=effort)
    code = run(solver, model)
    found = [int(solver.value(penalty))] if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else []
    least = min([*found, *([floor.penalty] if floor else [])], default=None)
    if least is None:
        return None
    kept = floor if floor is not None and floor.penalty <= least else None
    return Least(least, code == cp_model.OPTIMAL or least == lowest, kept)


def least_unit(built: BuiltModel) -> int:
    """The smallest penalty one unit of any rule instance of the relaxed model costs: a
    lower bound on the penalty of any plan of an instance no plan keeps every rule of."""
    ctx = built.ctx
    return min((r.penalty for r in ctx.rule_instances if ctx.slacks.get(r.key)), default=0)


def solve_relaxed(
    instance: Instance,
    options: SolveOptions | None = None,
    on_progress: ProgressHook | None = None,
    pairs: list[PairKey] | None = None,
    work: float = 0.0,
    *,
    deadline: Deadline | None = None,
) -> Result:
    """Plans that bend the rules as little as possible (a third of the time left finds the
    least penalty), each listing the rules it bends, by ``deadline`` (None: the options' time
    limit from now); RELAXED, or UNKNOWN with no plan in time.
    Given ``work`` (as the caller decided:
    :func:`~pairing_planner.solving.execution.guaranteed_work. part_work`,
    :func:`~pairing_planner.solving.execution.guaranteed_work.series_work`), the least penalty's
    search and the plans are guaranteed that much deterministic time: the Heze list of 2017 (13
    junior highs for 11 one-school quotas, 8 senior highs for 9) proves its least penalty, 30, in
    0.25 units, which a loaded machine's share of a third of 10 s did not give it."""
    params = (options or SolveOptions()).resolved(instance)
    start = time.monotonic()
    deadline = Deadline.after(params.time_limit, start) if deadline is None else deadline
    built = build_model(instance, pairs, mode="relaxed")
    build_seconds = round(time.monotonic() - start, 3)
    least = least_penalty(built, params.one_worker(), deadline, work)
    if least is None:
        return make_result(instance, params, "UNKNOWN", [], message=said(NO_RELAXED_PLAN))
    built.ctx.model.add(built.ctx.penalty() <= least.penalty)
    built.ctx.model.minimize(built.cost)
    floor = least.floor
    fallback = (lambda: floor) if floor is not None else None
    result = sequence(instance, built, Run(params, on_progress, deadline, start, work), fallback)
    plans = [bending_least(p, proven=least.proven) for p in result.plans]
    if not plans:
        _none_under(least, result)
        return replace(result, build_seconds=build_seconds)
    note = relaxed_note(least.penalty, proven=least.proven)
    bent = replace(result, status="RELAXED", plans=plans, build_seconds=build_seconds)
    return told(bent, note, result.said)


def _none_under(least: Least, result: Result) -> None:
    """The least penalty was found with a plan, so a search capped there that proves no plan
    is a fault of the tool (a constraint cut that plan off), never the planner's INFEASIBLE;
    a search that ran out of time says so itself."""
    if result.status == "INFEASIBLE":
        raise RuntimeError(
            f"The relaxed model has a plan of penalty {least.penalty}, "
            "yet the search capped at that penalty proved none."
        )


def _relaxed_floor(built: BuiltModel, check_time: float) -> StartPlan | None:
    """The greedy plan, schools it cannot serve left without a helper, with the rules it
    bends: a relaxed plan known before the search, and the search's starting point (CP-SAT
    may need longer for its first relaxed plan than a part in conflict gets)."""
    pairs = greedy_pairs(built.problem, leave_unserved=True) or []
    floor = check_plan(built, pairs, check_time)
    if floor is not None:
        chosen = set(floor.pairs)
        for pair, var in built.ctx.x.items():
            built.ctx.model.add_hint(var, pair in chosen)
    return floor


def bending_least(plan: Plan, *, proven: bool) -> Plan:
    """``plan``, kept to the least penalty found, saying whether that is proven least; when
    it is not, the plan is not called OPTIMAL either (a cheaper plan may bend less)."""
    status: Status = "FEASIBLE" if plan.status == "OPTIMAL" and not proven else plan.status
    return replace(plan, status=status, least_bend_proven=proven)
