"""Pair table: the cost a planner gave a pair by hand in the CSV table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Term
from pairing_planner.objective.base import TermKind


def pair_values(instance: Instance, pairs: Sequence[PairKey]) -> NDArray[np.float64]:
    """The table's cost; pairs absent from the table never reach here (they are not allowed)."""
    costs = instance.pair_costs or {}
    return np.fromiter((costs.get(p, 0.0) for p in pairs), float, len(pairs))


TERM = TermKind(
    term=Term.pair_table,
    label=N_("pair table"),
    unit="cost",
    summary="The cost the planner's pair table gives the pair.",
    clauses=("R2",),
    pair_values=pair_values,
)
