"""Lock: pairs a planner fixes by hand (an existing relationship to keep)."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import LockRule
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules.base import Node, Role, RuleKind, restrict_pairs
from pairing_planner.rules.structures import Lock, Structure


def declare(rule: LockRule, index: int, instance: Instance) -> list[Structure]:
    """One row per pair; a pair another rule excludes makes its lock unsatisfiable, and the
    problem data then says why in its label (:func:`pairing_planner.prepare.problem.lock_label`),
    so a diagnosis names that rule."""
    return [Lock(index, tuple(rule.pairs), N_("{helper} is locked to {recipient}"))]


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
    binds=binds,
    links=links,
    restrict=restrict_pairs,
    bent=N_("{label}, but the pair is not made"),
    clauses=("R2",),
    label=N_("locked pair"),
    summary=N_("The listed pairs are in every plan."),
    declare=declare,
)
