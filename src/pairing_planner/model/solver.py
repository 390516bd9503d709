"""Runs CP-SAT: the time budget over K plans, determinism, progress, and a clean stop.

Plan k+1 is found under the diversity constraints of :mod:`pairing_planner.model.diversity`
(by default: the best plan that differs from plans 1..k), so plans come in order of cost.
The total time limit is shared: each solve gets the remaining time divided by the plans
still to find, so a quick first proof leaves more for the rest.

``linearization_level = 2`` puts the S4, quota and load constraints' cuts into the LP: on a
generated 1,000-recipient instance it halved the time to proof (9.6 s → 5.3 s, 2 workers),
and on a 25-school part with one worker it took 0.1 s instead of 2.5 s.

Determinism: CP-SAT's parallel workers race, so with ties (two recipients at the same county
seat swap helpers at equal cost) runs differed. ``interleave_search`` runs the workers'
subsolvers in a fixed interleaved order: the same instance, seed and worker count then give
the same plans. One worker is deterministic without it, and much faster without it (all 24
parts of a generated 300-recipient instance: 0.46 s against 9.5 s), so it is set only for
more than one worker.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from functools import partial
from types import FrameType
from typing import Any

from ortools.sat.python import cp_model

from pairing_planner.compare import against_first
from pairing_planner.greedy import greedy_pairs
from pairing_planner.i18n import _
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.model.build import BuiltModel, build_model
from pairing_planner.model.diversity import Diversity
from pairing_planner.model.extract import plan_from_pairs, relaxations_of
from pairing_planner.model.flow import no_quota_or_lock
from pairing_planner.model.lagrange import lagrangian_relaxation
from pairing_planner.model.lp import lp_relaxation
from pairing_planner.model.neighbourhood import improve
from pairing_planner.model.rounding import rounded_plan
from pairing_planner.model.start import StartPlan, check_plan
from pairing_planner.objective import SCALE
from pairing_planner.plan import Diagnosis, Plan, Result, Status
from pairing_planner.version import ortools_version, tool_version


@dataclass(frozen=True)
class SolveOptions:
    """How to solve; ``None`` fields take the instance's ``solve:`` defaults."""

    plans: int | None = None
    time_limit: float | None = None
    seed: int | None = None
    workers: int | None = None
    min_diff: int | None = None
    within: float | None = None
    strict: bool | None = None
    decompose: bool | None = None
    jobs: int | None = None

    def resolved(self, instance: Instance) -> dict[str, Any]:
        """The parameters in force: these options over the instance's defaults."""
        defaults = instance.data.solve.model_dump()
        mine = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: mine[name] if mine[name] is not None else defaults[name] for name in mine}


def parallel_jobs(params: dict[str, Any]) -> int:
    """How many things may run at once: ``jobs`` when given, else every core."""
    return int(params["jobs"] or os.cpu_count() or 1)


@dataclass(frozen=True)
class Progress:
    """A new best plan during a solve (objective and bound in objective units)."""

    plan: int
    objective: float
    bound: float
    seconds: float


ProgressHook = Callable[[Progress], None]


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(
        self, rank: int, hook: ProgressHook, cost: cp_model.LinearExpr, by_cost: bool
    ) -> None:
        super().__init__()
        self._rank, self._hook, self._cost, self._by_cost = rank, hook, cost, by_cost

    def on_solution_callback(self) -> None:
        cost = self.value(self._cost) / SCALE
        bound = self.best_objective_bound / SCALE if self._by_cost else cost
        self._hook(Progress(self._rank, cost, bound, self.wall_time))


