"""The schools' attributes the filter rules compare, as arrays by position (:attr:`Instance.position
<pairing_planner.instance.index.instance.Instance.position>`), and the join of helpers and
recipients on an equal key: what lets a rule declare its pairs as array masks, so candidate
pairs are built by vectorised joins rather than a Python loop over each recipient's helper ids
(issue 31: that loop was a fifth of a large part's solve).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
from numpy.typing import NDArray

from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import School, Stage

Positions = NDArray[np.intp]
"""Positions of helpers or of recipients in the file's lists."""

Keys = tuple[NDArray[np.int64], NDArray[np.int64]]
"""One integer per helper and one per recipient, by position."""


def stage_bits(instance: Instance) -> Keys:
    """Each school's stages as bits (one per :class:`Stage`): two schools share a stage when
    their bits meet."""
    return instance.memo("stage bits", lambda: _keys(instance, _stage_bits))


def _stage_bits(instance: Instance, school: School) -> int:
    return _bits(tuple(school.stages))


@cache
def _bits(stages: tuple[Stage, ...]) -> int:
    return sum(1 << i for i, stage in enumerate(Stage) if stage in stages)


def city_codes(instance: Instance) -> Keys:
    """Each school's city as a number (the place's position in the file)."""
    return instance.memo("city codes", lambda: _keys(instance, _city_code))


def _city_code(instance: Instance, school: School) -> int:
    return _place_codes(instance)[instance.city_of(school).id]


def county_codes(instance: Instance) -> Keys:
    """Each school's county or zone as a number; -1 for a school placed at city level, which
    shares a county with no school."""
    return instance.memo("county codes", lambda: _keys(instance, _county_code))


def _county_code(instance: Instance, school: School) -> int:
    county = instance.county_of(school)
    return -1 if county is None else _place_codes(instance)[county.id]


def _place_codes(instance: Instance) -> dict[str, int]:
    return instance.memo("place codes", lambda: {p: i for i, p in enumerate(instance.places)})


def _keys(instance: Instance, key: Callable[[Instance, School], int]) -> Keys:
    return (
        np.array([key(instance, h) for h in instance.data.helpers], dtype=np.int64),
        np.array([key(instance, r) for r in instance.data.recipients], dtype=np.int64),
    )


def equal_pairs(keys: Keys) -> tuple[Positions, Positions]:
    """Every (helper, recipient) whose keys are equal, a negative key matching none, as
    position arrays grouped by recipient: helpers sorted by key, each recipient's run of equal
    keys found by binary search and spelled out with one ``repeat`` (helpers in file order
    within each recipient: the sort is stable)."""
    helper_keys, recipient_keys = keys
    order = np.argsort(helper_keys, kind="stable")
    ranked = helper_keys[order]
    starts = np.searchsorted(ranked, recipient_keys, side="left")
    counts = np.searchsorted(ranked, recipient_keys, side="right") - starts
    counts[recipient_keys < 0] = 0
    recipients = np.repeat(np.arange(len(recipient_keys), dtype=np.intp), counts)
    offsets = np.arange(len(recipients), dtype=np.intp) - np.repeat(
        np.cumsum(counts) - counts, counts
    )
    return order[np.repeat(starts, counts) + offsets].astype(np.intp), recipients
