"""Distance: great-circle km between helper and recipient. Visits both ways (M2, H1, H2) cost
time; nearer helpers mean more of them."""

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
    """Km between the two schools (their own coordinates, else their places' seats)."""
    return instance.distances_at(helpers, recipients)


TERM = TermKind(
    term=Term.distance,
    label=N_("distance"),
    unit="km",
    summary="Travel distance between the two schools, in km: nearer pairs can meet more often.",
    clauses=("M2", "H1", "H2"),
    pair_values=pair_values,
)
