"""What every objective term provides: a unit, a plain description and its cost.

CP-SAT needs integer coefficients. Every term's value is multiplied by its weight and by
:data:`SCALE`, then rounded, per pair (or per helper): costs are exact to 1/SCALE of a
weighted unit (0.01 km with weight 1), and the rounding error of a whole plan is at most
0.005 per pair and term.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.models import Term

SCALE = 100
"""Objective precision: costs are integers in hundredths of a weighted unit."""

PairValues = Callable[[Instance, NDArray[np.intp], NDArray[np.intp]], NDArray[np.float64]]
"""The term's value for each of many pairs, in its own unit: one array for all, the pairs
given by their helper's and recipient's positions in the file's lists
(:attr:`~pairing_planner.instance.index.instance.Instance.position`), since a province has a
quarter of a million candidate pairs and a Python object or call per pair cost seconds."""

UnitValue = Callable[[int], float]
"""A per-helper term's value for a helper's k-th school (k = 1, 2, …), in the term's unit:
a helper with load n costs the sum over k ≤ n. Non-decreasing in k (convex), so the model
and a min-cost flow can price each unit separately."""


def scaled(weight: float, value: float) -> int:
    """A weighted value as the model's integer cost."""
    return round(weight * value * SCALE)


def scaled_many(weight: float, values: NDArray[np.float64]) -> NDArray[np.int64]:
    """:func:`scaled` of every value (both round halves to even)."""
    return np.rint(weight * values * SCALE).astype(np.int64)


@dataclass(frozen=True)
class TermKind:
    """One cost term of the objective (``objective.weights`` in the file)."""

    term: Term
    label: str
    """Its name as a planner reads it (marked for translation; ``term`` is the file's id)."""
    unit: str
    summary: str
    clauses: tuple[str, ...]
    pair_values: PairValues | None = None
    unit_value: UnitValue | None = None
