"""Which way to solve: independent parts, one model, or — when no plan keeps every rule — a
diagnosis and the least relaxation; all within one time limit that counts from the call
(candidate pairs and checks included: a planner's ``--time-limit 60`` is a minute)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from pairing_planner.clock import Deadline, cpu_seconds
from pairing_planner.diagnosis.checks import conflict_messages
from pairing_planner.diagnosis.conflict import minimal_conflict
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.prepare.problem import problem_data
from pairing_planner.prepare.symmetry import (
    Group,
    interchangeable,
    interchangeable_helpers,
    variants,
)
from pairing_planner.result.plan import Result
from pairing_planner.result.solver_progress import PartHook, ProgressHook
from pairing_planner.said import said
from pairing_planner.solving.decomposition.prepared import Prepared, prepare
from pairing_planner.solving.decomposition.proven_parts import KeptParts
from pairing_planner.solving.decomposition.solve_parts import solve_decomposed
from pairing_planner.solving.execution.guaranteed_work import guaranteed_work, series_work
from pairing_planner.solving.methods.least_penalty import solve_relaxed
from pairing_planner.solving.methods.one_model import solve as solve_model
from pairing_planner.solving.options import Params, SolveOptions
from pairing_planner.solving.result_notes import STRICT_NONE, make_result, told, with_proof_note


def solve_any(
    instance: Instance,
    options: SolveOptions | None,
    on_progress: ProgressHook | None,
    on_part: PartHook | None,
    started: float | None = None,
    reserve: float = 0.0,
    kept: KeptParts | None = None,
    prepared: Prepared | None = None,
) -> Result:
    """Up to ``options.plans`` plans, best first, within the time limit counted from
    ``started`` (``time.monotonic()``; default now), less ``reserve`` seconds the caller keeps
    for what follows the solve (writing the result): one
    :class:`~pairing_planner.clock.Deadline`, every stage below asking it for its time.

    When no plan keeps every rule (a structural conflict found before solving, or the solver
    proving it), the result carries a :class:`~pairing_planner.result.plan.Diagnosis` (why,
    in the rules' words) and, unless ``options.strict``, plans that bend the rules as little
    as possible (RELAXED). Plans are solved part by part unless ``options.decompose`` is false
    or the diversity options couple the parts; then only the parts in conflict are diagnosed
    and relaxed, so one county short of helpers does not send the whole province to one
    relaxed model. The result carries ``plan check``'s warnings about the data, so no plan is
    called optimal without them. ``kept``: part outcomes proven by earlier solves, handed
    back instead of solving those parts again
    (:mod:`pairing_planner.solving.decomposition.proven_parts`); ``prepared``: ``instance``'s
    candidate pairs, warnings and parts worked out already
    (:mod:`pairing_planner.solving.decomposition.prepared`), else worked out here."""
    began, cpu_began = time.monotonic(), cpu_seconds()
    params = (options or SolveOptions()).resolved(instance)
    started = began if started is None else started
    ready = prepare(instance) if prepared is None else prepared
    limit = replace(params, time_limit=params.time_limit - reserve)
    deadline = Deadline.after(limit.time_limit, started)
    swaps = _swaps(instance, ready.candidates.pairs) if params.plans > 1 else None
    result = _solved(instance, limit, ready, on_progress, on_part, deadline, kept)
    result = replace(
        result,
        startup_seconds=round(began - started, 3),
        cpu_seconds=round(cpu_seconds() - cpu_began, 3),
        late_seconds=round(_late(deadline, began), 3),
    )
    if swaps is not None:
        result = _with_variants(result, swaps)
    warned = replace(result, warnings=ready.worded(), warnings_said=ready.warnings)
    return with_proof_note(_as_asked(warned, params, started))


def _late(deadline: Deadline, began: float) -> float:
    """The seconds the searches ran past ``deadline``, counted from when they could first
    run (``began``, after start-up): a solve that began after its deadline was late only
    for the seconds it then ran. Counted from the deadline, the city at load 3.5 (2 s limit,
    start-up 4.4 s) was said to end 3.3 s late for its guaranteed work, where it ran 0.8 s
    (issue 31)."""
    return max(0.0, time.monotonic() - max(deadline.end, began))


def _swaps(instance: Instance, pairs: list[PairKey]) -> tuple[list[Group], list[Group]]:
    """The interchangeable recipients and helpers of ``instance``, worked out before the
    solve, within its limit: they depend on the instance alone, and after the solve they
    took 2.2 s of the 800-school city past a 90 s limit under load (issue 31)."""
    problem = problem_data(instance, pairs)
    return interchangeable(problem), interchangeable_helpers(problem)


def _with_variants(result: Result, swaps: tuple[list[Group], list[Group]]) -> Result:
    """The interchangeable schools (``swaps``), and for each plan how many plans of the
    same cost it stands for (a planner comparing alternatives must know the three offered
    are three, not one written three ways)."""
    groups, helpers = swaps
    plans = [
        replace(
            plan, variants=variants(groups, [(p.helper, p.recipient) for p in plan.pairs], helpers)
        )
        for plan in result.plans
    ]
    return replace(result, plans=plans, interchangeable=[list(g) for g in [*groups, *helpers]])


def _solved(
    instance: Instance,
    params: Params,
    ready: Prepared,
    on_progress: ProgressHook | None,
    on_part: PartHook | None,
    deadline: Deadline,
    kept: KeptParts | None = None,
) -> Result:
    """The result of the first strategy that applies, within the time left. When no plan
    keeps every rule, the diagnosis runs beside the relaxation, as for a part in conflict
    (:func:`pairing_planner.solving.execution.part_tasks.relax_part`), each with the whole time
    left: the relaxation needs little of it once its least penalty is bounded
    (:func:`pairing_planner.solving.methods.least_penalty.least_penalty`), and a diagnosis cut short
    leaves the result unproven. Heze as printed, beside two busy processes on two cores: the
    conflict proven minimal in 7.3 s, where the third of the time it had before was 2.4 s."""
    decomposed = params.decompose and params.merges
    work = guaranteed_work(params.time_limit)
    if decomposed:
        result = solve_decomposed(
            instance,
            params.options(),
            ready.candidates,
            deadline,
            on_part,
            work,
            kept,
            ready.parts,
        )
        if result.interrupted:
            return result
        if result.diagnosis is not None:
            return _strict_message(result, params)
        if result.status != "INFEASIBLE":
            return result
    pairs = ready.candidates.pairs
    guaranteed = series_work(len(pairs), params.plans, work)
    structural = conflict_messages(instance, pairs)
    if not decomposed and not structural:
        opening = _first_by_parts(instance, params, ready, on_part, deadline, work)
        result = solve_model(
            instance,
            params.options(),
            on_progress,
            pairs,
            guaranteed,
            deadline=deadline,
            opening=opening.plans[0] if opening is not None else None,
        )
        if result.status != "INFEASIBLE":
            parts_work = opening.guaranteed_work if opening is not None else 0.0
            return replace(result, guaranteed_work=guaranteed + parts_work)
    with ThreadPoolExecutor(1) as beside:
        diagnosing = beside.submit(minimal_conflict, instance, pairs, deadline, params.seed)
        relaxed = (
            None
            if params.strict
            else solve_relaxed(
                instance, params.options(), on_progress, pairs, guaranteed, deadline=deadline
            )
        )
        diagnosis = diagnosing.result().found_before(structural)
    if relaxed is None:
        message = said(STRICT_NONE)
        return make_result(instance, params, "INFEASIBLE", [], message=message, diagnosis=diagnosis)
    return replace(relaxed, diagnosis=diagnosis, guaranteed_work=guaranteed)


def _first_by_parts(
    instance: Instance,
    params: Params,
    ready: Prepared,
    on_part: PartHook | None,
    deadline: Deadline,
    work: float,
) -> Result | None:
    """Plan 1 of a series one model solves (plans that differ by city or county, or lie
    within a cost of the first), solved part by part when the split gives parts, in its share
    of the time, as the parts' result (its guaranteed work counts in the solve's): the parts
    prove it fast, where the whole model's first search had ended at
    the greedy plan (the 800-school city, ``--plans 3 --differ-by county``, 10 s: 21,955.29
    where the parts prove 19,396.52). None when decomposing is off, the split gives one
    part, or the parts give no plan: the one model then searches plan 1 itself."""
    if not params.decompose or len(ready.parts) < 2:
        return None
    one = params.options(plans=1, min_diff=None, within=None, differ_by=None)
    share = deadline.share(params.plans)
    found = solve_decomposed(
        instance, one, ready.candidates, share, on_part, work / params.plans, None, ready.parts
    )
    if found.interrupted or found.diagnosis is not None or not found.plans:
        return None
    return found


def _as_asked(result: Result, params: Params, started: float) -> Result:
    """The result with the parameters as the caller gave them (the time limit as asked, not
    what was left of it) and the seconds of the whole solve."""
    return replace(
        result, parameters=params.as_dict(), seconds=round(time.monotonic() - started, 3)
    )


def _strict_message(result: Result, params: Params) -> Result:
    """A result the parts diagnosed: with --strict, say why there is no plan."""
    if result.status == "INFEASIBLE" and params.strict:
        return told(result, said(STRICT_NONE))
    return result
