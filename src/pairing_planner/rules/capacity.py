"""Capacity: a helper takes at most ``capacity`` recipients (S1 allows one-to-many)."""

from __future__ import annotations

from collections.abc import Mapping

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import CapacityRule
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules.base import Role, RuleKind, every_pair
from pairing_planner.rules.structures import Capacity, Structure
from pairing_planner.said import Said, said


def declare(rule: CapacityRule, index: int, instance: Instance) -> list[Structure]:
    """Every helper, one row each: it takes at most its capacity."""
    helpers = instance.data.helpers
    return [
        Capacity(
            index,
            tuple(h.id for h in helpers),
            tuple(h.capacity for h in helpers),
            N_("{school} takes at most {n} school(s)"),
        )
    ]


def blocks(
    rule: CapacityRule,
    instance: Instance,
    helper: Helper,
    recipient: Recipient,
    serving: Mapping[str, list[str]],
) -> Said | None:
    """The helper is full."""
    if len(serving.get(helper.id, [])) < helper.capacity:
        return None
    return said(N_("it is full: capacity {n}"), n=helper.capacity)


RULE = RuleKind(
    kind="capacity",
    blocks=blocks,
    role=Role.capacity,
    penalty=20,
    binds=every_pair,
    bent=N_("{label}, but takes {actual}"),
    mark=N_("{clause}: helper serves {n} schools"),
    clauses=("S1",),
    label=N_("capacity"),
    summary=N_("A helper school takes no more recipient schools than its capacity."),
    declare=declare,
)
