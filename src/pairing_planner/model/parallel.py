"""Solving the independent parts of an instance apart, in parallel processes, and merging.

Parts without side constraints go to the min-cost flow; the others to CP-SAT. The processes
are started fresh (spawn), never forked from a parent that may run threads. Each part's
CP-SAT runs one worker — parts are small, one worker is deterministic and was far faster on
them than a 2-worker portfolio (0.46 s against 35 s for the 24 parts of a generated
300-recipient instance) — and parallelism comes from the ``jobs`` processes, one per core by
default; cores left over when there are fewer parts than processes go to a large part's
neighbourhood search (:mod:`pairing_planner.model.neighbourhood`) as threads. All parts share
one wall-clock deadline.

Parts with no plan keeping every rule are diagnosed and relaxed in a second round, once all
parts are known, each with an equal slice of the time left. Several plans merge from the
parts' own: the K cheapest combinations (:func:`cheapest_choices`), or, at a least
difference above 1, plans from the few parts that must change
(:mod:`pairing_planner.model.apart`).
"""

from __future__ import annotations

import heapq
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from multiprocessing import get_context
from typing import Any

from pairing_planner.checks import conflict_messages
from pairing_planner.compare import against_first
from pairing_planner.decompose import Part, split
from pairing_planner.i18n import _, current_language, use_language
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.model.apart import next_apart
from pairing_planner.model.diagnose import minimal_conflict
from pairing_planner.model.diversity import describe
from pairing_planner.model.flow import flow_applies, solve_by_flow
from pairing_planner.model.solver import (
    SolveOptions,
    make_result,
    parallel_jobs,
    relaxed_note,
    solve,
    solve_relaxed,
)
from pairing_planner.objective import SCALE
from pairing_planner.plan import Diagnosis, Plan, Result, Status

PartHook = Callable[[int, int], None]
"""Called with (parts done, parts in all) as parts finish."""


@dataclass(frozen=True)
class PartOutcome:
    """What solving one part gave: its plans (best first; none when it has none), status, and
    whether flow solved it."""

    plans: tuple[Plan, ...]
    status: Status
    by_flow: bool
    build_seconds: float = 0.0
    diagnosis: Diagnosis | None = None
    """For a part no plan keeps every rule of: its conflicting rules."""
    peak_mb: float = 0.0
    """Largest resident memory of the process that solved it, so far (MB)."""
    complete: bool = True
    """Every plan asked for came back, or no further plan exists."""
    structural: tuple[str, ...] = ()
    """The part's structural conflicts (:func:`pairing_planner.checks.conflict_messages`)."""


