"""S4: schools in provincial key poverty villages are paired strictly one-to-one — their
helper helps no other school."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.i18n import N_, _
from pairing_planner.instance.models import PovertyOneToOneRule
from pairing_planner.rules.base import RuleKind

if TYPE_CHECKING:
    from pairing_planner.model.context import ModelContext


def post(rule: PovertyOneToOneRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per poverty-village recipient: if helper h serves it, h serves no one
    else: ``Σ others(h) + n·x(h, r) ≤ n`` with n = the number of h's other candidates, which
    is exact for booleans, and whose slack counts the extra schools when relaxed."""
    for recipient in ctx.instance.data.recipients:
        if not recipient.poverty_village:
            continue
        posted = ctx.rule_instance(
            rule,
            index,
            _("{school}'s helper helps no other school").format(school=recipient.name),
            recipient.id,
            recipients=[recipient.id],
        )
        for helper_id, _recipient in ctx.by_recipient.get(recipient.id, []):
            others = [ctx.x[e] for e in ctx.by_helper[helper_id] if e[1] != recipient.id]
            if others:
                served = ctx.x[(helper_id, recipient.id)]
                room = len(others)
                ctx.bound(posted, ctx.total(others) + room * served, None, room)


RULE = RuleKind(
    kind="poverty_one_to_one",
    bent=N_("{label}, but its helper takes {amount} other school(s)"),
    clauses=("S4", "R3"),
    summary=N_(
        "A school in a provincial key poverty village has a helper school of its own that "
        "helps no other school."
    ),
    post=post,
)
