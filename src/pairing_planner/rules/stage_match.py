"""Stage match: a helper serves only recipients of a stage it teaches (S6: junior highs help
junior highs; S7: senior highs help senior highs)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import StageMatchRule
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules.base import Role, RuleKind, every_pair
from pairing_planner.rules.school_arrays import Positions, stage_bits


def narrow(rule: StageMatchRule, instance: Instance, recipient: Recipient) -> frozenset[str]:
    """Helpers teaching any stage of the recipient: the index's own set for one stage (a
    copy of it per recipient made candidate pairs quadratic: half the helpers of China copied
    for each of 180,000 recipients)."""
    if len(recipient.stages) == 1:
        return instance.helpers_by_stage[recipient.stages[0]]
    return frozenset().union(*(instance.helpers_by_stage[s] for s in recipient.stages))


def allows(rule: StageMatchRule, instance: Instance, helper: Helper, recipient: Recipient) -> bool:
    """True when the two schools share a stage."""
    return not set(helper.stages).isdisjoint(recipient.stages)


def mask(
    rule: StageMatchRule, instance: Instance, helpers: Positions, recipients: Positions
) -> NDArray[np.bool_]:
    """:func:`allows` over arrays: the two schools' stage bits meet."""
    helper_bits, recipient_bits = stage_bits(instance)
    return np.asarray((helper_bits[helpers] & recipient_bits[recipients]) != 0)


RULE = RuleKind(
    kind="stage_match",
    role=Role.stage,
    penalty=None,
    binds=every_pair,
    clauses=("S6", "S7"),
    label=N_("stage match"),
    summary=N_("A helper school only helps schools of a stage it teaches itself."),
    narrow=narrow,
    narrows_exactly=True,
    allows=allows,
    mask=mask,
)
