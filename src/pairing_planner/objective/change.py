"""Change: a recipient of last year's plan that gets a different helper. Pairs run for years
(T3: 2018–2020 the work goes deeper; T4: about three years of Heze support), and every moved
pair costs a relationship that took a year to build."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, Recipient, Term
from pairing_planner.objective.base import TermKind


def pair_value(instance: Instance, helper: Helper, recipient: Recipient) -> float:
    """1 when the recipient was in the baseline plan with other helper(s); 0 for its old
    helper and for schools new this year."""
    old = instance.baseline_helpers.get(recipient.id)
    return 1.0 if old is not None and helper.id not in old else 0.0


TERM = TermKind(
    term=Term.change,
    label=N_("change"),
    unit="change",
    summary="A school of the baseline plan that gets a different helper than it had.",
    clauses=("T3", "T4"),
    pair_value=pair_value,
)
