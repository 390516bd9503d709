"""The rule kinds of the instance format, one module each; see :mod:`pairing_planner.rules.base`.

Adding a rule kind: a spec model in ``instance/schema/models.py``, one module here (listed below)
declaring its role, penalty and capabilities, and its check in the independent verifier. A
test holds every kind to that.
"""

from __future__ import annotations

from pairing_planner.rules import (
    capacity,
    city_quota,
    coverage,
    forbid,
    lock,
    poverty_one_to_one,
    scope,
    stage_match,
)
from pairing_planner.rules.base import PartScope, Role, RuleKind

RULE_KINDS: dict[str, RuleKind] = {
    module.RULE.kind: module.RULE
    for module in (
        coverage,
        stage_match,
        scope,
        capacity,
        poverty_one_to_one,
        city_quota,
        lock,
        forbid,
    )
}
"""Every rule kind by its ``kind:`` name."""

__all__ = ["RULE_KINDS", "PartScope", "Role", "RuleKind"]
