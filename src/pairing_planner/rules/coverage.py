"""Coverage: every recipient gets exactly one, or at least one, helper (S1, S5; T2 asks for
a 100 % pairing rate of poverty-village schools)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.i18n import N_, _
from pairing_planner.instance.models import CoverageRule
from pairing_planner.rules.base import Role, RuleKind, every_pair

if TYPE_CHECKING:
    from pairing_planner.cpsat.context import ModelContext


def post(rule: CoverageRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per recipient: the sum of its pair variables is 1 (or ≥ 1)."""
    exact = rule.mode == "exactly_one"
    words = (
        _("{school} gets exactly one helper") if exact else _("{school} gets at least one helper")
    )
    for recipient in ctx.instance.data.recipients:
        pairs = [ctx.x[e] for e in ctx.by_recipient.get(recipient.id, [])]
        posted = ctx.rule_instance(
            rule,
            index,
            words.format(school=recipient.name),
            recipient.id,
            recipients=[recipient.id],
        )
        ctx.bound(posted, ctx.total(pairs), 1, 1 if exact else None)


RULE = RuleKind(
    kind="coverage",
    role=Role.cover,
    penalty=60,
    flow=True,
    lagrangian=True,
    greedy=True,
    binds=every_pair,
    bent=N_("{label}, but has {actual}"),
    mark=N_("{clause}: school has {n} helpers"),
    clauses=("S1", "S5", "T2"),
    label=N_("coverage"),
    summary=N_("Every recipient school gets exactly one (or at least one) helper school."),
    post=post,
)
