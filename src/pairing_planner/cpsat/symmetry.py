"""One plan of every set of swaps of interchangeable schools
(:mod:`pairing_planner.prepare.symmetry`): along each group, the helpers' positions do not
decrease. Every plan has exactly one such ordering of its swaps (sort the group's helpers),
so no plan a planner would call different is lost, and K-best offers no two plans that only
swap interchangeable schools."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from ortools.sat.python import cp_model

from pairing_planner.cpsat.build import BuiltModel
from pairing_planner.cpsat.context import ModelContext
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


def post_helper_order(built: BuiltModel, groups: Sequence[Group]) -> None:
    """For consecutive helpers g, h of each group (capacity one): position(recipient of g) ≤
    position(recipient of h), an unused helper counting as after every recipient."""
    ctx = built.ctx
    position = ctx.instance.position
    for group in groups:
        recipients = sorted((r for h, r in ctx.x if h == group[0]), key=position.__getitem__)
        after = len(recipients)
        for g, h in pairwise(group):
            ctx.model.add(_served(ctx, g, recipients, after) <= _served(ctx, h, recipients, after))


def _served(
    ctx: ModelContext, helper: str, recipients: list[str], after: int
) -> cp_model.LinearExpr:
    """The position of the recipient ``helper`` serves, or ``after`` when it serves none."""
    pairs = [ctx.x[(helper, r)] for r in recipients]
    weights = [after - i for i in range(len(pairs))]
    return after - cp_model.LinearExpr.weighted_sum(pairs, weights)
