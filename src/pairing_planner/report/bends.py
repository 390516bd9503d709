"""What a relaxed plan says beside its pairs and in its status: each pair that bends a rule
marked with the rule and its clause ("S6：一校帮扶2校"), the schools a relaxation leaves
without a helper, and a status that never calls a relaxed plan optimal. Every writer (the
table, plan-K.csv, the ledger, the printed list and the R4 report) reads these, so they mark
the same pairs: those each relaxation recorded when the plan was read out
(:attr:`~pairing_planner.result.plan.Relaxation.pairs`)."""

from __future__ import annotations

from pairing_planner.i18n import _, status_word
from pairing_planner.instance.instance import Instance
from pairing_planner.result.plan import Plan, Relaxation
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.base import RuleKind
from pairing_planner.rules.capabilities import kind_label


def bend_marks(plan: Plan) -> dict[tuple[str, str], str]:
    """(helper id, recipient id) → how that pair bends the rules, for each pair that does."""
    return {pair: _("; ").join(map(_mark, found)) for pair, found in plan.bends().items()}


def _mark(relaxation: Relaxation) -> str:
    kind = RULE_KINDS.get(relaxation.kind)
    template = kind.mark if kind is not None else RuleKind.mark
    return _(template).format(
        clause=relaxation.clause,
        label=kind_label(relaxation.kind),
        n=len(relaxation.pairs),
        amount=relaxation.amount,
    )


def unpaired(instance: Instance, plan: Plan) -> dict[str, str]:
    """Recipient id → why it has no helper, for each recipient of a relaxed plan that has
    none (T2 wants every school paired): the relaxations about it, in words."""
    if not plan.relaxations:
        return {}
    paired = {pair.recipient for pair in plan.pairs}
    return {
        recipient: _("; ").join(r.message for r in plan.relaxations if r.subject == recipient)
        for recipient in instance.recipients
        if recipient not in paired
    }


def plan_status(plan: Plan) -> str:
    """A plan's status as the planner reads it. A relaxed plan is never called optimal: its
    OPTIMAL only speaks of its cost among the plans that bend as little, so it says whether
    its bend is proven least, and when it is, whether its cost is proven too (a plan whose
    bend is not proven least is proven in nothing)."""
    if not plan.relaxations:
        return status_word(plan.status)
    if not plan.least_bend_proven:
        return _("relaxed, not proven least")
    if plan.status == "OPTIMAL":
        return _("relaxed, least bend proven")
    return _("relaxed, least bend proven, cost not proven")
