"""What a relaxed plan says beside its pairs and in its status: each pair that bends a rule
marked with the rule and its clause ("S6：一校帮扶2校"), the schools a relaxation leaves
without a helper, and a status that never calls a relaxed plan optimal. Every writer (the
table, plan-K.csv, the ledger, the printed list and the R4 report) reads these, so they mark
the same pairs: those each relaxation recorded when the plan was read out
(:attr:`~pairing_planner.result.plan.Relaxation.pairs`). Each relaxation is worded when it is
printed (:func:`relaxation_words`), in the language of the print, not the solve's sentence
``plans.json`` keeps."""

from __future__ import annotations

from pairing_planner.i18n import _, cited, stage_word, status_word
from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.plan import Plan, Relaxation
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.base import RuleKind
from pairing_planner.rules.capabilities import kind_label
from pairing_planner.verify.verifier import verify_plan


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


def relaxation_words(instance: Instance, plan: Plan) -> list[str]:
    """Each relaxation of ``plan``, in its order, in words of the current language, with its
    clause ("Jining supplies 2 junior helper school(s), not 1 (S6)"). The sentence
    ``plans.json`` stores is in the language of the solve, and a Chinese solve's ledger
    exported in English (or the other way) printed it as it was (issue 30): so the plan is
    measured again by the verifier, which words what it finds from the rule's kind, subject
    and the plan; a relaxation it no longer finds (an edited plan) is named by its rule,
    subject and amount. A plan that bends nothing is not measured: most plans, and every
    ledger and list of them, would pay a whole verification for no words."""
    if not plan.relaxations:
        return []
    pairs = [(pair.helper, pair.recipient) for pair in plan.pairs]
    found = verify_plan(instance, pairs, plan.relaxations).declared
    measured = {(v.kind, v.subject): cited(v.message, v.clause) for v in found}
    return [measured.get((r.kind, r.subject)) or _bent_by(instance, r) for r in plan.relaxations]


def subject_words(instance: Instance, subject: str) -> str:
    """What a relaxation is about, by name: a school, a pair (helper → recipient), or a
    city's stage (``jining/junior``: 济宁市初中); an id the instance does not know, as is."""
    schools = {**instance.recipients, **instance.helpers}
    if ">" in subject:
        helper, recipient = subject.split(">", 1)
        return f"{subject_words(instance, helper)} → {subject_words(instance, recipient)}"
    if "/" in subject:
        city, stage = subject.split("/", 1)
        place = instance.places.get(city)
        name = place.name if place else city
        return _("{city} {stage}").format(city=name, stage=stage_word(stage))
    return schools[subject].name if subject in schools else subject


def _bent_by(instance: Instance, relaxation: Relaxation) -> str:
    """A relaxation the plan does not show: its rule, subject and amount."""
    return _("{rule} of {subject} bent by {amount} ({clause})").format(
        rule=kind_label(relaxation.kind),
        subject=subject_words(instance, relaxation.subject),
        amount=relaxation.amount,
        clause=relaxation.clause,
    )


def unpaired(instance: Instance, plan: Plan) -> dict[str, str]:
    """Recipient id → why it has no helper, for each recipient of a relaxed plan that has
    none (T2 wants every school paired): the relaxations about it, in words."""
    if not plan.relaxations:
        return {}
    paired = {pair.recipient for pair in plan.pairs}
    words = list(zip(plan.relaxations, relaxation_words(instance, plan), strict=True))
    return {
        recipient: _("; ").join(text for r, text in words if r.subject == recipient)
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
