"""K plans from one CP-SAT model, best first.

Plan k+1 is found under the diversity constraints of :mod:`pairing_planner.cpsat.diversity`
(by default: the best plan that differs from plans 1..k), so plans come in order of cost.
The total time limit is shared: each solve gets the remaining time divided by the plans
still to find, so a quick first proof leaves more for the rest. A plan is never worse than a
ready plan the caller supplies (the greedy plan, a relaxed floor) when CP-SAT finds nothing
better or proves nothing in time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import BuiltModel, build_model
from pairing_planner.cpsat.check_plan import StartPlan
from pairing_planner.cpsat.diversity import Diversity
from pairing_planner.cpsat.symmetry import post_helper_order, post_order
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.prepare.symmetry import interchangeable, interchangeable_helpers
from pairing_planner.result.compare import against_first
from pairing_planner.result.plan import Plan, Result, Status
from pairing_planner.result.solver_progress import ProgressHook
from pairing_planner.solving.methods.cpsat_call import solve_once
from pairing_planner.solving.methods.greedy_fallback import check_seconds, greedy_start, no_worse
from pairing_planner.solving.methods.large_part_search import (
    LARGE_PART,
    Found,
    search_keeps,
    searched_plan,
)
from pairing_planner.solving.methods.reduced_cost_fixing import CORE_PAIRS, core_plan
from pairing_planner.solving.options import Params, SolveOptions
from pairing_planner.solving.result_notes import make_result, sequence_message


@dataclass(frozen=True)
class Run:
    """One model's run of plans: its parameters, progress hook, the deadline it was handed
    and its start (``monotonic``, for the seconds it reports)."""

    params: Params
    on_progress: ProgressHook | None
    deadline: Deadline
    start: float
    work: float = 0.0
    """Deterministic time guaranteed to the run's plans together, whatever the wall clock
    leaves them (:mod:`pairing_planner.solving.execution.guaranteed_work`)."""


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    on_progress: ProgressHook | None = None,
    pairs: list[PairKey] | None = None,
    work: float = 0.0,
    *,
    deadline: Deadline | None = None,
    opening: Plan | None = None,
) -> Result:
    """Solve ``instance`` for up to ``plans`` plans, best first (over ``pairs`` when the
    caller has built the candidate pairs already), never worse than the greedy plan, by
    ``deadline``: the solve's own, handed down (None: the options' time limit from now, for
    a caller with no deadline of its own, such as a notebook); its
    plans guaranteed ``work`` deterministic time together, as the caller decided
    (:func:`~pairing_planner.solving.execution.guaranteed_work.part_work`,
    :func:`~pairing_planner.solving. effort.series_work`), so a small model is proven under any
    load. A part too large for one CP-SAT model starts from a relaxation and neighbourhood search
    (:mod:`pairing_planner.solving.methods.large_part_search`) when that search handles every
    structure of its problem data (no quota row, no lock: nothing couples its schools); a
    mid-size one asked for one strict plan is proven on a small model
    (:mod:`pairing_planner.solving.methods.reduced_cost_fixing`) where the Lagrangian relaxation
    models its rules. ``opening``: plan 1, found by the caller (a series' first plan solved
    part by part), which the further plans differ from."""
    params = (options or SolveOptions()).resolved(instance)
    start = time.monotonic()
    deadline = Deadline.after(params.time_limit, start) if deadline is None else deadline
    check_time = check_seconds(deadline)
    built = build_model(instance, pairs)
    _hint_baseline(built)
    build_seconds = round(time.monotonic() - start, 3)

    def fallback() -> StartPlan | None:
        return greedy_start(built, check_time)

    def search(share: Deadline) -> Found:
        return searched_plan(built, params, on_progress, check_time, share)

    def core(share: Deadline) -> Found | None:
        return core_plan(built, params, share, fallback, on_progress)

    def given(_share: Deadline) -> Found:
        assert opening is not None
        return opening, opening.status, False

    pairs_in = len(built.ctx.x)
    first: Callable[[Deadline], Found | None] | None = None
    if opening is not None:
        first = given
    elif pairs_in >= LARGE_PART and search_keeps(built.problem):
        first = search
    elif pairs_in >= CORE_PAIRS and params.plans == 1 and built.ctx.mode == "strict":
        first = core
    run_ = Run(params, on_progress, deadline, start, work)
    result = sequence(instance, built, run_, fallback, first)
    return replace(result, build_seconds=build_seconds)


def solve_apart(
    instance: Instance,
    options: SolveOptions,
    pairs: list[PairKey],
    earlier: list[Plan],
    deadline: Deadline,
) -> tuple[Plan | None, Status]:
    """The best plan of ``instance`` at least ``min_diff`` recipients away from each of
    ``earlier`` — plans of a larger instance this one is part of, so only their pairs of this
    instance's recipients count (:mod:`pairing_planner.solving.decomposition.least_difference`) —
    and the solve's status (INFEASIBLE: no such plan), by ``deadline``. CP-SAT gets what is
    left of it once the model is built: building the model and its distance constraints took
    3.5 s of an 800-school city under load, past its limit when CP-SAT was given the whole of
    it after (issue 31)."""
    params = options.resolved(instance)
    built = build_model(instance, pairs)
    _one_of_each_swap(built)
    diversity = Diversity(built, params.min_diff, None)
    for before in earlier:
        mine = [p for p in before.pairs if p.recipient in instance.recipients]
        diversity.after(replace(before, pairs=mine))
    # The earlier plans break the new distance constraints by construction, so as hints they
    # only mislead; with them, CP-SAT 9.15 aborted (a failed CHECK) on an infeasible model.
    built.ctx.model.clear_hints()  # type: ignore[no-untyped-call]  # untyped in the stubs
    found, status, _stopped = solve_once(built, params, deadline.left(), 1, None, by_cost=True)
    return found, status


def _one_of_each_swap(built: BuiltModel) -> None:
    """Fewer plans of every set of swaps of interchangeable schools are searched
    (:mod:`pairing_planner.cpsat.symmetry`; K-best excludes the rest): further plans then
    differ in ways a planner sees, also at a least difference D, where a swap of two schools
    would count as 2. The helpers' order holds only where each school has one helper: a
    relaxed model may give a school two twins (a city's quota bent), which it forbids."""
    post_order(built, interchangeable(built.problem))
    if built.ctx.mode != "relaxed":
        post_helper_order(built, interchangeable_helpers(built.problem))


def _hint_baseline(built: BuiltModel) -> None:
    """The baseline plan (re-planning) as CP-SAT's starting point: each old pair hinted
    true, every other pair false."""
    old = built.ctx.instance.baseline_helpers
    if old:
        for (helper, recipient), var in built.ctx.x.items():
            built.ctx.model.add_hint(var, helper in old.get(recipient, ()))


def sequence(
    instance: Instance,
    built: BuiltModel,
    run_: Run,
    fallback: Callable[[], StartPlan | None] | None = None,
    search: Callable[[Deadline], Found | None] | None = None,
) -> Result:
    """Up to ``plans`` plans from ``built``, each under the diversity constraints so far; the
    first is ``search``'s plan when given (large parts, the cores of mid-size ones) and it
    gives one, else CP-SAT's, or ``fallback``'s when CP-SAT found none better and proved none
    optimal. With more than one plan, only one plan of every set of swaps of interchangeable
    schools is searched, so no two plans differ by such swaps alone; such a series, and a
    relaxed model's plans, are searched by one CP-SAT worker (:meth:`Params.one_worker`).
    Each plan is searched in its share of the time left; a plan its share did not find takes
    all that is left, since every later plan waits on it: "time ran out" is said only when
    the whole limit was spent."""
    params = run_.params
    if params.plans > 1:
        _one_of_each_swap(built)
    searching = run_
    if params.plans > 1 or built.ctx.mode == "relaxed":
        searching = replace(run_, params=params.one_worker())
    diversity = Diversity(built, params.min_diff, params.within, params.differ_by)
    plans: list[Plan] = []
    last: Status = "UNKNOWN"
    interrupted = False
    for rank in range(1, params.plans + 1):
        if run_.deadline.remaining() <= 0 and plans and not run_.work:
            break
        budget = run_.deadline.left() / (params.plans - rank + 1)
        share = Deadline.after(budget)
        constraints = diversity.describe()
        first = fallback if rank == 1 else None
        searched = search(share) if rank == 1 and search is not None else None
        if searched is not None:
            plan, last, interrupted = searched
        else:
            plan, last, interrupted = _next_plan(
                built, searching, diversity, (budget, run_.work / params.plans), rank, first
            )
            rest = run_.deadline.remaining()
            if plan is None and last == "UNKNOWN" and not interrupted and rest > 0:
                budget += rest
                plan, last, interrupted = _next_plan(
                    built, searching, diversity, (rest, 0.0), rank, first
                )
        if plan is None:
            break
        plan = replace(plan, time_budget=round(budget, 3)).under(constraints)
        plans.append(against_first(instance, plans[0], plan) if plans else plan)
        if interrupted or rank == params.plans:
            break
        diversity.after(plan)
    status = last if not plans else "OPTIMAL" if plans[0].status == "OPTIMAL" else "FEASIBLE"
    message = sequence_message(status, last, plans, params.plans, interrupted, diversity.describe())
    result = make_result(
        instance,
        params,
        status,
        plans,
        seconds=time.monotonic() - run_.start,
        interrupted=interrupted,
        message=message,
    )
    exhausted = bool(plans) and len(plans) < params.plans and last == "INFEASIBLE"
    return replace(result, exhausted=exhausted and not interrupted)


def _next_plan(
    built: BuiltModel,
    run_: Run,
    diversity: Diversity,
    budget: tuple[float, float],
    rank: int,
    fallback: Callable[[], StartPlan | None] | None,
) -> Found:
    """CP-SAT's next plan within ``budget`` (wall seconds, guaranteed deterministic time),
    or the fallback's when CP-SAT's is missing or unproven and the fallback's is no worse."""
    by_cost = not diversity.maximises_difference
    seconds, guaranteed = budget
    plan, last, interrupted = solve_once(
        built, run_.params, seconds, rank, run_.on_progress, by_cost=by_cost, floor=guaranteed
    )
    floor = fallback() if fallback is not None and _unfinished(plan) else None
    if floor is not None:
        plan = no_worse(built, plan, floor)
        last = plan.status
    return plan, last, interrupted


def _unfinished(plan: Plan | None) -> bool:
    return plan is None or plan.status != "OPTIMAL"
