"""Pair table: the cost a planner gave a pair by hand in the CSV table."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, Recipient, Term
from pairing_planner.objective.base import TermKind


def pair_value(instance: Instance, helper: Helper, recipient: Recipient) -> float:
    """The table's cost; pairs absent from the table never reach here (they are not allowed)."""
    costs = instance.pair_costs or {}
    return costs.get((helper.id, recipient.id), 0.0)


TERM = TermKind(
    term=Term.pair_table,
    label=N_("pair table"),
    unit="cost",
    summary="The cost the planner's pair table gives the pair.",
    clauses=("R2",),
    pair_value=pair_value,
)
