"""Forbid: pairs a planner rules out by hand (a conflict of interest, a broken relationship)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import ForbidRule
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules.base import Role, RuleKind, restrict_pairs
from pairing_planner.rules.school_arrays import Positions


def allows(rule: ForbidRule, instance: Instance, helper: Helper, recipient: Recipient) -> bool:
    """False for a listed pair."""
    return (helper.id, recipient.id) not in rule.pairs


def mask(
    rule: ForbidRule, instance: Instance, helpers: Positions, recipients: Positions
) -> NDArray[np.bool_]:
    """:func:`allows` over arrays: each pair as one number (helper × recipients + recipient),
    looked up among the listed pairs' numbers (a listed school the instance lacks forbids
    nothing)."""
    at, width = instance.position, len(instance.recipients)
    listed = [
        at[h] * width + at[r]
        for h, r in rule.pairs
        if h in instance.helpers and r in instance.recipients
    ]
    return ~np.isin(helpers.astype(np.int64) * width + recipients, listed)


def binds(rule: ForbidRule, instance: Instance, helper: Helper, recipient: Recipient) -> bool:
    """A plan's pair is never one the rule forbids, so the rule binds none of them."""
    return False


RULE = RuleKind(
    kind="forbid",
    role=Role.filter,
    penalty=None,
    binds=binds,
    restrict=restrict_pairs,
    clauses=("R2",),
    label=N_("forbidden pair"),
    summary=N_("The listed pairs are never made."),
    allows=allows,
    mask=mask,
)
