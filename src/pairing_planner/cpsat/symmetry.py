"""One plan of every set of swaps of interchangeable schools
(:mod:`pairing_planner.prepare.symmetry`): along each recipient group, the helpers'
positions do not decrease; along each helper group, the first schools they serve. Every
plan has at least one such ordering of its swaps (sort the group's recipients, then its
helpers), so no plan a planner would call different is lost; some have two (twin helpers
serving twin recipients), which is why K-best also excludes each found plan's swaps
(:func:`pairing_planner.prepare.symmetry.swap_images`)."""

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
    """For consecutive helpers g, h of each group: h serves a recipient only when g serves
    one earlier, recipients in the instance's order over the group's candidates (value
    precedence). The sets a group's helpers serve are apart (exactly one helper per school),
    so their first recipients differ: sorting the helpers by them, unused last, is the one
    plan of its helpers' swaps this keeps, whatever their room. Not for a relaxed model,
    where a school may take two twins (:mod:`pairing_planner.solving.methods.one_model`)."""
    ctx = built.ctx
    position = ctx.instance.position
    for group in groups:
        recipients = sorted((r for h, r in ctx.x if h == group[0]), key=position.__getitem__)
        for g, h in pairwise(group):
            seen = _served_by(ctx, g, recipients[:-1])
            ctx.model.add(ctx.x[(h, recipients[0])] == 0)
            for before, recipient in zip(seen, recipients[1:], strict=False):
                ctx.model.add(ctx.x[(h, recipient)] <= before)


def _served_by(ctx: ModelContext, helper: str, recipients: list[str]) -> list[cp_model.IntVar]:
    """Booleans, one per recipient: true only when ``helper`` serves it or one before it."""
    seen: list[cp_model.IntVar] = []
    for recipient in recipients:
        now = ctx.model.new_bool_var(f"seen[{helper},{recipient}]")
        earlier = [seen[-1]] if seen else []
        ctx.model.add(now <= ctx.total([*earlier, ctx.x[(helper, recipient)]]))
        seen.append(now)
    return seen
