"""Lock: pairs a planner fixes by hand (an existing relationship to keep)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.i18n import N_, _
from pairing_planner.instance.models import LockRule
from pairing_planner.rules.base import RuleKind

if TYPE_CHECKING:
    from pairing_planner.model.context import ModelContext


def post(rule: LockRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per pair; a pair another rule excludes makes its lock unsatisfiable."""
    for helper_id, recipient_id in rule.pairs:
        helper = ctx.instance.helpers[helper_id]
        recipient = ctx.instance.recipients[recipient_id]
        posted = ctx.rule_instance(
            rule,
            index,
            _("{helper} is locked to {recipient}").format(
                helper=helper.name, recipient=recipient.name
            ),
            f"{helper_id}>{recipient_id}",
            helpers=[helper_id],
            recipients=[recipient_id],
        )
        var = ctx.x.get((helper_id, recipient_id))
        ctx.bound(posted, ctx.total([var] if var is not None else []), 1, 1)


RULE = RuleKind(
    kind="lock",
    bent=N_("{label}, but the pair is not made"),
    clauses=("R2",),
    summary=N_("The listed pairs are in every plan."),
    post=post,
)
