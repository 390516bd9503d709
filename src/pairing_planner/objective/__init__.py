"""The objective's cost terms, one module each; see :mod:`pairing_planner.objective.base`."""

from __future__ import annotations

from pairing_planner.instance.models import Term
from pairing_planner.objective import (
    change,
    distance,
    load_balance,
    pair_table,
    score_gap,
    uncovered_needs,
)
from pairing_planner.objective.base import SCALE, TermKind, scaled

TERM_KINDS: dict[Term, TermKind] = {
    module.TERM.term: module.TERM
    for module in (distance, uncovered_needs, score_gap, load_balance, pair_table, change)
}
"""Every cost term by name."""

__all__ = ["SCALE", "TERM_KINDS", "TermKind", "scaled"]
