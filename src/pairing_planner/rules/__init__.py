"""The rule kinds of the instance format, one module each; see :mod:`pairing_planner.rules.base`.

Adding a rule kind: a spec model in ``instance/models.py`` and one module here, listed below.
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
from pairing_planner.rules.base import RuleKind

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

__all__ = ["RULE_KINDS", "RuleKind"]
