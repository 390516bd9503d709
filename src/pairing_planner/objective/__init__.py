"""The objective's cost terms, one module each; see :mod:`pairing_planner.objective.base`."""

from __future__ import annotations

from pairing_planner.i18n import _
from pairing_planner.instance.schema.models import Term
from pairing_planner.objective import (
    change,
    distance,
    load_balance,
    pair_table,
    score_gap,
    uncovered_needs,
)
from pairing_planner.objective.base import SCALE, TermKind, scaled, scaled_many
from pairing_planner.said import Said, named, said

TERM_KINDS: dict[Term, TermKind] = {
    module.TERM.term: module.TERM
    for module in (distance, uncovered_needs, score_gap, load_balance, pair_table, change)
}
"""Every cost term by name."""


def term_label(term: str) -> str:
    """A cost term's name as the planner reads it, in the current language (距离 for
    ``distance``); ids that are not terms are returned as they are."""
    kind = TERM_KINDS.get(Term(term)) if term in Term.__members__ else None
    return _(kind.label) if kind is not None else term


def term_said(term: str) -> Said:
    """A cost term's name by its message id, for a sentence worded when it is shown."""
    kind = TERM_KINDS.get(Term(term)) if term in Term.__members__ else None
    return said(kind.label) if kind is not None else named(term)


__all__ = [
    "SCALE",
    "TERM_KINDS",
    "TermKind",
    "scaled",
    "scaled_many",
    "term_label",
    "term_said",
]
