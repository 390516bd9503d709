"""Change: a recipient of last year's plan that gets a different helper. Pairs run for years
(T3: 2018–2020 the work goes deeper; T4: about three years of Heze support), and every moved
pair costs a relationship that took a year to build."""

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
    """1 when the recipient was in the baseline plan with other helper(s); 0 for its old
    helper and for schools new this year. Pairs by their schools' positions
    (:data:`~pairing_planner.objective.base.PairValues`)."""
    at, width = instance.position, len(instance.recipients)
    kept = [
        at[h] * width + at[r]
        for h, r in (instance.data.baseline.pairs if instance.data.baseline else [])
        if h in instance.helpers and r in instance.recipients
    ]
    listed = np.zeros(width, dtype=bool)
    listed[[at[r] for r in instance.baseline_helpers if r in instance.recipients]] = True
    same = np.isin(helpers.astype(np.int64) * width + recipients, np.array(kept, dtype=np.int64))
    return (listed[recipients] & ~same).astype(float)


TERM = TermKind(
    term=Term.change,
    label=N_("change"),
    unit="change",
    summary="A school of the baseline plan that gets a different helper than it had.",
    clauses=("T3", "T4"),
    pair_values=pair_values,
)
