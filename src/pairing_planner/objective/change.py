"""Change: a recipient of last year's plan that gets a different helper. Pairs run for years
(T3: 2018–2020 the work goes deeper; T4: about three years of Heze support), and every moved
pair costs a relationship that took a year to build."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Term
from pairing_planner.objective.base import TermKind


def pair_values(instance: Instance, pairs: Sequence[PairKey]) -> NDArray[np.float64]:
    """1 when the recipient was in the baseline plan with other helper(s); 0 for its old
    helper and for schools new this year."""
    old = instance.baseline_helpers
    moved = (r in old and h not in old[r] for h, r in pairs)
    return np.fromiter(moved, float, len(pairs))


TERM = TermKind(
    term=Term.change,
    label=N_("change"),
    unit="change",
    summary="A school of the baseline plan that gets a different helper than it had.",
    clauses=("T3", "T4"),
    pair_values=pair_values,
)
