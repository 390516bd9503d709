"""What every objective term provides: a unit, a plain description and its cost.

CP-SAT needs integer coefficients. Every term's value is multiplied by its weight and by
:data:`SCALE`, then rounded, per pair (or per helper): costs are exact to 1/SCALE of a
weighted unit (0.01 km with weight 1), and the rounding error of a whole plan is at most
0.005 per pair and term.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, Recipient, Term

SCALE = 100
"""Objective precision: costs are integers in hundredths of a weighted unit."""

PairValue = Callable[[Instance, Helper, Recipient], float]
"""The term's value for one pair, in its own unit."""

UnitValue = Callable[[int], float]
"""A per-helper term's value for a helper's k-th school (k = 1, 2, …), in the term's unit:
a helper with load n costs the sum over k ≤ n. Non-decreasing in k (convex), so the model
and a min-cost flow can price each unit separately."""


def scaled(weight: float, value: float) -> int:
    """A weighted value as the model's integer cost."""
    return round(weight * value * SCALE)


@dataclass(frozen=True)
class TermKind:
    """One cost term of the objective (``objective.weights`` in the file)."""

    term: Term
    label: str
    """Its name as a planner reads it (marked for translation; ``term`` is the file's id)."""
    unit: str
    summary: str
    clauses: tuple[str, ...]
    pair_value: PairValue | None = None
    unit_value: UnitValue | None = None
