"""Load balance: a helper's k-th recipient costs k − 1, so a load of n costs n(n−1)/2 and work
spreads over helpers (S1 allows one-to-many; R3 asks helpers not be overstretched)."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.instance.schema.models import Term
from pairing_planner.objective.base import TermKind


def unit_value(k: int) -> float:
    """The k-th school of a helper costs k − 1: a load of n costs n(n−1)/2."""
    return float(k - 1)


TERM = TermKind(
    term=Term.load_balance,
    label=N_("load balance"),
    unit="extra schools",
    summary="Extra load on a helper: its k-th recipient school costs k − 1.",
    clauses=("S1", "R3"),
    unit_value=unit_value,
)
