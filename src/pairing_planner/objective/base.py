"""What every objective term provides: a unit, a plain description and its cost.

CP-SAT needs integer coefficients. Every term's value is multiplied by its weight and by
:data:`SCALE`, then rounded, per pair (or per helper): costs are exact to 1/SCALE of a
weighted unit (0.01 km with weight 1), and the rounding error of a whole plan is at most
0.005 per pair and term.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, Recipient, Term

if TYPE_CHECKING:
    from pairing_planner.model.context import ModelContext

SCALE = 100
"""Objective precision: costs are integers in hundredths of a weighted unit."""

PairValue = Callable[[Instance, Helper, Recipient], float]
"""The term's value for one pair, in its own unit."""

HelperPost = Callable[["ModelContext"], list[tuple[str, object, float]]]
"""Posts per-helper variables; returns (helper id, variable, value in the term's unit)."""

HelperValue = Callable[[int], float]
"""The term's value for a helper with the given load."""


def scaled(weight: float, value: float) -> int:
    """A weighted value as the model's integer cost."""
    return round(weight * value * SCALE)


@dataclass(frozen=True)
class TermKind:
    """One cost term of the objective (``objective.weights`` in the file)."""

    term: Term
    unit: str
    summary: str
    clauses: tuple[str, ...]
    pair_value: PairValue | None = None
    helper_post: HelperPost | None = None
    helper_value: HelperValue | None = None
