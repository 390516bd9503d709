"""Uncovered needs: the recipient's subjects of need that the helper is not strong in (M3:
joint training of subject leaders works where the helper is strong)."""

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
    """How many of the recipient's needs are not among the helper's strengths: each school's
    subjects as bits (eight to a byte), a pair's count the bits of needs and not strengths."""
    subjects = {
        s: i
        for i, s in enumerate(dict.fromkeys(s for r in instance.data.recipients for s in r.needs))
    }
    strong = _bits(
        [[subjects[s] for s in h.strengths if s in subjects] for h in instance.data.helpers],
        len(subjects),
    )
    needed = _bits(
        [[subjects[s] for s in r.needs] for r in instance.data.recipients], len(subjects)
    )
    short = needed[recipients] & ~strong[helpers]
    counted: NDArray[np.int64] = np.bitwise_count(short).sum(axis=1, dtype=np.int64)
    return counted.astype(float)


def _bits(members: list[list[int]], width: int) -> NDArray[np.uint8]:
    """One row of packed bits per school, bit i set when it has subject i."""
    dense = np.zeros((len(members), max(1, width)), dtype=bool)
    rows = np.repeat(np.arange(len(members)), [len(columns) for columns in members])
    dense[rows, np.array([c for columns in members for c in columns], dtype=np.intp)] = True
    return np.packbits(dense, axis=1)


TERM = TermKind(
    term=Term.uncovered_needs,
    label=N_("uncovered needs"),
    unit="needs",
    summary="Subjects the recipient needs help in that the helper is not strong in.",
    clauses=("M3",),
    pair_values=pair_values,
)