@contextmanager
def _stoppable(on_stop: Callable[[], None]) -> Iterator[threading.Event]:
    """While solving, SIGINT (Ctrl-C) and SIGTERM stop the search (``on_stop``, and the event
    set) instead of killing the process, so the best plan so far is still returned and
    written. Python runs signal handlers only in the main thread between bytecodes, so the
    solve itself runs in a worker thread (see :func:`_run`) while the main thread waits in
    short joins."""
    stopped = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        stopped.set()
        on_stop()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopped
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    on_progress: ProgressHook | None = None,
    pairs: list[PairKey] | None = None,
) -> Result:
    """Solve ``instance`` for up to ``plans`` plans, best first (over ``pairs`` when the
    caller has built the candidate pairs already), never worse than the greedy plan."""
    params = (options or SolveOptions()).resolved(instance)
    start = time.monotonic()
    built = build_model(instance, pairs)
    _hint_baseline(built)
    check_time = _check_time(params)
    large = len(built.ctx.x) >= LARGE_PART and no_quota_or_lock(instance)
    build_seconds = round(time.monotonic() - start, 3)
    fallback = partial(_greedy_start, built, check_time)
    search = partial(_searched_plan, built, params, on_progress, check_time) if large else None
    result = _sequence(instance, built, params, on_progress, start, fallback, search)
    return replace(result, build_seconds=build_seconds)


def solve_apart(
    instance: Instance, options: SolveOptions, pairs: list[PairKey], earlier: list[Plan]
) -> tuple[Plan | None, Status]:
    """The best plan of ``instance`` at least ``min_diff`` recipients away from each of
    ``earlier`` — plans of a larger instance this one is part of, so only their pairs of this
    instance's recipients count (:mod:`pairing_planner.model.apart`) — and the solve's status
    (INFEASIBLE: no such plan)."""
    params = options.resolved(instance)
    built = build_model(instance, pairs)
    diversity = Diversity(built, int(params["min_diff"]), None)
    for before in earlier:
        mine = [p for p in before.pairs if p.recipient in instance.recipients]
        diversity.after(replace(before, pairs=mine))
    # The earlier plans break the new distance constraints by construction, so as hints they
    # only mislead; with them, CP-SAT 9.15 aborted (a failed CHECK) on an infeasible model.
    built.ctx.model.clear_hints()  # type: ignore[no-untyped-call]  # untyped in the stubs
    budget = float(params["time_limit"])
    found, status, _stopped = _solve_once(built, params, budget, 1, None, by_cost=True)
    return found, status


def _check_time(params: dict[str, Any]) -> float:
    """The seconds a ready plan's check may take: a tenth of the limit, at least one."""
    return max(1.0, float(params["time_limit"]) / 10)


def _greedy_start(built: BuiltModel, check_time: float) -> StartPlan | None:
    """The greedy plan, if it keeps every rule of the model. Made only for large parts and
    when CP-SAT has not proven its own plan optimal: most parts never need it."""
    pairs = greedy_pairs(built.ctx.instance, list(built.ctx.x))
    return check_plan(built, pairs, check_time) if pairs else None


def _relaxed_start(
    built: BuiltModel, greedy: StartPlan | None, seconds: float, check_time: float
) -> StartPlan | None:
    """The cheaper of the greedy plan and the plan rounded from a relaxation, with the
    relaxation's bound. The relaxation is the Lagrangian (:mod:`pairing_planner.model.lagrange`)
    where it applies — far tighter than the LP on S4, and its rounded plan far cheaper — else
    the LP."""
    upper = greedy.cost if greedy is not None else None
    relaxed = lagrangian_relaxation(built, seconds, upper) or lp_relaxation(
        built.ctx.model, check_time
    )
    if relaxed is None:
        return greedy
    pairs = rounded_plan(built, relaxed)
    rounded = check_plan(built, pairs, check_time) if pairs else None
    best = min((s for s in (greedy, rounded) if s), key=lambda s: s.cost, default=None)
    return replace(best, bound=relaxed.value) if best is not None else None


