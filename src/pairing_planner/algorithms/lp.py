"""The CP-SAT model's LP relaxation, solved by HiGHS (scipy): a lower bound on every plan,
and fractional pair values that guide :mod:`pairing_planner.algorithms.rounding`.

The conversion reads the model's protocol buffer, so the LP has exactly the variables,
constraints and objective CP-SAT has — no second formulation to drift apart. It covers what
the model builder emits in a normal (strict) solve: linear constraints, whose enforcement
literals are then fixed true; implications (``bool_and`` under one literal); and ``lin_max``
over booleans (a helper serves a stage). A missing side of a constraint is CP-SAT's own
``INT_MIN``/``INT_MAX`` and becomes an infinite row bound. The benchmarks and the tests hand
the same conversion to HiGHS and SCIP as a MIP (``benchmarks/milp.py``,
``tests/test_milp_reference.py``), where it gives CP-SAT's optima; only the LP is used here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model
from scipy.sparse import coo_array

from pairing_planner.cpsat.context import NO_LOWER, NO_UPPER

_INF = float("inf")


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


def _end(value: int) -> float:
    """A domain end as a row bound: CP-SAT's ``INT_MIN``/``INT_MAX`` (how the model builder
    writes a missing side, :data:`pairing_planner.cpsat.context.NO_UPPER`) are infinite."""
    if value <= NO_LOWER or value >= NO_UPPER:
        return _INF if value > 0 else -_INF
    return float(value)


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
    from scipy.optimize import Bounds, LinearConstraint  # 0.26 s: only large solves need it

    proto = model.proto
    fixed = _fixed_true(proto)
    rows = _Rows([], [], [], [], [])
    for c in proto.constraints:
        enforced = [e for e in c.enforcement_literal if e not in fixed]
        if c.has_linear() and not enforced:
            domain = [_end(d) for d in c.linear.domain]
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


@dataclass(frozen=True)
class Relaxation:
    """A relaxation's lower bound in model units and a fractional value for every variable of
    the model (by proto index): the LP optimum here, or the Lagrangian's averaged choices
    (:mod:`pairing_planner.algorithms.lagrange`)."""

    value: float
    values: NDArray[np.float64]


def lp_relaxation(model: cp_model.CpModel, time_limit: float) -> Relaxation | None:
    """The LP relaxation's optimum, or None when HiGHS does not reach it in ``time_limit``."""
    from scipy.optimize import milp  # 0.26 s: only large solves need it

    args = to_milp(model)
    offset, scale = args.pop("offset"), args.pop("scale")
    args["integrality"] = np.zeros(len(args["c"]))
    result = milp(**args, options={"time_limit": time_limit})
    if result.status != 0 or result.x is None:
        return None
    return Relaxation((result.fun + offset) * scale, result.x)
