"""The public functions a notebook calls; the CLI calls exactly these."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from pairing_planner.candidates import candidate_pairs
from pairing_planner.checks import conflict_messages
from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.load import load_instance
from pairing_planner.instance.yaml_source import MAX_RESULT_BYTES, read_text
from pairing_planner.model.diagnose import minimal_conflict
from pairing_planner.model.parallel import PartHook, solve_decomposed
from pairing_planner.model.solver import ProgressHook, SolveOptions, make_result, solve_relaxed
from pairing_planner.model.solver import solve as solve_model
from pairing_planner.plan import Plan, Replan, Result
from pairing_planner.replan import apply_replan, changes_of


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    on_progress: ProgressHook | None = None,
    on_part: PartHook | None = None,
    replan: Replan | None = None,
) -> Result:
    """Up to ``options.plans`` plans, best first; with ``replan``, re-planned from an earlier
    plan (:mod:`pairing_planner.replan`), each plan saying what changed and why."""
    if replan is not None:
        instance = apply_replan(instance, replan)
    result = _solve(instance, options, on_progress, on_part)
    plans = [replace(plan, changes=changes_of(instance, plan)) for plan in result.plans]
    return replace(result, plans=plans, replan=replan)


def _solve(
    instance: Instance,
    options: SolveOptions | None,
    on_progress: ProgressHook | None,
    on_part: PartHook | None,
) -> Result:
    """Up to ``options.plans`` plans, best first, within one time limit that counts from
    here (candidate pairs and checks included: a planner's ``--time-limit 60`` is a minute).

    When no plan keeps every rule (a structural conflict found before solving, or the solver
    proving it), the result carries a :class:`Diagnosis` (why, in the rules' words) and,
    unless ``options.strict``, plans that bend the rules as little as possible (RELAXED).
    Plans are solved part by part (independent parts, in parallel; see
    :mod:`pairing_planner.decompose`) unless ``options.decompose`` is false or the diversity
    options couple the parts (:func:`_merges`); then only the parts in conflict are diagnosed
    and relaxed, so one county short of helpers does not send the whole province to one
    relaxed model."""
    options = options or SolveOptions()
    params = options.resolved(instance)
    started = time.monotonic()
    pairs = candidate_pairs(instance)
    decomposed = params["decompose"] and _merges(params)
    if decomposed:
        result = solve_decomposed(instance, _left(options, params, started), pairs, on_part)
        if result.diagnosis is not None:
            return _as_asked(_strict_message(result, params), params, started)
        if result.status != "INFEASIBLE":
            return _as_asked(result, params, started)
    structural = conflict_messages(instance, pairs)
    if not decomposed and not structural:
        result = solve_model(instance, _left(options, params, started), on_progress, pairs)
        if result.status != "INFEASIBLE":
            return _as_asked(result, params, started)
    share = _seconds_left(params, started) / 3
    diagnosis = replace(
        minimal_conflict(instance, pairs, share, int(params["seed"])), structural=structural
    )
    if params["strict"]:
        message = _("No plan satisfies all the rules (--strict: no relaxed plans).")
        result = make_result(
            instance, params, "INFEASIBLE", [], message=message, diagnosis=diagnosis
        )
        return _as_asked(result, params, started)
    relaxed = solve_relaxed(instance, _left(options, params, started), on_progress, pairs)
    return _as_asked(replace(relaxed, diagnosis=diagnosis), params, started)


def _merges(params: dict[str, Any]) -> bool:
    """Whether the plans asked for can come from the parts: one plan, or plans by cost at a
    least difference (:mod:`pairing_planner.model.apart`). ``--within`` maximises the least
    difference over the whole plan, so it solves one model."""
    return int(params["plans"]) == 1 or params["within"] is None


def _left(options: SolveOptions, params: dict[str, Any], started: float) -> SolveOptions:
    """``options`` with the time left of the limit since ``started``."""
    return replace(options, time_limit=_seconds_left(params, started))


def _seconds_left(params: dict[str, Any], started: float) -> float:
    return max(0.05, float(params["time_limit"]) - (time.monotonic() - started))


def _as_asked(result: Result, params: dict[str, Any], started: float) -> Result:
    """The result with the parameters as the caller gave them (the time limit as asked, not
    what was left of it) and the seconds of the whole solve."""
    return replace(result, parameters=dict(params), seconds=round(time.monotonic() - started, 3))


def _strict_message(result: Result, params: dict[str, object]) -> Result:
    """A result the parts diagnosed: with --strict, say why there is no plan."""
    if result.status == "INFEASIBLE" and params["strict"]:
        message = _("No plan satisfies all the rules (--strict: no relaxed plans).")
        return replace(result, message=message)
    return result


def load_result(path: str | Path) -> Result:
    """Read a ``plans.json`` (or a result directory holding one)."""
    path = Path(path)
    if path.is_dir():
        path = path / "plans.json"
    if not path.exists():
        raise InputError([Problem("no plans.json here", path)])
    return Result.from_json(read_text(path, what="result file", limit=MAX_RESULT_BYTES), path)


def instance_of(result: Result, path: str | Path | None = None) -> Instance:
    """The instance a result was solved from (its recorded path, or ``path``), refused when
    the file has changed since, so names and costs shown are the ones solved; re-planned as
    the result was (baseline, locks, forbids)."""
    source = path or result.instance_path
    if not source:
        raise InputError(
            [Problem(_("this result does not say which instance it solved; give --instance"))]
        )
    instance = load_instance(source)
    if result.instance_sha256 and instance.sha256 != result.instance_sha256:
        message = _(
            "the instance file has changed since this result was solved (sha256 differs); solve "
            "again, or give the original with --instance"
        )
        raise InputError([Problem(message, instance.path)])
    return apply_replan(instance, result.replan) if result.replan else instance


def plan_of(result: Result, rank: int, path: Path | None = None) -> Plan:
    """Plan ``rank`` of a result, or a clear error naming the ranks there are."""
    for plan in result.plans:
        if plan.rank == rank:
            return plan
    ranks = ", ".join(str(p.rank) for p in result.plans) or _("none")
    raise InputError(
        [
            Problem(
                _("there is no plan {rank} (plans: {ranks})").format(rank=rank, ranks=ranks), path
            )
        ]
    )
