"""Solving the independent parts of an instance apart, in parallel processes, and merging.

Parts the min-cost flow may take go to it; the others to CP-SAT, one worker each, with the
``jobs`` processes giving the parallelism; cores left over when there are fewer parts than
processes go to a large part's neighbourhood search as threads. All parts share one
wall-clock deadline. Parts with no plan keeping every rule are diagnosed and relaxed in a
second round, once all parts are known, each with an equal slice of the time left. Plans of
the whole merge from the parts' own (:mod:`pairing_planner.solving.decomposition.merge_parts`).
"""

from __future__ import annotations

import time
from dataclasses import replace

from pairing_planner import stop
from pairing_planner.clock import Deadline
from pairing_planner.cpsat.diversity import describe
from pairing_planner.i18n import N_, current_language
from pairing_planner.instance.index.instance import Instance
from pairing_planner.prepare.candidates import Candidates
from pairing_planner.prepare.parts import Part, split
from pairing_planner.result.plan import Plan, Result, Status
from pairing_planner.result.solver_progress import PartHook
from pairing_planner.rules.capabilities import kind_said
from pairing_planner.said import Said, counted, joined, named, said
from pairing_planner.solving.decomposition.merge_parts import (
    merge_diagnoses,
    merged_plans,
    plans_apart,
)
from pairing_planner.solving.decomposition.part_summary import part_groups, solved_apart
from pairing_planner.solving.decomposition.proven_parts import KeptParts, KeptRunner
from pairing_planner.solving.execution.dask_runner import DaskRunner
from pairing_planner.solving.execution.guaranteed_work import part_work
from pairing_planner.solving.execution.part_tasks import (
    PartOutcome,
    PartTask,
    floor_part,
    floor_rate,
    relax_part,
    solve_part,
    staggered,
)
from pairing_planner.solving.execution.process_pool import POOL_PAIRS, PartRunner, pool_pays
from pairing_planner.solving.options import Params, SolveOptions
from pairing_planner.solving.result_notes import (
    NO_PLAN_IN_TIME,
    floored_note,
    make_result,
    no_further_plan,
    out_of_time,
    relaxed_note,
    stopped_after,
    told,
)


