"""One plan of every set of swaps of interchangeable schools
(:mod:`pairing_planner.prepare.symmetry`): along each group, the helpers' positions do not
decrease. Every plan has exactly one such ordering of its swaps (sort the group's helpers),
so no plan a planner would call different is lost, and K-best offers no two plans that only
swap interchangeable schools."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from pairing_planner.cpsat.build import BuiltModel
from pairing_planner.prepare.symmetry import Group


def post_order(built: BuiltModel, groups: Sequence[Group]) -> None:
    """For consecutive recipients a, b of each group: position(helper of a) ≤ position(helper
    of b), positions counted in the instance's helper order over the group's candidates (the
    same for all its schools)."""
    ctx = built.ctx
    position = ctx.instance.position
    for group in groups:
        helpers = sorted((h for h, r in ctx.x if r == group[0]), key=position.__getitem__)
        rank = {h: i for i, h in enumerate(helpers)}
        for a, b in pairwise(group):
            ctx.model.add(
                sum(rank[h] * ctx.x[(h, a)] for h in helpers)
                <= sum(rank[h] * ctx.x[(h, b)] for h in helpers)
            )