def _searched_plan(
    built: BuiltModel,
    params: dict[str, Any],
    on_progress: ProgressHook | None,
    check_time: float,
    budget: float,
) -> tuple[Plan | None, Status, bool]:
    """A large part's first plan: a relaxation's bound and rounded plan
    (:func:`_relaxed_start`, a quarter of ``budget``), improved by neighbourhood search for
    the rest (:mod:`pairing_planner.model.neighbourhood`; CP-SAT on the whole part is no
    match for either)."""
    began = time.monotonic()
    greedy = _greedy_start(built, check_time)
    found = _relaxed_start(built, greedy, RELAX_SHARE * budget, check_time)
    if found is None:
        return None, "UNKNOWN", False

    def report(better: StartPlan) -> None:
        if on_progress is not None:
            bound = better.bound if better.bound is not None else better.cost
            seconds = time.monotonic() - began
            on_progress(Progress(1, better.cost / SCALE, bound / SCALE, seconds))

    report(found)
    with _stoppable(lambda: None) as stopped:
        found = improve(
            built,
            found,
            began + budget,
            seed=int(params["seed"]),
            threads=parallel_jobs(params),
            stop=stopped,
            on_better=report,
        )
    plan = replace(_no_worse(built, None, found), seconds=round(time.monotonic() - began, 3))
    return plan, plan.status, stopped.is_set()


RELAX_SHARE = 0.25
"""Of a large part's time, the share for the relaxation; neighbourhood search has the rest."""


LARGE_PART = 100_000
"""Candidate pairs from which a part is planned from a relaxation (its bound and rounded plan,
:mod:`pairing_planner.model.rounding`) and neighbourhood search instead of one CP-SAT model:
CP-SAT proves parts of 35,000 pairs in seconds but found its first plan for one of 190,000
only after 45 s, far costlier than the rounded one."""


def _hint_baseline(built: BuiltModel) -> None:
    """The baseline plan (re-planning) as CP-SAT's starting point: each old pair hinted
    true, every other pair false."""
    old = built.ctx.instance.baseline_helpers
    if old:
        for (helper, recipient), var in built.ctx.x.items():
            built.ctx.model.add_hint(var, helper in old.get(recipient, ()))


def solve_relaxed(
    instance: Instance,
    options: SolveOptions | None = None,
    on_progress: ProgressHook | None = None,
    pairs: list[PairKey] | None = None,
) -> Result:
    """Plans that bend the rules as little as possible: first the least total penalty
    (each rule instance's violation units × its penalty), proven where time allows; then,
    with the penalty capped there, the usual plans by cost. Each plan lists its relaxations."""
    params = (options or SolveOptions()).resolved(instance)
    start = time.monotonic()
    built = build_model(instance, pairs, mode="relaxed")
    build_seconds = round(time.monotonic() - start, 3)
    floor = _relaxed_floor(built, _check_time(params))
    model, penalty = built.ctx.model, built.ctx.penalty()
    model.minimize(penalty)
    solver = _solver(params, float(params["time_limit"]) / 3)
    with _stoppable(solver.stop_search):
        code = _run(solver, model, None)
    found = [int(solver.value(penalty))] if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else []
    least = min([*found, *([floor.penalty] if floor else [])], default=None)
    if least is None:
        message = _("No relaxed plan was found within the time limit; allow more time.")
        return make_result(instance, params, "UNKNOWN", [], seconds=0.0, message=message)
    model.add(penalty <= least)
    model.minimize(built.cost)
    fallback = (lambda: floor) if floor is not None and floor.penalty <= least else None
    result = _sequence(instance, built, params, on_progress, start, fallback)
    note = relaxed_note(least, proven=code == cp_model.OPTIMAL)
    plans = result.plans if code == cp_model.OPTIMAL else [_unproven(p) for p in result.plans]
    status: Status = "RELAXED" if plans else result.status
    return replace(
        result,
        status=status,
        plans=plans,
        message=" ".join([note, result.message]).strip(),
        build_seconds=build_seconds,
    )


