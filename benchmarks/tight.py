"""A second, independent MIP of the large-part cases for HiGHS: written from the problem
data's candidate pairs, costs and structures (:mod:`pairing_planner.prepare.problem`), not
from our CP-SAT model nor from the rows :mod:`pairing_planner.algorithms.linear_program`
writes, and tight on S4.

``benchmarks.milp`` hands HiGHS the very CP-SAT model; a slow HiGHS there could be a weak
model rather than a weak solver. Here HiGHS gets the formulation a MIP modeller would write
for coverage (S1), capacity and S4 with convex load costs:

- ``x[h, r]`` binary per candidate pair; every recipient covered exactly once (S1);
- ``u[h, k]`` in [0, 1], helper h's k-th school, costing its k-th load unit (non-decreasing,
  so the cheaper units fill first and no ordering constraint is needed); ``Σ_r x = Σ_k u``;
- ``e[h]`` binary for a helper with a poverty-village candidate (S4): it helps one such
  school alone or none: ``Σ_poverty x[h, ·] ≤ e[h]``, ``Σ_k u[h, k] ≤ e[h] + room·(1 − e[h])``
  and, for each other school, ``x[h, r] + e[h] ≤ 1`` (the per-pair cuts our model leaves out).

It covers only problems whose structures are coverage (exactly one), capacities and exclusive
sets, the filters having narrowed the pairs: the Lagrangian's domain (:func:`lagrangian_takes`).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from pairing_planner import Instance, verify_plan
from pairing_planner.algorithms.flow import helper_units
from pairing_planner.algorithms.lagrange import lagrangian_takes
from pairing_planner.objective import SCALE
from pairing_planner.prepare.problem import problem_data
from pairing_planner.rules.structures import Cover


class _Rows:
    """Constraint rows gathered as coordinates, handed to scipy in one sparse matrix."""

    def __init__(self) -> None:
        self.row: list[int] = []
        self.col: list[int] = []
        self.value: list[float] = []
        self.low: list[float] = []
        self.high: list[float] = []

    def add(self, terms: list[tuple[int, float]], low: float, high: float) -> None:
        """One row ``low ≤ Σ value·var ≤ high``."""
        for col, value in terms:
            self.row.append(len(self.low))
            self.col.append(col)
            self.value.append(value)
        self.low.append(low)
        self.high.append(high)

    def constraint(self, columns: int) -> LinearConstraint:
        matrix = coo_array((self.value, (self.row, self.col)), shape=(len(self.low), columns))
        return LinearConstraint(matrix.tocsr(), self.low, self.high)


def tight_formulation(
    instance: Instance,
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """scipy ``milp`` arguments of the tight MIP (objective in model units) and the pairs in
    the order of their columns."""
    problem = problem_data(instance)
    if not lagrangian_takes(problem) or not problem.exactly_one():
        raise ValueError("the tight formulation covers coverage, capacity, S4 and filters")
    pairs, costs = problem.pairs, problem.costs
    units = helper_units(problem)
    alone = [r in problem.exclusive for _h, r in pairs]
    exclusive = sorted({h for (h, _r), a in zip(pairs, alone, strict=True) if a})
    first_unit = len(pairs)
    unit_column: dict[str, list[int]] = {}
    for helper, per in units.items():
        unit_column[helper] = list(range(first_unit, first_unit + len(per)))
        first_unit += len(per)
    mode = {h: first_unit + i for i, h in enumerate(exclusive)}
    columns = first_unit + len(mode)
    cost = np.zeros(columns)
    cost[: len(pairs)] = [costs.cost[p] for p in pairs]
    for helper, per in units.items():
        cost[unit_column[helper]] = per
    rows = _Rows()
    by_recipient: dict[str, list[int]] = {}
    by_helper: dict[str, list[int]] = {}
    for i, (h, r) in enumerate(pairs):
        by_recipient.setdefault(r, []).append(i)
        by_helper.setdefault(h, []).append(i)
    for cover in problem.of(Cover):
        for recipient in cover.recipients:
            rows.add([(i, 1.0) for i in by_recipient.get(recipient, [])], 1.0, 1.0)
    for helper, own in by_helper.items():
        rows.add([(i, 1.0) for i in own] + [(c, -1.0) for c in unit_column[helper]], 0.0, 0.0)
    for helper, e in mode.items():
        room = len(unit_column[helper])
        poverty = [i for i in by_helper[helper] if alone[i]]
        rows.add([(i, 1.0) for i in poverty] + [(e, -1.0)], -np.inf, 0.0)
        rows.add([(c, 1.0) for c in unit_column[helper]] + [(e, room - 1.0)], -np.inf, room)
        for i in by_helper[helper]:
            if not alone[i]:
                rows.add([(i, 1.0), (e, 1.0)], -np.inf, 1.0)
    integrality = np.ones(columns)
    integrality[len(pairs) : len(pairs) + sum(map(len, unit_column.values()))] = 0
    arguments = {
        "c": cost,
        "constraints": rows.constraint(columns),
        "integrality": integrality,
        "bounds": Bounds(np.zeros(columns), np.ones(columns)),
    }
    return arguments, pairs


def solve_tight_highs(instance: Instance, time_limit: float) -> dict[str, Any]:
    """HiGHS on the tight MIP: its plan checked by the independent verifier, objective and
    bound in objective units, the formulation's size and how long building and solving took."""
    start = time.monotonic()
    arguments, pairs = tight_formulation(instance)
    build = time.monotonic() - start
    start = time.monotonic()
    result = milp(**arguments, options={"time_limit": time_limit, "mip_rel_gap": 1e-6})
    seconds = time.monotonic() - start
    found: dict[str, Any] = {
        "status": result.message,
        "columns": len(arguments["c"]),
        "rows": arguments["constraints"].A.shape[0],
        "build_s": round(build, 2),
        "seconds": round(seconds, 2),
        "objective": None if result.x is None else round(result.fun / SCALE, 2),
        "bound": None
        if getattr(result, "mip_dual_bound", None) is None
        else round(result.mip_dual_bound / SCALE, 2),
    }
    if result.x is not None:
        chosen = [p for p, value in zip(pairs, result.x, strict=False) if value > 0.5]
        verdict = verify_plan(instance, chosen)
        found["verified_objective"] = round(verdict.objective, 2) if verdict.ok else None
    return found
