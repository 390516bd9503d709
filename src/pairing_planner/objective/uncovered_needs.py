"""Uncovered needs: the recipient's subjects of need that the helper is not strong in (M3:
joint training of subject leaders works where the helper is strong)."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, Recipient, Term
from pairing_planner.objective.base import TermKind


def pair_value(instance: Instance, helper: Helper, recipient: Recipient) -> float:
    """How many of the recipient's needs are not among the helper's strengths."""
    return float(len(set(recipient.needs) - set(helper.strengths)))


TERM = TermKind(
    term=Term.uncovered_needs,
    label=N_("uncovered needs"),
    unit="needs",
    summary="Subjects the recipient needs help in that the helper is not strong in.",
    clauses=("M3",),
    pair_value=pair_value,
)