def _relaxed_floor(built: BuiltModel, check_time: float) -> StartPlan | None:
    """The greedy plan, schools it cannot serve left without a helper, with the rules it
    bends: a relaxed plan known before the search, and the search's starting point. On a
    county part with 64 poverty-village schools for 39 helpers CP-SAT needed 3 s before its
    first relaxed plan, more than such a part may get when several conflict."""
    pairs = greedy_pairs(built.ctx.instance, list(built.ctx.x), leave_unserved=True) or []
    floor = check_plan(built, pairs, check_time)
    if floor is not None:
        chosen = set(floor.pairs)
        for pair, var in built.ctx.x.items():
            built.ctx.model.add_hint(var, pair in chosen)
    return floor


def _unfinished(plan: Plan | None) -> bool:
    return plan is None or plan.status != "OPTIMAL"


def _no_worse(built: BuiltModel, plan: Plan | None, fallback: StartPlan) -> Plan:
    """``plan``, or the fallback plan when CP-SAT's is costlier or missing; either with the
    better of CP-SAT's bound and the fallback's (when there is one), never above its cost.
    The fallback plan is optimal when no plan can cost less: costs are whole model units."""
    found = [fallback.bound, plan.bound * SCALE if plan and plan.bound is not None else None]
    bound = max((b for b in found if b is not None), default=None)
    if plan is not None and round(plan.objective * SCALE) <= fallback.cost:
        cost = plan.objective * SCALE
        return replace(plan, bound=None if bound is None else min(bound, cost) / SCALE)
    return plan_from_pairs(
        built.costs,
        fallback.pairs,
        rank=1,
        status="OPTIMAL"
        if bound is not None and math.ceil(bound - 1e-3) >= fallback.cost
        else "FEASIBLE",
        objective=fallback.cost,
        bound=None if bound is None else min(bound, fallback.cost),
        seconds=plan.seconds if plan is not None else 0.0,
        relaxations=list(fallback.relaxations),
    )


def relaxed_note(penalty: int, *, proven: bool) -> str:
    """What a relaxed result says: the total penalty its plans pay, and whether it is least."""
    proof = _("proven least") if proven else _("not proven least")
    return _(
        "No plan keeps every rule. These plans bend them as little as possible: total "
        "relaxation penalty {penalty} ({proof}); each lists the rules it bends."
    ).format(penalty=penalty, proof=proof)


def _unproven(plan: Plan) -> Plan:
    return replace(plan, status="FEASIBLE") if plan.status == "OPTIMAL" else plan


def _sequence(
    instance: Instance,
    built: BuiltModel,
    params: dict[str, Any],
    on_progress: ProgressHook | None,
    start: float,
    fallback: Callable[[], StartPlan | None] | None = None,
    search: Callable[[float], tuple[Plan | None, Status, bool]] | None = None,
) -> Result:
    """Up to ``plans`` plans from ``built``, each under the diversity constraints so far; the
    first is ``search``'s plan when given (large parts), else CP-SAT's, or ``fallback``'s when
    CP-SAT found none better and proved none optimal."""
    diversity = Diversity(built, int(params["min_diff"]), params["within"])
    plans: list[Plan] = []
    last: Status = "UNKNOWN"
    interrupted = False
    wanted = int(params["plans"])
    for rank in range(1, wanted + 1):
        remaining = float(params["time_limit"]) - (time.monotonic() - start)
        if remaining <= 0 and plans:
            break
        budget = max(remaining, 0.05) / (wanted - rank + 1)
        constraints = diversity.describe()
        if rank == 1 and search is not None:
            plan, last, interrupted = search(budget)
        else:
            plan, last, interrupted = _solve_once(
                built, params, budget, rank, on_progress, by_cost=not diversity.maximises_difference
            )
            floor = fallback() if rank == 1 and fallback and _unfinished(plan) else None
            if floor is not None:
                plan = _no_worse(built, plan, floor)
                last = plan.status
        if plan is None:
            break
        plan = replace(plan, time_budget=round(budget, 3), constraints=constraints)
        plans.append(against_first(instance, plans[0], plan) if plans else plan)
        if interrupted or rank == wanted:
            break
        diversity.after(plan)
    status = last if not plans else "OPTIMAL" if plans[0].status == "OPTIMAL" else "FEASIBLE"
    result = make_result(
        instance,
        params,
        status,
        plans,
        seconds=time.monotonic() - start,
        interrupted=interrupted,
        message=_message(status, last, plans, wanted, interrupted, diversity),
    )
    exhausted = bool(plans) and len(plans) < wanted and last == "INFEASIBLE" and not interrupted
    return replace(result, exhausted=exhausted)


