"""The public functions a notebook calls; the CLI calls exactly these."""

from __future__ import annotations

from pathlib import Path

from pairing_planner.candidates import candidate_pairs
from pairing_planner.checks import conflicts
from pairing_planner.errors import InputError, Problem
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.yaml_source import read_text
from pairing_planner.model.solver import ProgressHook, SolveOptions, make_result
from pairing_planner.model.solver import solve as solve_model
from pairing_planner.plan import Result


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    on_progress: ProgressHook | None = None,
) -> Result:
    """Up to ``options.plans`` plans, best first. A structural conflict (``plan check``) is
    reported at once as INFEASIBLE, with its counts, without running the solver: it is a proof
    that no plan exists, and the planner reads the reason rather than a time-out."""
    pairs = candidate_pairs(instance)
    found = conflicts(instance, pairs)
    if found:
        params = (options or SolveOptions()).resolved(instance)
        reasons = "; ".join(f"{f.message} ({f.clause})" if f.clause else f.message for f in found)
        message = f"No plan satisfies all the rules: {reasons}."
        return make_result(instance, params, "INFEASIBLE", [], message=message)
    return solve_model(instance, options, on_progress, pairs)


def load_result(path: str | Path) -> Result:
    """Read a ``plans.json`` (or a result directory holding one)."""
    path = Path(path)
    if path.is_dir():
        path = path / "plans.json"
    if not path.exists():
        raise InputError([Problem("no plans.json here", path)])
    return Result.from_json(read_text(path, what="result file"), path)
