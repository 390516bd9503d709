"""The problem data's rows, handed to HiGHS (scipy's ``milp``) as a MIP and as its LP
relaxation, and to SCIP as a MIP — through
:func:`pairing_planner.algorithms.linear_program.to_milp`.

The rows are the tight forms the CP-SAT builder posts in a normal (strict) solve, written
from the same structures (coverage, capacities, exclusive sets, quota rows, locks), so the
three solvers get the same formulation; the first ``len(problem.pairs)`` columns are the
pairs, in the problem data's order.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from scipy.optimize import milp

from pairing_planner.algorithms.linear_program import to_milp
from pairing_planner.prepare.problem import ProblemData


def solve_highs(problem: ProblemData, time_limit: float, relax: bool) -> dict[str, Any]:
    """HiGHS on the problem: as a MIP (to a relative gap of 1e-6, as good as proven optimal for
    our integer objectives) or as its LP relaxation. Objective and bound in model units;
    ``values`` holds every variable's value (None without a solution)."""
    args = to_milp(problem)
    if relax:
        args["integrality"] = np.zeros(len(args["c"]))
    start = time.monotonic()
    result = milp(**args, options={"time_limit": time_limit, "mip_rel_gap": 1e-6})
    seconds = time.monotonic() - start
    value = None if result.x is None else result.fun
    bound = getattr(result, "mip_dual_bound", None)
    return {
        "seconds": round(seconds, 2),
        "status": result.message,
        "objective": value,
        "bound": value if relax else bound,
        "fractional": None
        if result.x is None or not relax
        else int(np.sum(np.abs(result.x - np.round(result.x)) > 1e-6)),
        "values": result.x,
    }


def solve_scip(problem: ProblemData, time_limit: float) -> dict[str, Any]:
    """The same MIP given to SCIP (bundled with OR-Tools): a second opinion on HiGHS."""
    from ortools.linear_solver import pywraplp

    args = to_milp(problem)
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
    return {
        "seconds": round(seconds, 2),
        "status": {pywraplp.Solver.OPTIMAL: "OPTIMAL", pywraplp.Solver.FEASIBLE: "FEASIBLE"}.get(
            code, str(code)
        ),
        "objective": objective.Value() if solved else None,
        "bound": objective.BestBound() if solved else None,
        "values": np.array([c.solution_value() for c in columns]) if solved else None,
    }
