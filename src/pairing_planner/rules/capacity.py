"""Capacity: a helper takes at most ``capacity`` recipients (S1 allows one-to-many)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pairing_planner.i18n import N_, _
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import CapacityRule, Helper, Recipient
from pairing_planner.rules.base import Role, RuleKind, every_pair

if TYPE_CHECKING:
    from pairing_planner.cpsat.context import ModelContext


def post(rule: CapacityRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per helper. Besides ``load ≤ capacity`` it posts, when city quotas
    count helpers (S6, S7), per stage ``pairs of that stage ≤ capacity × serves-that-stage``:
    implied, but it lets the LP see that N helper schools per city carry at most N × capacity
    recipients, which turns a pigeonhole infeasibility from a search that never ends into an
    instant proof. Without quotas it would only add variables."""
    recipients = ctx.instance.recipients
    for helper in ctx.instance.data.helpers:
        pairs = ctx.by_helper.get(helper.id, [])
        if not pairs:
            continue
        posted = ctx.rule_instance(
            rule,
            index,
            _("{school} takes at most {n} school(s)").format(school=helper.name, n=helper.capacity),
            helper.id,
            helpers=[helper.id],
        )
        ctx.bound(posted, ctx.total([ctx.x[p] for p in pairs]), None, helper.capacity)
        for stage in helper.stages if ctx.counts_helpers else ():
            staged = [ctx.x[p] for p in pairs if stage in recipients[p[1]].stages]
            if staged:
                serves = ctx.helper_serves_stage(helper.id, stage)
                ctx.implied(posted, ctx.total(staged) - helper.capacity * serves, None, 0)


def blocks(
    rule: CapacityRule,
    instance: Instance,
    helper: Helper,
    recipient: Recipient,
    serving: Mapping[str, list[str]],
) -> str | None:
    """The helper is full."""
    if len(serving.get(helper.id, [])) < helper.capacity:
        return None
    return _("it is full: capacity {n}").format(n=helper.capacity)


RULE = RuleKind(
    kind="capacity",
    blocks=blocks,
    role=Role.capacity,
    penalty=20,
    flow=True,
    lagrangian=True,
    greedy=True,
    binds=every_pair,
    bent=N_("{label}, but takes {actual}"),
    mark=N_("{clause}: helper serves {n} schools"),
    clauses=("S1",),
    label=N_("capacity"),
    summary=N_("A helper school takes no more recipient schools than its capacity."),
    post=post,
)
