"""What a solve works out of an instance before any part is solved — its candidate pairs,
``plan check``'s warnings and its independent parts — and the same worked out again for the
instance with a lock or forbid appended, from what it was before rather than from scratch.

A ``plan serve`` worker keeps the instance it loaded prepared (with its proven parts,
:mod:`pairing_planner.solving.decomposition.proven_parts`); a re-solve after a lock or forbid then
takes the candidates less the forbidden pair, the warnings unchanged unless a helper lost its last
pair, and every part the rule does not reach as it was (issue 32: "the server keeps an
instance prepared (candidates, costs, split) between solves"). Each is equal to what
:func:`prepare` gives the changed instance: ``tests/test_warm_prepared.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from pairing_planner.diagnosis.checks import warnings_said
from pairing_planner.instance.index.instance import Instance
from pairing_planner.prepare.candidates import Candidates, candidates
from pairing_planner.prepare.delta import added_rules, candidates_after
from pairing_planner.prepare.parts import Part, Split, split_again
from pairing_planner.said import Said


@dataclass(frozen=True)
class Prepared:
    """An instance, its candidate pairs and the warnings every solve of it carries; its parts
    are split on first use (a single model needs none), handing back the unchanged parts of
    ``before``'s split, the instance without its last ``added`` rules. ``warnings`` are
    kept by message id: a server keeps an instance prepared between solves, and the next
    solve may ask in the other language (the workbench's switch)."""

    instance: Instance
    candidates: Candidates
    warnings: list[Said]
    before: Prepared | None = None
    added: int = 0

    def worded(self) -> list[str]:
        """The warnings in the current language."""
        return [warning.text() for warning in self.warnings]

    @cached_property
    def split(self) -> Split:
        earlier = None if self.before is None else self.before.split
        return split_again(self.instance, self.candidates, earlier, self.added)

    @property
    def parts(self) -> list[Part]:
        """The independent parts, largest first."""
        return self.split.parts

    def after(self, instance: Instance) -> Prepared:
        """``instance`` prepared: from this one when it is this instance with rules appended
        that a delta handles (:func:`~pairing_planner.prepare.delta.candidates_after`),
        else afresh."""
        if instance is self.instance:
            return self
        found = candidates_after(self.instance, self.candidates, instance)
        added = added_rules(self.instance, instance)
        if found is None or added is None:
            return prepare(instance)
        same_helpers = np.array_equal(np.unique(found.helpers), np.unique(self.candidates.helpers))
        warnings = (
            self.warnings if same_helpers else warnings_said(instance, found.paired_helpers())
        )
        return Prepared(instance, found, warnings, self, len(added))


def prepare(instance: Instance) -> Prepared:
    """``instance`` prepared from scratch."""
    found = candidates(instance)
    return Prepared(instance, found, warnings_said(instance, found.paired_helpers()))