def solve_decomposed(
    instance: Instance,
    options: SolveOptions,
    pairs: list[PairKey],
    on_part: PartHook | None = None,
) -> Result:
    """Plans for ``instance``, solved part by part: the best, or with ``plans`` K the K best
    distinct plans, merged from each part's K best (:func:`_merged_plans`). Status INFEASIBLE
    or UNKNOWN when a part has no plan (the caller diagnoses the whole instance then)."""
    params = options.resolved(instance)
    start = time.monotonic()
    parts = split(instance, pairs)
    cores = parallel_jobs(params)
    jobs = max(1, min(cores, len(parts)))
    wanted, min_diff = int(params["plans"]), int(params["min_diff"])
    share = {
        "seed": int(params["seed"]),
        "workers": 1,
        "threads": max(1, cores // jobs),
        "deadline": time.time() + float(params["time_limit"]),
        "strict": bool(params["strict"]),
        "language": current_language(),
        "plans": wanted if min_diff == 1 else min(wanted, 2),
    }
    outcomes = _run(solve_part, parts, share, jobs, on_part)
    outcomes = _relax_conflicted(parts, outcomes, share, jobs, on_part)
    missing = [o.status for o in outcomes if not o.plans]
    summary = _(
        "Solved as {n} independent part(s), {flow} by min-cost flow, on {jobs} process(es)."
    ).format(n=len(parts), flow=sum(o.by_flow for o in outcomes), jobs=jobs)
    seconds = time.monotonic() - start
    build = round(sum(o.build_seconds for o in outcomes), 3)
    peak = max(o.peak_mb for o in outcomes)
    found = [o.diagnosis for o in outcomes if o.diagnosis is not None]
    structural = [message for o in outcomes for message in o.structural]
    diagnosis = replace(_merge_diagnoses(found), structural=structural) if found else None
    if missing:
        status: Status = "INFEASIBLE" if "INFEASIBLE" in missing else "UNKNOWN"
        result = make_result(
            instance, params, status, [], seconds=seconds, message=summary, diagnosis=diagnosis
        )
        return replace(result, build_seconds=build, worker_peak_mb=peak)
    budget = float(params["time_limit"])
    if min_diff == 1:
        plans = _merged_plans(instance, outcomes, seconds, budget, wanted)
        exhausted = len(plans) < wanted and all(o.complete for o in outcomes)
    else:
        deadline = float(share["deadline"])
        plans, exhausted = _plans_apart(instance, parts, outcomes, params, deadline, budget)
    status = "OPTIMAL" if plans[0].status == "OPTIMAL" else "FEASIBLE"
    if plans[0].relaxations:
        status = "RELAXED"
        penalty = sum(r.amount * r.penalty for r in plans[0].relaxations)
        summary = " ".join([relaxed_note(penalty, proven=plans[0].status == "OPTIMAL"), summary])
    result = make_result(
        instance, params, status, plans, seconds=seconds, message=summary, diagnosis=diagnosis
    )
    if len(plans) < wanted:
        left = time.time() < float(share["deadline"])
        relaxed = left and any(o.status == "RELAXED" for o in outcomes)
        fewer = _fewer_plans(len(plans), wanted, min_diff, exhausted=exhausted, relaxed=relaxed)
        result = replace(result, message=" ".join([result.message, fewer]))
    return replace(result, build_seconds=build, worker_peak_mb=peak, exhausted=exhausted)


def _fewer_plans(found: int, wanted: int, min_diff: int, *, exhausted: bool, relaxed: bool) -> str:
    """Why fewer plans came than were asked: none further exists, none keeps the parts in
    conflict as relaxed (plans changing those are not looked at), or time ran out."""
    if exhausted:
        return _("Only {n} plan(s) exist under these constraints: no plan {next} {what}.").format(
            n=found, next=found + 1, what=describe(found, min_diff, None, None)
        )
    if relaxed:
        return _(
            "No plan {next} {what} keeps the parts in conflict as relaxed; plans that relax "
            "them otherwise are not searched part by part (--no-decompose does)."
        ).format(next=found + 1, what=describe(found, min_diff, None, None))
    return _("Time ran out after {n} of {wanted} plans; allow more time (--time-limit).").format(
        n=found, wanted=wanted
    )


def _merged_plans(
    instance: Instance,
    outcomes: list[PartOutcome],
    seconds: float,
    budget: float,
    wanted: int,
) -> list[Plan]:
    """The ``wanted`` cheapest distinct combinations of one plan per part. When every part's
    list holds its own best distinct plans, proven, these are the best distinct plans of the
    whole: a plan of the whole that used a part's (k+1)-th plan is beaten by k distinct plans
    that use that part's better ones instead, all else equal."""
    lists = [sorted(o.plans, key=lambda p: p.objective) for o in outcomes]
    exact = all(o.complete and all(p.status == "OPTIMAL" for p in o.plans) for o in outcomes)
    costs = [[round(p.objective * SCALE) for p in plans] for plans in lists]
    merged: list[Plan] = []
    for rank, choice in enumerate(cheapest_choices(costs, wanted), start=1):
        plan = _merge(instance, [lists[j][i] for j, i in enumerate(choice)], rank, seconds, budget)
        if merged:
            plan = _later(instance, merged[0], plan, exact and plan.status == "OPTIMAL", 1)
        merged.append(plan)
    return merged


def _plans_apart(
    instance: Instance,
    parts: list[Part],
    outcomes: list[PartOutcome],
    params: dict[str, Any],
    deadline: float,
    budget: float,
) -> tuple[list[Plan], bool]:
    """Plan 1 from every part's best; each later plan at least ``min_diff`` recipients away
    from all before it (:mod:`pairing_planner.model.apart`); and whether fewer came because
    no further plan exists (proven). A part in conflict keeps its relaxed plan, so plans that
    change it are not looked at and none is called optimal."""
    start = time.monotonic()
    lists = [
        sorted(o.plans, key=lambda p: p.objective)[: 1 if o.status == "RELAXED" else 2]
        for o in outcomes
    ]
    exact = all(o.complete and o.status != "RELAXED" for o in outcomes) and all(
        p.status == "OPTIMAL" for plans in lists for p in plans
    )
    plans = [_merge(instance, [plans[0] for plans in lists], 1, time.monotonic() - start, budget)]
    wanted = int(params["plans"])
    for rank in range(2, wanted + 1):
        share = time.time() + max(0.05, deadline - time.time()) / (wanted - rank + 1)
        found = next_apart(instance, parts, lists, plans, params, share)
        if not found.plans:
            return plans, found.proven and exact
        plan = _merge(instance, list(found.plans), rank, time.monotonic() - start, budget)
        min_diff = int(params["min_diff"])
        plans.append(_later(instance, plans[0], plan, found.proven and exact, min_diff))
    return plans, False


def _later(instance: Instance, first: Plan, plan: Plan, proven: bool, min_diff: int) -> Plan:
    """A merged plan after the first: proven (its cost the bound) or not, the constraints it
    was found under, and how it differs from ``first``."""
    plan = replace(
        plan,
        status="OPTIMAL" if proven else "FEASIBLE",
        bound=plan.objective if proven else None,
        constraints=describe(plan.rank - 1, min_diff, None, None),
    )
    return against_first(instance, first, plan)


def cheapest_choices(costs: list[list[int]], wanted: int) -> list[tuple[int, ...]]:
    """The ``wanted`` cheapest ways to pick one entry of each list (each sorted, cheapest
    first), cheapest first: best first from the all-first choice, each step moving one list
    on to its next entry."""
    first = tuple(0 for _list in costs)
    heap = [(sum(c[0] for c in costs), first)]
    seen = {first}
    chosen: list[tuple[int, ...]] = []
    while heap and len(chosen) < wanted:
        total, choice = heapq.heappop(heap)
        chosen.append(choice)
        for j, i in enumerate(choice):
            following = (*choice[:j], i + 1, *choice[j + 1 :])
            if i + 1 < len(costs[j]) and following not in seen:
                seen.add(following)
                heapq.heappush(heap, (total - costs[j][i] + costs[j][i + 1], following))
    return chosen


def _merge_diagnoses(found: list[Diagnosis]) -> Diagnosis:
    """One part's diagnosis as it is; several parts' conflicts listed together (each part's
    set is minimal on its own, their union is not), with what each part could not prove."""
    if len(found) == 1:
        return found[0]
    together = _(
        "Rules conflict in {n} independent parts; their rule instances are listed together."
    )
    notes = list(dict.fromkeys(d.note for d in found if d.note))
    return Diagnosis(
        conflict=[rule for diagnosis in found for rule in diagnosis.conflict],
        minimal=False,
        seconds=round(sum(d.seconds for d in found), 3),
        note=" ".join([together.format(n=len(found)), *notes]),
    )


def _relax_conflicted(
    parts: list[Part],
    outcomes: list[PartOutcome],
    share: dict[str, Any],
    jobs: int,
    on_part: PartHook | None,
) -> list[PartOutcome]:
    """The outcomes with every part that has no plan diagnosed and relaxed, in a second round
    once all parts are known: each gets an equal slice of the time left, so the first part in
    conflict cannot starve the others (one 800-school city's six conflicting parts, diagnosed
    as they came, left the last ones no time and the whole solve without a plan)."""
    conflicted = [i for i, o in enumerate(outcomes) if o.status == "INFEASIBLE"]
    if not conflicted:
        return outcomes
    left = max(0.05, share["deadline"] - time.time())
    seconds = left * min(jobs, len(conflicted)) / len(conflicted)
    relaxed = _run(
        relax_part,
        [parts[i] for i in conflicted],
        share | {"seconds": seconds},
        min(jobs, len(conflicted)),
        None if on_part is None else lambda done, n: on_part(len(parts) - n + done, len(parts)),
    )
    redone = zip(conflicted, relaxed, strict=True)
    found = {i: replace(o, structural=outcomes[i].structural) for i, o in redone}
    return [found.get(i, o) for i, o in enumerate(outcomes)]


def _run(
    task: Callable[[Part, dict[str, Any]], PartOutcome],
    parts: list[Part],
    share: dict[str, Any],
    jobs: int,
    on_part: PartHook | None,
) -> list[PartOutcome]:
    outcomes: list[PartOutcome | None] = [None] * len(parts)
    if jobs == 1:
        for i, part in enumerate(parts):
            outcomes[i] = task(part, share)
            if on_part:
                on_part(i + 1, len(parts))
    else:
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(task, part, share): i for i, part in enumerate(parts)}
            for done, future in enumerate(as_completed(futures), start=1):
                outcomes[futures[future]] = future.result()
                if on_part:
                    on_part(done, len(parts))
    return [o for o in outcomes if o is not None]


