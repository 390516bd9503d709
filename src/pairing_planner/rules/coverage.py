"""Coverage: every recipient gets exactly one, or at least one, helper (S1, S5; T2 asks for
a 100 % pairing rate of poverty-village schools)."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import CoverageRule
from pairing_planner.rules.base import Role, RuleKind, every_pair
from pairing_planner.rules.structures import Cover, Structure


def declare(rule: CoverageRule, index: int, instance: Instance) -> list[Structure]:
    """Every recipient, one row each: the sum of its pairs is 1 (or ≥ 1)."""
    exact = rule.mode == "exactly_one"
    words = (
        N_("{school} gets exactly one helper") if exact else N_("{school} gets at least one helper")
    )
    return [Cover(index, tuple(instance.recipients), exact, words)]


RULE = RuleKind(
    kind="coverage",
    role=Role.cover,
    penalty=60,
    binds=every_pair,
    bent=N_("{label}, but has {actual}"),
    mark=N_("{clause}: school has {n} helpers"),
    clauses=("S1", "S5", "T2"),
    label=N_("coverage"),
    summary=N_("Every recipient school gets exactly one (or at least one) helper school."),
    declare=declare,
)
