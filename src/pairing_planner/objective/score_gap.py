"""Score gap: how far the helper's lead over its recipient falls short of ``min_lead`` points
(S3 and R3 ask for helpers of a clearly higher level)."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, Recipient, Term
from pairing_planner.objective.base import TermKind


def pair_value(instance: Instance, helper: Helper, recipient: Recipient) -> float:
    """Points short of the wanted lead. An unscored helper costs nothing (unknown is not
    penalised); an unscored recipient counts as 0, so the term then asks for helpers scoring
    at least ``min_lead``."""
    if helper.score is None:
        return 0.0
    lead = helper.score - (recipient.score or 0.0)
    return max(0.0, instance.data.objective.min_lead - lead)


TERM = TermKind(
    term=Term.score_gap,
    label=N_("score gap"),
    unit="points",
    summary="Points by which the helper's score lead over the recipient falls short of the "
    "wanted lead (min_lead).",
    clauses=("S3", "R3"),
    pair_value=pair_value,
)