def solve_decomposed(
    instance: Instance,
    options: SolveOptions,
    candidates: Candidates,
    deadline: Deadline,
    on_part: PartHook | None = None,
    work: float = 0.0,
    kept: KeptParts | None = None,
    parts: list[Part] | None = None,
) -> Result:
    """Plans for ``instance``, solved part by part: the best, or with ``plans`` K the K best
    distinct plans, merged from each part's K best, all before ``deadline``; ``work`` the
    deterministic time the parts are guaranteed, smallest first
    (:func:`~pairing_planner.solving.execution.guaranteed_work.part_work`).
    Status INFEASIBLE or UNKNOWN when a part has no plan (the caller diagnoses the whole
    instance then). With ``kept``, parts proven in an earlier solve are not solved again
    (:mod:`pairing_planner.solving.decomposition.proven_parts`). ``parts``: its split, when the
    caller has it."""
    params = options.resolved(instance)
    start = time.monotonic()
    budget = deadline.left()
    parts = split(instance, candidates) if parts is None else parts
    task = PartTask(
        seed=params.seed,
        threads=1,
        deadline=deadline,
        strict=params.strict,
        language=current_language(),
        plans=params.plans if params.min_diff == 1 else min(params.plans, 2),
    )
    rate = floor_rate(parts, task) if len(parts) > 1 else 0.0
    asked = _jobs(params, len(candidates), len(parts), deadline.left(), rate)
    with _runner(params, asked, kept) as runner:
        workers = runner.jobs
        jobs = max(1, min(workers, len(parts)))
        task = replace(task, threads=_threads(params, len(parts)))
        merging = MERGE_FLOORS * rate * len(instance.recipients) * task.plans
        task = replace(task, deadline=deadline - merging)
        guaranteed = part_work([len(p.candidates) for p in parts], task.plans, work)
        first = replace(task, deadline=_first_share(task.deadline, params))
        tasks = [
            replace(t, work=w)
            for t, w in zip(staggered(parts, first, jobs, rate), guaranteed, strict=True)
        ]
        solved = runner.run(solve_part, parts, tasks, on_part)
        if not stop.requested():
            solved = _relax_conflicted(parts, solved, task, guaranteed, runner, on_part)
    interrupted = stop.requested()
    outcomes = [
        _finished(o, part, task, interrupted) for o, part in zip(solved, parts, strict=True)
    ]
    summary = solved_apart(params, part_groups(parts), sum(o.by_flow for o in outcomes), workers)
    found = [o.diagnosis for o in outcomes if o.diagnosis is not None]
    structural = [message for o in outcomes for message in o.structural]
    diagnosis = merge_diagnoses(found).found_before(structural) if found else None
    missing = [o.status for o in outcomes if not o.plans]
    if missing:
        status: Status = "INFEASIBLE" if "INFEASIBLE" in missing else "UNKNOWN"
        if status == "UNKNOWN":
            summary = joined([said(NO_PLAN_IN_TIME), summary])
        seconds = time.monotonic() - start
        result = make_result(
            instance, params, status, [], seconds=seconds, message=summary, diagnosis=diagnosis
        )
    else:
        timing = (start, budget)
        result = _merged(instance, parts, outcomes, params, task, timing, summary, interrupted)
        result = replace(result, diagnosis=diagnosis)
    interrupted = stop.requested()
    if interrupted:
        greedy = sum(o is not s for o, s in zip(outcomes, solved, strict=True))
        stopped = _stopped(result, greedy, len(parts))
        result = told(replace(result, interrupted=True), stopped, result.said)
    build = round(sum(o.build_seconds for o in outcomes), 3)
    return replace(
        result,
        build_seconds=build,
        worker_peak_mb=max(o.peak_mb for o in outcomes),
        guaranteed_work=round(sum(guaranteed), 6),
    )


def _first_share(deadline: Deadline, params: Params) -> Deadline:
    """When the parts' own search must end: at a least difference D > 1, plan 1 and each
    part's second best take plan 1's share of the time, as a series of plans from one model
    does (:func:`pairing_planner.solving.methods.one_model.sequence`), and later plans, searched
    over the parts together (:func:`pairing_planner.solving.decomposition.merge_parts.plans_apart`),
    the rest. With the whole limit the parts' search left the 800-school city's plans 2 to 5 none of
    it: one plan of five, 52.9 s used of a 40 s limit (issue 31)."""
    return deadline.share(params.plans) if params.min_diff > 1 else deadline


def _jobs(params: Params, pairs: int, parts: int, left: float, rate: float) -> int:
    """How many parts may run at once: on Dask, the workers asked for (a remote cluster has
    its own count, :attr:`DaskRunner.jobs`); on this machine, the processes, but one, in the
    calling process, below :data:`POOL_PAIRS`, where a pool's start-up costs more than it
    saves, for a single part, and when the ``left`` seconds are too few for the pool's
    start-up to pay (:func:`pool_pays`). Decided after the split (0.3 s for 760,000 pairs):
    workers started beside a single part took the cores from it while they imported
    OR-Tools, for nothing (issue 31: the split of a 20,000-recipient county took 1.5 s beside
    them, 0.2 s alone, on the loaded machine)."""
    if params.executor == "dask":
        return params.processes
    if pairs >= POOL_PAIRS and parts > 1 and pool_pays(left, rate):
        return params.processes
    return 1


