"""Progress during a solve, as plain data for whoever shows it (a terminal, a notebook)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SolverProgress:
    """A new best plan during a solve (objective and bound in objective units)."""

    plan: int
    objective: float
    bound: float
    seconds: float


ProgressHook = Callable[[SolverProgress], None]

PartHook = Callable[[int, int], None]
"""Called with (parts done, parts in all) as independent parts finish."""
