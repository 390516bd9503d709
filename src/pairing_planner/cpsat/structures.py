"""Each structure of the problem data (:mod:`pairing_planner.rules.structures`) posted as
CP-SAT constraints, one rule instance per row behind its own enforcement literal (or with
slacks, relaxed), so that diagnosis can name the rows that conflict. The only place the rules'
structures become solver code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

from ortools.sat.python import cp_model

from pairing_planner.cpsat.context import ModelContext, RuleInstance
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.prepare.problem import lock_label
from pairing_planner.rules.structures import Capacity, Cover, Exclusive, Lock, Quota, Structure
from pairing_planner.said import said


def post_structures(ctx: ModelContext) -> None:
    """Every structure of the context's problem data, in file order; the rows of one rule's
    exclusive sets together, since S4's tight form is posted per helper over all of them."""
    for _key, group in groupby(ctx.problem.structures, key=lambda s: (s.rule, type(s))):
        structures = list(group)
        _POSTERS[type(structures[0])](ctx, structures)


def _rule(ctx: ModelContext, structure: Structure) -> Any:
    return ctx.instance.data.rules[structure.rule]


def _post_cover(ctx: ModelContext, structures: Sequence[Cover]) -> None:
    """One row per recipient: the sum of its pair variables is 1 (or ≥ 1)."""
    for cover in structures:
        rule, recipients = _rule(ctx, cover), ctx.instance.recipients
        for recipient_id in cover.recipients:
            pairs = [ctx.x[e] for e in ctx.by_recipient.get(recipient_id, [])]
            label = said(cover.words, school=recipients[recipient_id].name)
            posted = ctx.rule_instance(
                rule, cover.rule, label, recipient_id, recipients=[recipient_id]
            )
            ctx.bound(posted, ctx.total(pairs), 1, 1 if cover.exact else None)


def _post_capacity(ctx: ModelContext, structures: Sequence[Capacity]) -> None:
    """One row per helper with a candidate. Besides ``load ≤ capacity`` it posts, when quotas
    count helpers (S6, S7), per stage ``pairs of that stage ≤ capacity × serves-that-stage``:
    implied, but it lets the LP see that N helper schools per city carry at most N × capacity
    recipients, which turns a pigeonhole infeasibility from a search that never ends into an
    instant proof. Without quotas it would only add variables."""
    helpers, recipients = ctx.instance.helpers, ctx.instance.recipients
    for capacity in structures:
        rule = _rule(ctx, capacity)
        for helper_id, most in zip(capacity.helpers, capacity.most, strict=True):
            pairs = ctx.by_helper.get(helper_id, [])
            if not pairs:
                continue
            label = said(capacity.words, school=helpers[helper_id].name, n=most)
            posted = ctx.rule_instance(rule, capacity.rule, label, helper_id, helpers=[helper_id])
            ctx.bound(posted, ctx.total([ctx.x[p] for p in pairs]), None, most)
            for stage in helpers[helper_id].stages if ctx.counts_helpers else ():
                staged = [ctx.x[p] for p in pairs if stage in recipients[p[1]].stages]
                if staged:
                    serves = ctx.helper_serves_stage(helper_id, stage)
                    ctx.implied(posted, ctx.total(staged) - most * serves, None, 0)


def _post_quota(ctx: ModelContext, structures: Sequence[Quota]) -> None:
    """One row per city: the number of its helpers serving the stage equals N."""
    for quota in structures:
        used = [ctx.helper_serves_stage(h, quota.stage) for h in quota.helpers]
        posted = ctx.rule_instance(
            _rule(ctx, quota),
            quota.rule,
            quota.label,
            f"{quota.city}/{quota.stage.value}",
            helpers=quota.helpers,
            cities=[quota.city],
        )
        ctx.bound(posted, ctx.total(used), quota.count, quota.count)


def _post_lock(ctx: ModelContext, structures: Sequence[Lock]) -> None:
    """One row per pair; a pair that is not a candidate has no variable, so its row is
    unsatisfiable, and its label says what excludes it."""
    for lock in structures:
        rule = _rule(ctx, lock)
        for pair in lock.pairs:
            helper_id, recipient_id = pair
            posted = ctx.rule_instance(
                rule,
                lock.rule,
                lock_label(ctx.problem, lock, pair),
                f"{helper_id}>{recipient_id}",
                helpers=[helper_id],
                recipients=[recipient_id],
            )
            var = ctx.x.get(pair)
            ctx.bound(posted, ctx.total([var] if var is not None else []), 1, 1)


def _post_exclusive(ctx: ModelContext, structures: Sequence[Exclusive]) -> None:
    """One row per recipient of the exclusive sets. A normal solve posts them per helper
    (:func:`_post_by_helper`, tight); diagnosis and relaxation, which must switch or bend
    each recipient's row alone, split each of its pairs into an exclusive and a shared part
    (:func:`_post_bendable`), as tight."""
    recipients = ctx.instance.recipients
    posted = {
        recipient_id: ctx.rule_instance(
            _rule(ctx, exclusive),
            exclusive.rule,
            said(exclusive.words, school=recipients[recipient_id].name),
            recipient_id,
            recipients=[recipient_id],
        )
        for exclusive in structures
        for recipient_id in exclusive.recipients
    }
    if ctx.mode == "strict":
        _post_by_helper(ctx, posted)
    else:
        _post_bendable(ctx, posted)


def _post_by_helper(ctx: ModelContext, posted: dict[str, RuleInstance]) -> None:
    """Each helper with an exclusive candidate chooses a mode, exclusive or shared:
    ``Σ exclusive pairs ≤ exclusive`` and ``Σ other pairs ≤ most_load × (1 − exclusive)``: the
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
    """The per-helper modes over the *exclusive* part of each exclusive pair, ``x = alone +
    shared``; a school's row bounds ``extra``, which is at least its shared parts and, when it
    has the helper, the helper's other schools (``load − 1``, what the verifier counts;
    through one load variable per helper, so the model stays linear in the pairs). Enforced,
    the row forbids sharing; relaxed, every extra school costs its penalty. Unlike one big-M
    constraint per school and helper, its LP can count: schools that keep S4 need helpers of
    their own (pigeonhole), which diagnosis and relaxation rely on (docs/infeasibility.md)."""
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


_POSTERS: dict[type[Structure], Callable[[ModelContext, Any], None]] = {
    Cover: _post_cover,
    Capacity: _post_capacity,
    Exclusive: _post_exclusive,
    Quota: _post_quota,
    Lock: _post_lock,
}
"""How each structure is posted (a new structure without a poster fails at once)."""
