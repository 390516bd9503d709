"""Which differences between two plans are only swaps of interchangeable schools.

Schools no rule and no cost tells apart (:mod:`pairing_planner.prepare.symmetry`: the same
stage, poverty flag, candidates and costs, and no lock naming them) can exchange their
partners and the plan keeps every rule at the same cost: to a planner the same plan. Two
results of one instance often differ so, since CP-SAT picks among such ties by the path its
search takes. ``plan compare`` counts these apart from real changes.

Each school stands for its group (its class); a plan is then a multiset of class pairs. In a
class of recipients, as many of the recipients whose helpers differ are matched by a swap as
the two plans' multisets of helper classes for them have in common; the rest are real
changes. A recipient whose helper was exchanged for an interchangeable one (helpers of
capacity one alike in every way) has the same class of helper in both plans: a swap too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pairing_planner.result.plan import Plan

HelperClasses = tuple[str, ...]
"""The classes of a recipient's helpers in one plan, sorted, each as often as it helps it
(empty: it has none): two helpers of one class are not one."""


@dataclass(frozen=True)
class Swaps:
    """What of two plans' difference is only swaps: the recipients whose helpers differ by
    swaps alone (ids, sorted), and the groups of interchangeable schools swapped."""

    recipients: list[str]
    groups: list[list[str]]


def common_groups(
    first: Sequence[Sequence[str]], second: Sequence[Sequence[str]]
) -> list[list[str]]:
    """The schools interchangeable in both of two instances (each group of ``first`` cut by
    the groups of ``second``, in ``first``'s order): two plans solved with other locks,
    forbids or baselines are told apart by what either pins. A forbidden pair's schools are no
    longer alike, and a change the planner asked for was marked "only a swap" where one of
    the two instances alone was read (issue 32)."""
    theirs = {school: i for i, group in enumerate(second) for school in group}
    common: list[list[str]] = []
    for group in first:
        split: dict[int, list[str]] = {}
        for school in group:
            if school in theirs:
                split.setdefault(theirs[school], []).append(school)
        common.extend(alike for alike in split.values() if len(alike) > 1)
    return common


def swaps_between(groups: Sequence[Sequence[str]], a: Plan, b: Plan) -> Swaps:
    """Which recipients' helpers differ between ``a`` and ``b`` only by swaps within
    ``groups`` (each a group of interchangeable recipients, or of helpers)."""
    kind = {school: group[0] for group in groups for school in group}
    helpers_a, helpers_b = a.helpers_of(), b.helpers_of()
    differing: dict[str, list[str]] = {}
    swapped: list[str] = []
    moved: set[str] = set()
    for recipient in sorted(helpers_a.keys() | helpers_b.keys()):
        mine_a = helpers_a.get(recipient, frozenset())
        mine_b = helpers_b.get(recipient, frozenset())
        if mine_a == mine_b:
            continue
        if _classes(kind, mine_a) == _classes(kind, mine_b):
            swapped.append(recipient)
            moved.update(mine_a ^ mine_b)
        else:
            differing.setdefault(kind.get(recipient, recipient), []).append(recipient)
    for recipients in differing.values():
        matched = _matched(kind, recipients, helpers_a, helpers_b)
        swapped.extend(matched)
        moved.update(matched)
    return Swaps(sorted(swapped), [list(g) for g in groups if moved & set(g)])


def _classes(kind: dict[str, str], helpers: frozenset[str]) -> HelperClasses:
    return tuple(sorted(kind.get(h, h) for h in helpers))


def _matched(
    kind: dict[str, str],
    recipients: list[str],
    helpers_a: dict[str, frozenset[str]],
    helpers_b: dict[str, frozenset[str]],
) -> list[str]:
    """Of ``recipients`` (one class, each with other helpers in ``b`` than in ``a``), those
    whose helpers in ``a`` another of them has in ``b``: exchanged among the class."""
    offered = Counter(_classes(kind, helpers_b.get(r, frozenset())) for r in recipients)
    matched = []
    for recipient in recipients:
        had = _classes(kind, helpers_a.get(recipient, frozenset()))
        if offered[had] > 0:
            offered[had] -= 1
            matched.append(recipient)
    return matched
