"""Score gap: how far the helper's lead over its recipient falls short of ``min_lead`` points
(S3 and R3 ask for helpers of a clearly higher level)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.models import Term
from pairing_planner.objective.base import TermKind


def pair_values(
    instance: Instance, helpers: NDArray[np.intp], recipients: NDArray[np.intp]
) -> NDArray[np.float64]:
    """Points short of the wanted lead. An unscored helper costs nothing (unknown is not
    penalised); an unscored recipient counts as 0, so the term then asks for helpers scoring
    at least ``min_lead``."""
    helper = np.array([h.score for h in instance.data.helpers], dtype=float)[helpers]
    recipient = np.array([r.score or 0.0 for r in instance.data.recipients], dtype=float)
    recipient = recipient[recipients]
    short = np.maximum(0.0, instance.data.objective.min_lead - (helper - recipient))
    return np.where(np.isnan(helper), 0.0, short)


TERM = TermKind(
    term=Term.score_gap,
    label=N_("score gap"),
    unit="points",
    summary="Points by which the helper's score lead over the recipient falls short of the "
    "wanted lead (min_lead).",
    clauses=("S3", "R3"),
    pair_values=pair_values,
)
