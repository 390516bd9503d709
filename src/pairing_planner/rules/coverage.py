"""Coverage: every recipient gets exactly one, or at least one, helper (S1, S5; T2 asks for
a 100 % pairing rate of poverty-village schools)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.instance.models import CoverageRule
from pairing_planner.rules.base import RuleKind

if TYPE_CHECKING:
    from pairing_planner.model.context import ModelContext


def post(rule: CoverageRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per recipient: the sum of its pair variables is 1 (or ≥ 1)."""
    exact = rule.mode == "exactly_one"
    words = "exactly one helper" if exact else "at least one helper"
    for recipient in ctx.instance.data.recipients:
        pairs = [ctx.x[e] for e in ctx.by_recipient.get(recipient.id, [])]
        posted = ctx.rule_instance(
            rule, index, f"{recipient.name} gets {words}", recipient.id, recipients=[recipient.id]
        )
        ctx.bound(posted, ctx.total(pairs), 1, 1 if exact else None)


RULE = RuleKind(
    kind="coverage",
    bent="{label}, but has {actual}",
    clauses=("S1", "S5", "T2"),
    summary="Every recipient school gets exactly one (or at least one) helper school.",
    post=post,
)
