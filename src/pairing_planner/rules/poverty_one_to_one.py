"""S4: schools in provincial key poverty villages are paired strictly one-to-one — their
helper helps no other school."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pairing_planner.i18n import N_, _
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Helper, PovertyOneToOneRule, Recipient
from pairing_planner.rules.base import Role, RuleKind

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from pairing_planner.cpsat.context import ModelContext, RuleInstance


def post(rule: PovertyOneToOneRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per poverty-village recipient. A normal solve posts the rule per
    helper (:func:`_post_by_helper`, tight); diagnosis and relaxation, which must switch or
    bend each recipient's instance alone, split each of its pairs into an exclusive and a
    shared part (:func:`_post_bendable`), as tight."""
    posted = {
        recipient.id: ctx.rule_instance(
            rule,
            index,
            _("{school}'s helper helps no other school").format(school=recipient.name),
            recipient.id,
            recipients=[recipient.id],
        )
        for recipient in ctx.instance.data.recipients
        if recipient.poverty_village
    }
    if ctx.mode == "strict":
        _post_by_helper(ctx, posted)
    else:
        _post_bendable(ctx, posted)


def _post_by_helper(ctx: ModelContext, posted: dict[str, RuleInstance]) -> None:
    """Each helper with a poverty-village candidate chooses a mode, exclusive or shared:
    ``Σ poverty pairs ≤ exclusive`` and ``Σ other pairs ≤ most_load × (1 − exclusive)``: the
    convex hull of the two modes, whose LP is far tighter than a per-recipient big-M form
    (docs/performance.md)."""
    helpers = dict.fromkeys(h for r in posted for h, _r in ctx.by_recipient.get(r, []))
    for helper_id in helpers:
        pairs = ctx.by_helper[helper_id]
        poor = [ctx.x[p] for p in pairs if p[1] in posted]
        rest = [ctx.x[p] for p in pairs if p[1] not in posted]
        exclusive = ctx.model.new_bool_var(f"exclusive[{helper_id}]")
        first = posted[next(p[1] for p in pairs if p[1] in posted)]
        ctx.bound(first, ctx.total(poor) - exclusive, None, 0)
        if rest:
            room = min(len(rest), ctx.most_load(helper_id))
            ctx.bound(first, ctx.total(rest) + room * exclusive, None, room)


def _post_bendable(ctx: ModelContext, posted: dict[str, RuleInstance]) -> None:
    """The per-helper modes over the *exclusive* part of each poverty pair, ``x = alone +
    shared``; a school's rule instance bounds ``extra``, which is at least its shared parts
    and, when it has the helper, the helper's other schools (``load − 1``, what the verifier
    counts; through one load variable per helper, so the model stays linear in the pairs).
    Enforced, the instance forbids sharing; relaxed, every extra school costs its penalty.
    Unlike one big-M constraint per school and helper, its LP can count: schools that keep S4
    need helpers of their own (pigeonhole), which diagnosis and relaxation rely on
    (docs/infeasibility.md)."""
    shared: dict[PairKey, cp_model.IntVar] = {}
    load: dict[str, cp_model.IntVar] = {}
    helpers = dict.fromkeys(h for r in posted for h, _r in ctx.by_recipient.get(r, []))
    for helper_id in helpers:
        pairs = ctx.by_helper[helper_id]
        load[helper_id] = ctx.model.new_int_var(0, len(pairs), f"load[{helper_id}]")
        ctx.model.add(load[helper_id] == ctx.total(ctx.x[p] for p in pairs))
        exclusive = ctx.model.new_bool_var(f"exclusive[{helper_id}]")
        own = []
        for pair in (p for p in pairs if p[1] in posted):
            alone = ctx.model.new_bool_var(f"alone[{pair[0]},{pair[1]}]")
            shared[pair] = ctx.model.new_bool_var(f"shared[{pair[0]},{pair[1]}]")
            ctx.model.add(alone + shared[pair] == ctx.x[pair])
            own.append(alone)
        room = ctx.most_load(helper_id)
        ctx.model.add(ctx.total(own) <= exclusive)
        ctx.model.add(load[helper_id] - ctx.total(own) + room * exclusive <= room)
    for recipient_id, instance in posted.items():
        for pair in ctx.by_recipient.get(recipient_id, []):
            n = len(ctx.by_helper[pair[0]])
            extra = ctx.model.new_int_var(0, max(1, n - 1), f"extra[{pair[0]},{pair[1]}]")
            ctx.model.add(extra >= shared[pair])
            ctx.model.add(extra >= load[pair[0]] + (n - 1) * ctx.x[pair] - n)
            ctx.bound(instance, extra, None, 0)


def active(rule: PovertyOneToOneRule, instance: Instance) -> bool:
    """Only where some recipient is in a poverty village."""
    return any(r.poverty_village for r in instance.data.recipients)


def binds(
    rule: PovertyOneToOneRule, instance: Instance, helper: Helper, recipient: Recipient
) -> bool:
    """The pairs of poverty-village schools."""
    return recipient.poverty_village


def blocks(
    rule: PovertyOneToOneRule,
    instance: Instance,
    helper: Helper,
    recipient: Recipient,
    serving: Mapping[str, list[str]],
) -> str | None:
    """The helper already has a school, and one of the two is in a poverty village."""
    mine = serving.get(helper.id, [])
    poor = [r for r in mine if instance.recipients[r].poverty_village]
    if not mine or not (poor or recipient.poverty_village):
        return None
    school = instance.recipients[(poor or mine)[0]].name
    return _("it helps {school}, and a poverty-village school's helper helps no other").format(
        school=school
    )


RULE = RuleKind(
    kind="poverty_one_to_one",
    blocks=blocks,
    role=Role.alone,
    penalty=100,
    flow=False,
    lagrangian=True,
    greedy=True,
    binds=binds,
    active=active,
    bent=N_("{label}, but its helper takes {amount} other school(s)"),
    mark=N_("{clause}: helper helps {amount} more"),
    clauses=("S4", "R3"),
    label=N_("poverty village one-to-one"),
    summary=N_(
        "A school in a provincial key poverty village has a helper school of its own that "
        "helps no other school."
    ),
    post=post,
)
