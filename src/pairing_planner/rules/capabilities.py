"""The questions the algorithms and reports ask of an instance's rules, answered only from what
each rule kind declares (:class:`~pairing_planner.rules.base.RuleKind`).

Which faster method takes an instance is not asked here: each method declares the structures
it handles and reads the problem data (``flow_takes``, ``lagrangian_takes``, ``greedy_keeps``
in :mod:`pairing_planner.algorithms`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import CityQuotaRule, Rule
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.base import Node, PartScope, Role, RuleKind
from pairing_planner.rules.structures import Structure
from pairing_planner.said import Said, cited_said, named, said


def refusing_rule(
    instance: Instance, helper_id: str, recipient: Recipient, rules: Sequence[Rule] | None = None
) -> Rule | None:
    """The first filter rule (of ``rules``, default all) that does not allow the pair, or
    None (the pair table aside)."""
    helper = instance.helpers[helper_id]
    for rule in instance.data.rules if rules is None else rules:
        allows = kind_of(rule).allows
        if allows is not None and not allows(rule, instance, helper, recipient):
            return rule
    return None


def kind_label(kind: str) -> str:
    """A rule kind's name as the planner reads it, in the current language (市名额 for
    ``city_quota``)."""
    return _(RULE_KINDS[kind].label) if kind in RULE_KINDS else kind


def kind_said(kind: str) -> Said:
    """A rule kind's name by its message id, for a sentence worded when it is shown."""
    return said(RULE_KINDS[kind].label) if kind in RULE_KINDS else named(kind)


def kind_of(rule: Rule) -> RuleKind:
    """The declarations of a rule's kind."""
    return RULE_KINDS[rule.kind]


def active_rules(instance: Instance) -> list[Rule]:
    """The rules that constrain anything in this instance."""
    return [rule for rule in instance.data.rules if kind_of(rule).active(rule, instance)]


def in_role(instance: Instance, role: Role) -> list[Rule]:
    """The active rules whose kind plays ``role``, in file order."""
    return [rule for rule in active_rules(instance) if kind_of(rule).role is role]


def clause_of(instance: Instance, role: Role) -> str | None:
    """The clause of the first active rule in ``role`` (what a finding about it cites)."""
    return next((rule.clause for rule in in_role(instance, role)), None)


def quota_rules(instance: Instance) -> list[tuple[int, CityQuotaRule]]:
    """The active city quotas with their index in the file (for their line and nodes)."""
    return [
        (i, r)
        for i, r in enumerate(instance.data.rules)
        if kind_of(r).role is Role.quota and isinstance(r, CityQuotaRule)
    ]


def penalty_of(rule: Rule) -> int:
    """The rule's relaxation penalty per violation unit: its own, else its kind's default."""
    default = kind_of(rule).penalty
    if rule.penalty is not None:
        return rule.penalty
    if default is None:
        raise ValueError(f"a {rule.kind} rule is a filter and has no penalty")
    return default


def links(instance: Instance) -> list[list[Node]]:
    """Every group of nodes that some rule binds together (each must stay in one part)."""
    return [
        group
        for index, rule in enumerate(instance.data.rules)
        if (declared := kind_of(rule).links) is not None
        for group in declared(rule, index, instance)
    ]


def declared(instance: Instance) -> list[Structure]:
    """Every rule's structures, in file order (what the problem data holds)."""
    return [
        structure
        for index, rule in enumerate(instance.data.rules)
        if (declare := kind_of(rule).declare) is not None
        for structure in declare(rule, index, instance)
    ]


def restricted(instance: Instance, part: PartScope) -> list[Rule]:
    """The rules as they apply inside ``part``: what each kind keeps of itself there."""
    kept = (
        kind_of(rule).restrict(rule, index, instance, part)
        for index, rule in enumerate(instance.data.rules)
    )
    return [rule for rule in kept if rule is not None]


def binding_clauses(instance: Instance, helper: Helper, recipient: Recipient) -> list[str]:
    """The clauses of the rules that bind this pair of a plan, in file order, once each."""
    found: list[str] = []
    for rule in instance.data.rules:
        binds = kind_of(rule).binds(rule, instance, helper, recipient)
        if binds and rule.clause not in found:
            found.append(rule.clause)
    return found


def blocking_reason(
    instance: Instance,
    rules: list[Rule],
    helper: Helper,
    recipient: Recipient,
    serving: dict[str, list[str]],
) -> Said | None:
    """Why a plan (``serving``: each helper's recipients) does not give ``recipient`` to
    ``helper``: the first of ``rules`` (the active ones, found once per plan) that blocks it,
    by message id with its clause."""
    for rule in rules:
        blocks = kind_of(rule).blocks
        reason = blocks(rule, instance, helper, recipient, serving) if blocks else None
        if reason is not None:
            return cited_said(reason, rule.clause)
    return None


def idle_reason(instance: Instance, helper: Helper) -> tuple[str, Said] | None:
    """The first rule that explains why ``helper`` can serve no one: (its clause, why)."""
    for rule in instance.data.rules:
        idle = kind_of(rule).idle
        reason = idle(rule, instance, helper) if idle is not None else None
        if reason is not None:
            return rule.clause, reason
    return None
