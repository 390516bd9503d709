"""The LP relaxation of the problem data, solved by HiGHS (scipy): a lower bound on every
plan, and fractional pair values that guide :mod:`pairing_planner.algorithms.rounding`.

The LP is the problem data's rows (:func:`pairing_planner.algorithms.linear_program.to_milp`:
the tight forms the CP-SAT builder posts, written from the same structures) with its
integrality dropped. Only the LP is used here; the benchmarks and the tests hand the same
rows to HiGHS and SCIP as a MIP (``benchmarks/milp.py``, ``tests/test_milp_reference.py``),
where they give CP-SAT's optima.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pairing_planner.algorithms.linear_program import to_milp
from pairing_planner.prepare.problem import ProblemData


@dataclass(frozen=True)
class Relaxation:
    """A relaxation's lower bound in model units and a fractional value for every pair of the
    problem data, in its order: the LP optimum here, or the Lagrangian's averaged choices
    (:mod:`pairing_planner.algorithms.lagrange`)."""

    value: float
    values: NDArray[np.float64]


def lp_relaxation(problem: ProblemData, time_limit: float) -> Relaxation | None:
    """The LP relaxation's optimum, or None when HiGHS does not reach it in ``time_limit``."""
    from scipy.optimize import milp  # 0.26 s: only large solves need it

    args = to_milp(problem)
    args["integrality"] = np.zeros(len(args["c"]))
    result = milp(**args, options={"time_limit": time_limit})
    if result.status != 0 or result.x is None:
        return None
    return Relaxation(result.fun, result.x[: len(problem.pairs)])
