"""Twins only among the structures symmetry accounts for (issue 31, review of session 36): a
rule kind added later declares a structure the twin signatures do not read, which may tell
two twins apart; grouping them would let the symmetry cuts and K-best's swaps drop plans its
rule allows."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pairing_planner import Instance
from pairing_planner.prepare.problem import problem_data
from pairing_planner.prepare.symmetry import interchangeable, interchangeable_helpers


@dataclass(frozen=True)
class _OnlyFirst:
    """A structure of a kind symmetry has never seen, naming one school of a twin pair."""

    rule: int
    recipients: tuple[str, ...]


def test_a_structure_symmetry_does_not_know_leaves_no_twins(heze_as_stated: Instance) -> None:
    """Heze as stated has twin recipients (the same stage, the same offers); with a structure
    of an unknown kind naming one of them, none are grouped, helpers neither."""
    problem = problem_data(heze_as_stated)
    twins = interchangeable(problem)
    assert twins
    unknown = _OnlyFirst(rule=99, recipients=(twins[0][0],))
    widened = replace(problem, structures=(*problem.structures, unknown))  # type: ignore[arg-type]
    assert interchangeable(widened) == []
    assert interchangeable_helpers(widened) == []
