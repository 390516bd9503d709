"""Load balance: a helper's k-th recipient costs k − 1, so a load of n costs n(n−1)/2 and work
spreads over helpers (S1 allows one-to-many; R3 asks helpers not be overstretched)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.instance.models import Term
from pairing_planner.objective.base import TermKind

if TYPE_CHECKING:
    from pairing_planner.model.context import ModelContext


def helper_value(load: int) -> float:
    """n(n−1)/2 for a load of n: 0 for one school, 1 for two, 3 for three."""
    return load * (load - 1) / 2


def helper_post(ctx: ModelContext) -> list[tuple[str, object, float]]:
    """Ordered booleans ``load ≥ k`` per helper (k ≥ 2), the k-th costing k − 1: exact and
    convex, without integer products."""
    costs: list[tuple[str, object, float]] = []
    for helper_id in ctx.by_helper:
        steps = ctx.load_steps(helper_id)
        costs.extend((helper_id, step, float(k)) for k, step in enumerate(steps[1:], start=1))
    return costs


TERM = TermKind(
    term=Term.load_balance,
    unit="extra schools",
    summary="Extra load on a helper: its k-th recipient school costs k − 1.",
    clauses=("S1", "R3"),
    helper_post=helper_post,
    helper_value=helper_value,
)
