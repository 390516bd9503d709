"""Distance: great-circle km between helper and recipient. Visits both ways (M2, H1, H2) cost
time; nearer helpers mean more of them."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, Recipient, Term
from pairing_planner.objective.base import TermKind


def pair_value(instance: Instance, helper: Helper, recipient: Recipient) -> float:
    """Km between the two schools (their own coordinates, else their places' seats)."""
    return instance.distance_km(helper.id, recipient.id)


TERM = TermKind(
    term=Term.distance,
    label=N_("distance"),
    unit="km",
    summary="Travel distance between the two schools, in km: nearer pairs can meet more often.",
    clauses=("M2", "H1", "H2"),
    pair_value=pair_value,
)