def _threads(params: Params, parts: int) -> int:
    """The threads a large part's search may use: the processes left over when every part
    had one, decided by the split alone. Decided by the processes the load let run (1 in the
    calling process, 2 in a pool, :func:`_jobs`), a part's search and its kept result
    depended on the machine's load (issue 31)."""
    return max(1, params.processes // max(1, min(params.processes, parts)))


def _runner(
    params: Params, jobs: int, kept: KeptParts | None
) -> PartRunner | DaskRunner | KeptRunner:
    """Where the parts run: a Dask cluster when asked for (even for small work: the planner
    chose it), else this machine's processes; with ``kept``, only the parts not kept."""
    runner = DaskRunner(jobs, params.scheduler) if params.executor == "dask" else PartRunner(jobs)
    return runner if kept is None else KeptRunner(runner, kept)


MERGE_FLOORS = 1.0
"""Merging the parts' plans takes, per recipient and plan, about what a greedy floor takes per
candidate pair (:func:`~pairing_planner.solving.execution.part_tasks.floor_rate`): on the Shandong
preset, quiet, 0.11 s for 10,000 recipients at 15.8 µs a pair; the parts' deadline leaves it that
time, measured at the same load."""


def _finished(
    outcome: PartOutcome | None, part: Part, task: PartTask, interrupted: bool
) -> PartOutcome:
    """A part's outcome, or, when a stop left it unsolved (or, stopped, with no plan), its
    greedy floor (:func:`pairing_planner.solving.execution.part_tasks.floor_part`)."""
    if outcome is not None and (outcome.plans or not interrupted):
        return outcome
    return floor_part(part, task)


def _stopped(result: Result, greedy: int, parts: int) -> Said:
    """What a stop left: how many groups were searched and how many took their greedy plan
    (user test of issue 32: the page read "parts 16 of 16" when 13 were filled greedily)."""
    if not result.plans:
        return said(N_("The search was stopped before any plan was found."))
    if result.status == "OPTIMAL":
        return said(N_("The search was stopped after every part was solved."))
    if greedy:
        return counted(
            "The search was stopped: {searched} of {all} groups were searched and {n} was "
            "filled by a quick greedy plan, so the plan is not proven optimal.",
            "The search was stopped: {searched} of {all} groups were searched and {n} were "
            "filled by a quick greedy plan, so the plan is not proven optimal.",
            n=greedy,
            searched=parts - greedy,
            all=parts,
        )
    return said(
        N_(
            "The search was stopped; parts not finished take their greedy plan, so the plan "
            "is not proven optimal."
        )
    )


def _merged(
    instance: Instance,
    parts: list[Part],
    outcomes: list[PartOutcome],
    params: Params,
    task: PartTask,
    timing: tuple[float, float],
    summary: Said,
    interrupted: bool = False,
) -> Result:
    """The result of plans merged from every part's: the K cheapest combinations, or plans
    apart at a least difference; RELAXED when plan 1 bends rules and a part is proven to
    have no plan keeping them, UNKNOWN when only greedy floors bend them (nothing proved
    the rules conflict: :func:`_bent_by_floors`, unless a stop, said already, took them);
    and why fewer came. ``timing``: when the parts' solve started (``time.monotonic()``) and
    the seconds its deadline then left (each plan's time budget)."""
    start, budget = timing
    seconds = time.monotonic() - start
    plans: list[Plan]
    if params.min_diff == 1:
        plans = merged_plans(instance, outcomes, seconds, budget, params.plans)
        exhausted = len(plans) < params.plans and all(o.complete for o in outcomes)
    else:
        plans, exhausted = plans_apart(instance, parts, outcomes, params, task.deadline, budget)
    status: Status = "OPTIMAL" if plans[0].status == "OPTIMAL" else "FEASIBLE"
    if plans[0].relaxations:
        conflicted = any(o.status == "RELAXED" for o in outcomes)
        status = "RELAXED" if conflicted else "UNKNOWN"
        penalty = sum(r.amount * r.penalty for r in plans[0].relaxations)
        notes = [relaxed_note(penalty, proven=plans[0].least_bend_proven)] if conflicted else []
        late = [] if interrupted else _bent_by_floors(parts, outcomes)
        summary = joined([*notes, *late, summary])
    if len(plans) < params.plans:
        relaxed = not task.deadline.passed() and any(o.status == "RELAXED" for o in outcomes)
        fewer = _fewer_plans(
            len(plans), params, exhausted=exhausted, relaxed=relaxed, stopped=stop.requested()
        )
        summary = joined([summary, fewer])
    result = make_result(instance, params, status, plans, seconds=seconds, message=summary)
    return replace(result, exhausted=exhausted)


def _bent_by_floors(parts: list[Part], outcomes: list[PartOutcome]) -> list[Said]:
    """What a merged plan says of the parts whose greedy floor bends rules (taken because
    time ran out, or a stop came, before their search): which parts, which rules, and that
    whether those rules can all be kept was not decided. Without it such a plan read
    "no plan keeps every rule" on a loaded machine, for an instance that has plans."""
    late = [
        (i, part, o.plans[0])
        for i, (part, o) in enumerate(zip(parts, outcomes, strict=True), 1)
        if o.floored and o.plans and o.plans[0].relaxations
    ]
    if not late:
        return []
    names = [
        said(
            N_("part {i} of {n} ({schools})"),
            i=i,
            n=len(parts),
            schools=joined(_school_names(part), ", "),
        )
        for i, part, _plan in late
    ]
    bent: dict[tuple[str, str], int] = {}
    for _i, _part, plan in late:
        for relaxation in plan.relaxations:
            key = (relaxation.kind, relaxation.clause)
            bent[key] = bent.get(key, 0) + relaxation.amount
    rules = [
        said(
            N_("{label} ({clause}) {n} time(s)"),
            label=kind_said(kind),
            clause=clause,
            n=n,
        )
        for (kind, clause), n in bent.items()
    ]
    return [floored_note(names, rules)]


def _school_names(part: Part, shown: int = 3) -> list[Said]:
    """The first few recipients of a part, by name, and how many more."""
    names = [named(school.name) for school in part.instance.recipients.values()]
    more = len(names) - shown
    if more <= 0:
        return names
    return [*names[:shown], said(N_("{n} more"), n=more)]


def _fewer_plans(
    found: int, params: Params, *, exhausted: bool, relaxed: bool, stopped: bool
) -> Said:
    """Why fewer plans came than were asked: a stop came first, none further exists, none
    keeps the parts in conflict as relaxed (plans changing those are not looked at), or time
    ran out."""
    if stopped:
        return stopped_after(found, params.plans)
    what = describe(found, params.min_diff, None, None)
    if exhausted:
        return no_further_plan(found, what)
    if relaxed:
        return said(
            N_(
                "No plan {next} {what} keeps the parts in conflict as relaxed; plans that relax "
                "them otherwise are not searched part by part (--no-decompose does)."
            ),
            next=found + 1,
            what=what,
        )
    return out_of_time(found, params.plans)


def _relax_conflicted(
    parts: list[Part],
    outcomes: list[PartOutcome | None],
    task: PartTask,
    works: list[float],
    runner: PartRunner | DaskRunner | KeptRunner,
    on_part: PartHook | None,
) -> list[PartOutcome | None]:
    """The outcomes with every part that has no plan diagnosed and relaxed, in a second round
    once all parts are known, by the same runner: each gets an equal slice of the time left,
    so the first part in conflict cannot starve the others (docs/performance.md), and the
    work it was guaranteed (``works``; it lost it here before, and a loaded machine left the
    least bend of Heze's 2017 list unproven)."""
    conflicted = [i for i, o in enumerate(outcomes) if o is not None and o.status == "INFEASIBLE"]
    if not conflicted:
        return outcomes
    at_once = min(runner.jobs, len(conflicted))
    left = task.deadline.left()
    relaxed = runner.run(
        relax_part,
        [parts[i] for i in conflicted],
        [
            replace(task, seconds=left * at_once / len(conflicted), work=works[i])
            for i in conflicted
        ],
        None if on_part is None else lambda done, n: on_part(len(parts) - n + done, len(parts)),
    )
    found = {
        i: replace(o, structural=_structural(outcomes[i]))
        for i, o in zip(conflicted, relaxed, strict=True)
        if o is not None
    }
    return [found.get(i, o) for i, o in enumerate(outcomes)]


def _structural(outcome: PartOutcome | None) -> tuple[Said, ...]:
    return outcome.structural if outcome is not None else ()
