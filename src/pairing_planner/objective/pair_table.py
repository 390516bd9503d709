"""Pair table: the cost a planner gave a pair by hand in the CSV table."""

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
    """The table's cost; pairs absent from the table never reach here (they are not allowed),
    and would cost 0. The table is read once into sorted pair numbers, looked up by search."""
    at, width = instance.position, len(instance.recipients)
    table = [
        (at[h] * width + at[r], cost)
        for (h, r), cost in (instance.pair_costs or {}).items()
        if h in instance.helpers and r in instance.recipients
    ]
    keys = np.array([k for k, _c in table], dtype=np.int64)
    order = np.argsort(keys)
    keys, costs = keys[order], np.array([c for _k, c in table], dtype=float)[order]
    wanted = helpers.astype(np.int64) * width + recipients
    found = np.minimum(np.searchsorted(keys, wanted), max(0, len(keys) - 1))
    listed = keys[found] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
    return np.where(listed, costs[found] if len(keys) else 0.0, 0.0)


TERM = TermKind(
    term=Term.pair_table,
    label=N_("pair table"),
    unit="cost",
    summary="The cost the planner's pair table gives the pair.",
    clauses=("R2",),
    pair_values=pair_values,
)