def solve_part(part: Part, share: dict[str, Any]) -> PartOutcome:
    """One part: by min-cost flow when it applies, else by CP-SAT within the deadline; status
    INFEASIBLE and no plan when no plan keeps every rule (:func:`relax_part` follows). Its
    messages are in the caller's language (a spawned process starts in English)."""
    with use_language(share["language"]):
        outcome = _solve_part(part, share)
    return replace(outcome, peak_mb=_peak_mb())


def relax_part(part: Part, share: dict[str, Any]) -> PartOutcome:
    """A part no plan keeps every rule of, within ``share["seconds"]`` from now: its minimal
    conflict (a third of the time) and, unless strict, its least relaxation."""
    deadline = min(share["deadline"], time.time() + share["seconds"])
    with use_language(share["language"]):
        outcome = _without_every_rule(part, share | {"deadline": deadline})
    return replace(outcome, peak_mb=_peak_mb())


def _peak_mb() -> float:
    """This process's largest resident set so far, in MB (Linux counts KiB, macOS bytes)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


def _solve_part(part: Part, share: dict[str, Any]) -> PartOutcome:
    structural = conflict_messages(part.instance, part.pairs)
    if structural:
        return PartOutcome((), "INFEASIBLE", False, structural=tuple(structural))
    if share["plans"] == 1 and flow_applies(part.instance):
        plan = solve_by_flow(part.instance, part.pairs)
        return (
            PartOutcome((plan,), "OPTIMAL", True) if plan else PartOutcome((), "INFEASIBLE", True)
        )
    return _outcome(solve(part.instance, _options(share), pairs=part.pairs), share)


def _outcome(
    result: Result, share: dict[str, Any], diagnosis: Diagnosis | None = None
) -> PartOutcome:
    complete = len(result.plans) == share["plans"] or result.exhausted
    return PartOutcome(
        tuple(result.plans),
        result.status,
        False,
        result.build_seconds,
        diagnosis,
        complete=complete,
    )


def _options(share: dict[str, Any]) -> SolveOptions:
    return SolveOptions(
        plans=share["plans"],
        time_limit=max(0.05, share["deadline"] - time.time()),
        seed=share["seed"],
        workers=share["workers"],
        jobs=share["threads"],
        min_diff=1,
        within=None,
    )


def _without_every_rule(part: Part, share: dict[str, Any]) -> PartOutcome:
    """The part's minimal conflicting rule set (a third of the time left) and, unless strict,
    its least relaxation: only the parts that need it pay for diagnosis and relaxation."""
    remaining = max(0.05, share["deadline"] - time.time())
    diagnosis = minimal_conflict(part.instance, part.pairs, remaining / 3, share["seed"])
    if share["strict"]:
        return PartOutcome((), "INFEASIBLE", False, 0.0, diagnosis)
    return _outcome(
        solve_relaxed(part.instance, _options(share), None, part.pairs), share, diagnosis
    )


def _merge(instance: Instance, plans: list[Plan], rank: int, seconds: float, budget: float) -> Plan:
    """One plan of the whole from one plan per part: pairs, costs and relaxations add up."""
    order = {r: i for i, r in enumerate(instance.recipients)}
    pairs = sorted(
        (p for plan in plans for p in plan.pairs), key=lambda p: (order[p.recipient], p.helper)
    )
    terms: dict[str, float] = {}
    for plan in plans:
        for term, cost in plan.term_costs.items():
            terms[term] = round(terms.get(term, 0.0) + cost, 2)
    bounds = [p.bound for p in plans]
    return Plan(
        rank=rank,
        status="OPTIMAL" if all(p.status == "OPTIMAL" for p in plans) else "FEASIBLE",
        objective=round(sum(p.objective for p in plans), 2),
        bound=None if None in bounds else round(sum(b for b in bounds if b is not None), 2),
        seconds=round(seconds, 3),
        time_budget=round(budget, 3),
        pairs=pairs,
        term_costs=terms,
        helper_costs={h: c for plan in plans for h, c in plan.helper_costs.items()},
        constraints=_("lowest cost"),
        relaxations=[r for plan in plans for r in plan.relaxations],
    )
