"""The CP-SAT model, handed over as it is to HiGHS (scipy's ``milp``): as a MIP, and as its
LP relaxation (a lower bound).

The conversion reads the model's protocol buffer, so HiGHS gets exactly the variables,
constraints and objective CP-SAT gets — no second formulation to drift apart. It covers
what the model builder emits in a normal (strict) solve: linear constraints, whose
enforcement literals are then fixed true; implications (``bool_and`` under one literal);
and ``lin_max`` over booleans (a helper serves a stage).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

_INF = float("inf")
_UNBOUNDED = 2**62
"""CP-SAT's domain ends beyond this mean "no bound"."""


@dataclass
class _Rows:
    """A sparse constraint matrix under construction: rows ``lower ≤ Σ coef·var ≤ upper``."""

    rows: list[int]
    cols: list[int]
    vals: list[float]
    lower: list[float]
    upper: list[float]

    def add(self, terms: dict[int, float], constant: float, lower: float, upper: float) -> None:
        """``lower ≤ Σ terms + constant ≤ upper``."""
        row = len(self.lower)
        for col, val in terms.items():
            if val:
                self.rows.append(row)
                self.cols.append(col)
                self.vals.append(val)
        self.lower.append(lower - constant)
        self.upper.append(upper - constant)


def _literal(ref: int) -> tuple[dict[int, float], float]:
    """A literal as a linear term: x, or 1 − x for a negated reference."""
    return ({ref: 1.0}, 0.0) if ref >= 0 else ({-ref - 1: -1.0}, 1.0)


def _fixed_true(proto: Any) -> set[int]:
    """Literals fixed true by a one-variable constraint ``x == 1`` (the rule literals)."""
    fixed = set()
    for c in proto.constraints:
        single = c.has_linear() and not c.enforcement_literal and len(c.linear.vars) == 1
        if single and list(c.linear.domain) == [1, 1] and c.linear.coeffs[0] == 1:
            fixed.add(c.linear.vars[0])
    return fixed


def to_milp(model: cp_model.CpModel) -> dict[str, Any]:
    """The model as scipy ``milp`` arguments (``c``, ``integrality``, ``bounds``,
    ``constraints``) and the objective's offset and scale."""
    proto = model.proto
    fixed = _fixed_true(proto)
    rows = _Rows([], [], [], [], [])
    for c in proto.constraints:
        enforced = [e for e in c.enforcement_literal if e not in fixed]
        if c.has_linear() and not enforced:
            domain = [d if abs(d) < _UNBOUNDED else d * _INF for d in c.linear.domain]
            if len(domain) != 2:
                raise NotImplementedError("a linear constraint with a holey domain")
            terms = dict(zip(c.linear.vars, map(float, c.linear.coeffs), strict=True))
            rows.add(terms, 0.0, domain[0], domain[1])
        elif c.has_bool_and() and len(enforced) == 1:
            (when, shift) = _literal(enforced[0])
            for ref in c.bool_and.literals:
                (then, offset) = _literal(ref)
                terms = {k: then.get(k, 0.0) - when.get(k, 0.0) for k in then.keys() | when.keys()}
                rows.add(terms, offset - shift, 0.0, _INF)
        elif c.has_lin_max() and not enforced:
            target = dict(zip(c.lin_max.target.vars, c.lin_max.target.coeffs, strict=True))
            exprs = [dict(zip(e.vars, e.coeffs, strict=True)) for e in c.lin_max.exprs]
            for expr in exprs:
                rows.add({**target, **{k: -v for k, v in expr.items()}}, 0.0, 0.0, _INF)
            total: dict[int, float] = {}
            for expr in exprs:
                for k, v in expr.items():
                    total[k] = total.get(k, 0.0) + v
            rows.add({**{k: -v for k, v in total.items()}, **target}, 0.0, -_INF, 0.0)
        else:
            raise NotImplementedError(f"constraint not converted: {c}")
    n = len(proto.variables)
    cost = np.zeros(n)
    for var, coef in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        cost[var] = coef
    domains = [list(v.domain) for v in proto.variables]
    lows, highs = [d[0] for d in domains], [d[-1] for d in domains]
    matrix = coo_array((rows.vals, (rows.rows, rows.cols)), shape=(len(rows.lower), n))
    return {
        "c": cost,
        "integrality": np.ones(n),
        "bounds": Bounds(lows, highs),
        "constraints": LinearConstraint(matrix.tocsr(), rows.lower, rows.upper),
        "offset": proto.objective.offset,
        "scale": proto.objective.scaling_factor or 1.0,
    }


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