def make_result(
    instance: Instance,
    params: dict[str, Any],
    status: Status,
    plans: list[Plan],
    *,
    seconds: float = 0.0,
    interrupted: bool = False,
    message: str = "",
    diagnosis: Diagnosis | None = None,
) -> Result:
    """A :class:`Result` stamped with what reproduces it: instance hash, versions, parameters."""
    return Result(
        instance=instance.name,
        instance_sha256=instance.sha256,
        tool_version=tool_version(),
        ortools_version=ortools_version(),
        parameters=dict(params),
        status=status,
        seconds=round(seconds, 3),
        plans=plans,
        interrupted=interrupted,
        message=message,
        diagnosis=diagnosis,
        instance_path=str(instance.path.resolve()) if instance.path else "",
    )


def _solve_once(
    built: BuiltModel,
    params: dict[str, Any],
    budget: float,
    rank: int,
    on_progress: ProgressHook | None,
    *,
    by_cost: bool,
) -> tuple[Plan | None, Status, bool]:
    solver = _solver(params, budget)
    callback = _Reporter(rank, on_progress, built.cost, by_cost) if on_progress else None
    with _stoppable(solver.stop_search) as stopped:
        code = _run(solver, built.ctx.model, callback)
    interrupted = stopped.is_set()
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


def _solver(params: dict[str, Any], budget: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = budget
    solver.parameters.num_workers = int(params["workers"])
    solver.parameters.random_seed = int(params["seed"])
    solver.parameters.interleave_search = solver.parameters.num_workers > 1
    solver.parameters.linearization_level = 2
    solver.parameters.catch_sigint_signal = False
    return solver


def _run(
    solver: cp_model.CpSolver, model: cp_model.CpModel, callback: _Reporter | None
) -> cp_model.CpSolverStatus:
    """``solver.solve`` in a worker thread, the main thread free to take signals."""
    outcome: list[cp_model.CpSolverStatus] = []
    worker = threading.Thread(target=lambda: outcome.append(solver.solve(model, callback)))
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
    return outcome[0]


def _message(
    status: Status,
    last: Status,
    plans: list[Plan],
    wanted: int,
    interrupted: bool,
    diversity: Diversity,
) -> str:
    if interrupted:
        if not plans:
            return _("The search was stopped before any plan was found.")
        return _("The search was stopped; the best plan found so far is returned.")
    if status == "INFEASIBLE":
        return _("No plan satisfies all the rules.")
    if status == "UNKNOWN":
        return _("No plan was found within the time limit; allow more time (--time-limit).")
    if len(plans) == wanted:
        return ""
    if last == "INFEASIBLE":
        return _("Only {n} plan(s) exist under these constraints: no plan {next} {what}.").format(
            n=len(plans), next=len(plans) + 1, what=diversity.describe()
        )
    return _("Time ran out after {n} of {wanted} plans; allow more time (--time-limit).").format(
        n=len(plans), wanted=wanted
    )


__all__ = [
    "Progress",
    "ProgressHook",
    "SolveOptions",
    "make_result",
    "solve",
    "solve_relaxed",
]
