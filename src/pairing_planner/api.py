"""The public functions a notebook calls; the CLI calls exactly these."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pairing_planner.candidates import candidate_pairs
from pairing_planner.checks import conflicts
from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.yaml_source import read_text
from pairing_planner.model.diagnose import minimal_conflict
from pairing_planner.model.solver import ProgressHook, SolveOptions, make_result, solve_relaxed
from pairing_planner.model.solver import solve as solve_model
from pairing_planner.plan import Result


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    on_progress: ProgressHook | None = None,
) -> Result:
    """Up to ``options.plans`` plans, best first.

    When no plan keeps every rule (a structural conflict found before solving, or the solver
    proving it), the result carries a :class:`Diagnosis` (why, in the rules' words) and,
    unless ``options.strict``, plans that bend the rules as little as possible (RELAXED)."""
    options = options or SolveOptions()
    params = options.resolved(instance)
    pairs = candidate_pairs(instance)
    found = conflicts(instance, pairs)
    if not found:
        result = solve_model(instance, options, on_progress, pairs)
        if result.status != "INFEASIBLE":
            return result
    share = float(params["time_limit"]) / 3
    diagnosis = replace(
        minimal_conflict(instance, pairs, share, int(params["seed"])),
        structural=[f"{f.message} ({f.clause})" if f.clause else f.message for f in found],
    )
    if params["strict"]:
        message = _("No plan satisfies all the rules (--strict: no relaxed plans).")
        return make_result(instance, params, "INFEASIBLE", [], message=message, diagnosis=diagnosis)
    relaxed = solve_relaxed(instance, options, on_progress, pairs)
    return replace(relaxed, diagnosis=diagnosis)


def load_result(path: str | Path) -> Result:
    """Read a ``plans.json`` (or a result directory holding one)."""
    path = Path(path)
    if path.is_dir():
        path = path / "plans.json"
    if not path.exists():
        raise InputError([Problem("no plans.json here", path)])
    return Result.from_json(read_text(path, what="result file"), path)
