"""Lock: pairs a planner fixes by hand (an existing relationship to keep)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.i18n import N_, _
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, LockRule, Recipient
from pairing_planner.rules.base import Node, Role, RuleKind, restrict_pairs

if TYPE_CHECKING:
    from pairing_planner.cpsat.context import ModelContext


def post(rule: LockRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per pair; a pair another rule excludes makes its lock unsatisfiable,
    and its label then names that rule, so a diagnosis says why (a junior-high helper locked
    to a senior high: the stage rule)."""
    for helper_id, recipient_id in rule.pairs:
        helper = ctx.instance.helpers[helper_id]
        recipient = ctx.instance.recipients[recipient_id]
        posted = ctx.rule_instance(
            rule,
            index,
            _label(ctx, helper, recipient),
            f"{helper_id}>{recipient_id}",
            helpers=[helper_id],
            recipients=[recipient_id],
        )
        var = ctx.x.get((helper_id, recipient_id))
        ctx.bound(posted, ctx.total([var] if var is not None else []), 1, 1)


def _label(ctx: ModelContext, helper: Helper, recipient: Recipient) -> str:
    """The lock in words, and what excludes its pair when one does. (The capabilities module
    lists this one among the kinds, so it is imported when first needed.)"""
    from pairing_planner.rules.capabilities import kind_of, refusing_rule

    words = _("{helper} is locked to {recipient}").format(
        helper=helper.name, recipient=recipient.name
    )
    if (helper.id, recipient.id) in ctx.x:
        return words
    refusing = refusing_rule(ctx.instance, helper.id, recipient)
    if refusing is not None:
        why = _(kind_of(refusing).summary)
        return _("{lock}, which {clause} forbids: {why}").format(
            lock=words, clause=refusing.clause, why=why
        )
    if helper.capacity == 0:
        return _("{lock}, but the helper is not available this year").format(lock=words)
    if ctx.instance.pair_costs is not None:
        return _("{lock}, a pair the pair table does not list").format(lock=words)
    return words


def links(rule: LockRule, index: int, instance: Instance) -> list[list[Node]]:
    """Each locked pair joins its two schools, whether or not the pair is a candidate."""
    return [[("h", h), ("r", r)] for h, r in rule.pairs]


def binds(rule: LockRule, instance: Instance, helper: Helper, recipient: Recipient) -> bool:
    """The locked pairs."""
    return (helper.id, recipient.id) in rule.pairs


RULE = RuleKind(
    kind="lock",
    role=Role.pin,
    penalty=40,
    flow=False,
    lagrangian=False,
    greedy=False,
    binds=binds,
    links=links,
    restrict=restrict_pairs,
    bent=N_("{label}, but the pair is not made"),
    clauses=("R2",),
    label=N_("locked pair"),
    summary=N_("The listed pairs are in every plan."),
    post=post,
)
