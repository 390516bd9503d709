"""S4: schools in provincial key poverty villages are paired strictly one-to-one — their
helper helps no other school."""

from __future__ import annotations

from collections.abc import Mapping

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import PovertyOneToOneRule
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules.base import Role, RuleKind
from pairing_planner.rules.structures import Exclusive, Structure
from pairing_planner.said import Said, said


def declare(rule: PovertyOneToOneRule, index: int, instance: Instance) -> list[Structure]:
    """The exclusive set, one row per poverty-village recipient: its helper helps no other
    school. The one place S4 is written; every method reads the set from the problem data."""
    poor = tuple(r.id for r in instance.data.recipients if r.poverty_village)
    return [Exclusive(index, poor, N_("{school}'s helper helps no other school"))] if poor else []


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
) -> Said | None:
    """The helper already has a school, and one of the two is in a poverty village."""
    mine = serving.get(helper.id, [])
    poor = [r for r in mine if instance.recipients[r].poverty_village]
    if not mine or not (poor or recipient.poverty_village):
        return None
    school = instance.recipients[(poor or mine)[0]].name
    return said(
        N_("it helps {school}, and a poverty-village school's helper helps no other"),
        school=school,
    )


RULE = RuleKind(
    kind="poverty_one_to_one",
    blocks=blocks,
    role=Role.alone,
    penalty=100,
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
    declare=declare,
)
