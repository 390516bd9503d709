"""The CP-SAT model, handed over as it is to HiGHS (scipy's ``milp``) as a MIP and as its LP
relaxation, and to SCIP as a MIP — through :func:`pairing_planner.algorithms.lp.to_milp`.

The conversion reads the model's protocol buffer, so they get exactly the variables,
constraints and objective CP-SAT gets — no second formulation to drift apart. It covers
what the model builder emits in a normal (strict) solve: linear constraints, whose
enforcement literals are then fixed true; implications (``bool_and`` under one literal);
and ``lin_max`` over booleans (a helper serves a stage).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import milp

from pairing_planner.algorithms.lp import to_milp


def solve_highs(model: cp_model.CpModel, time_limit: float, relax: bool) -> dict[str, Any]:
    """HiGHS on the model: as a MIP (to a relative gap of 1e-6, as good as proven optimal for
    our integer objectives) or as its LP relaxation. Objective and bound in model units;
    ``values`` holds every variable's value (None without a solution)."""
    args = to_milp(model)
    offset, scale = args.pop("offset"), args.pop("scale")
    if relax:
        args["integrality"] = np.zeros(len(args["c"]))
    start = time.monotonic()
    result = milp(**args, options={"time_limit": time_limit, "mip_rel_gap": 1e-6})
    seconds = time.monotonic() - start
    value = None if result.x is None else (result.fun + offset) * scale
    bound = getattr(result, "mip_dual_bound", None)
    return {
        "seconds": round(seconds, 2),
        "status": result.message,
        "objective": value,
        "bound": value if relax else (None if bound is None else (bound + offset) * scale),
        "fractional": None
        if result.x is None or not relax
        else int(np.sum(np.abs(result.x - np.round(result.x)) > 1e-6)),
        "values": result.x,
    }


def solve_scip(model: cp_model.CpModel, time_limit: float) -> dict[str, Any]:
    """The same MIP given to SCIP (bundled with OR-Tools): a second opinion on HiGHS."""
    from ortools.linear_solver import pywraplp

    args = to_milp(model)
    solver = pywraplp.Solver.CreateSolver("SCIP")
    infinity = solver.infinity()
    bounds, rows = args["bounds"], args["constraints"]
    columns = [
        solver.IntVar(float(low), float(high), str(i))
        for i, (low, high) in enumerate(zip(bounds.lb, bounds.ub, strict=True))
    ]
    matrix = rows.A.tocsr()
    for r in range(matrix.shape[0]):
        low, high = rows.lb[r], rows.ub[r]
        row = solver.RowConstraint(
            float(low) if np.isfinite(low) else -infinity,
            float(high) if np.isfinite(high) else infinity,
        )
        for k in range(matrix.indptr[r], matrix.indptr[r + 1]):
            row.SetCoefficient(columns[int(matrix.indices[k])], float(matrix.data[k]))
    objective = solver.Objective()
    for i in np.flatnonzero(args["c"]):
        objective.SetCoefficient(columns[int(i)], float(args["c"][i]))
    objective.SetMinimization()
    solver.SetTimeLimit(int(time_limit * 1000))
    start = time.monotonic()
    code = solver.Solve()
    seconds = time.monotonic() - start
    solved = code in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)
    scale, offset = args["scale"], args["offset"]
    return {
        "seconds": round(seconds, 2),
        "status": {pywraplp.Solver.OPTIMAL: "OPTIMAL", pywraplp.Solver.FEASIBLE: "FEASIBLE"}.get(
            code, str(code)
        ),
        "objective": (objective.Value() + offset) * scale if solved else None,
        "bound": (objective.BestBound() + offset) * scale if solved else None,
        "values": np.array([c.solution_value() for c in columns]) if solved else None,
    }
