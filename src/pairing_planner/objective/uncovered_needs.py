"""Uncovered needs: the recipient's subjects of need that the helper is not strong in (M3:
joint training of subject leaders works where the helper is strong)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Term
from pairing_planner.objective.base import TermKind


def pair_values(instance: Instance, pairs: Sequence[PairKey]) -> NDArray[np.float64]:
    """How many of the recipient's needs are not among the helper's strengths."""
    strengths = {h.id: frozenset(h.strengths) for h in instance.data.helpers}
    needs = {r.id: frozenset(r.needs) for r in instance.data.recipients}
    return np.fromiter((len(needs[r] - strengths[h]) for h, r in pairs), float, len(pairs))


TERM = TermKind(
    term=Term.uncovered_needs,
    label=N_("uncovered needs"),
    unit="needs",
    summary="Subjects the recipient needs help in that the helper is not strong in.",
    clauses=("M3",),
    pair_values=pair_values,
)
