"""Score gap: how far the helper's lead over its recipient falls short of ``min_lead`` points
(S3 and R3 ask for helpers of a clearly higher level)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Term
from pairing_planner.objective.base import TermKind


def pair_values(instance: Instance, pairs: Sequence[PairKey]) -> NDArray[np.float64]:
    """Points short of the wanted lead. An unscored helper costs nothing (unknown is not
    penalised); an unscored recipient counts as 0, so the term then asks for helpers scoring
    at least ``min_lead``."""
    helpers, recipients = instance.helpers, instance.recipients
    helper = np.array([helpers[h].score for h, _r in pairs], dtype=float)
    recipient = np.array([recipients[r].score or 0.0 for _h, r in pairs], dtype=float)
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
