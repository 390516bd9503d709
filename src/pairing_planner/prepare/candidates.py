"""The candidate pairs: every (helper, recipient) the filter rules and the pair table allow.

Built sparsely, recipient by recipient, from the narrowest index the rules offer (stage, city,
county, pair table), never as a dense helpers × recipients grid. Plain Python: ``plan check``
uses it as well as the model.
"""

from __future__ import annotations

from pairing_planner.instance.instance import Instance, PairKey, helpers_by_recipient
from pairing_planner.instance.models import Recipient, Rule
from pairing_planner.rules import RULE_KINDS


def candidate_pairs(instance: Instance) -> list[PairKey]:
    """All allowed pairs, grouped by recipient in file order, helpers in file order."""
    order = {h: i for i, h in enumerate(instance.helpers)}
    by_table = _pair_table_index(instance)
    pairs: list[PairKey] = []
    for recipient in instance.data.recipients:
        pool = _narrowest(instance, recipient, by_table)
        for helper_id in sorted(pool, key=order.__getitem__):
            if _allowed(instance, helper_id, recipient):
                pairs.append((helper_id, recipient.id))
    return pairs


def _pair_table_index(instance: Instance) -> dict[str, frozenset[str]] | None:
    if instance.pair_costs is None:
        return None
    return {r: frozenset(hs) for r, hs in helpers_by_recipient(instance.pair_costs).items()}


def _narrowest(
    instance: Instance, recipient: Recipient, by_table: dict[str, frozenset[str]] | None
) -> frozenset[str]:
    """The intersection of every index that narrows; all helpers only when none does (the
    full set is never built per recipient otherwise)."""
    pools = [] if by_table is None else [by_table.get(recipient.id, frozenset())]
    for rule in instance.data.rules:
        narrow = RULE_KINDS[rule.kind].narrow
        found = narrow(rule, instance, recipient) if narrow else None
        if found is not None:
            pools.append(found)
    if not pools:
        return frozenset(instance.helpers)
    pools.sort(key=len)
    return pools[0].intersection(*pools[1:])


def _allowed(instance: Instance, helper_id: str, recipient: Recipient) -> bool:
    return refusing_rule(instance, helper_id, recipient) is None


def refusing_rule(instance: Instance, helper_id: str, recipient: Recipient) -> Rule | None:
    """The first filter rule that does not allow the pair, or None (the pair table aside)."""
    helper = instance.helpers[helper_id]
    for rule in instance.data.rules:
        allows = RULE_KINDS[rule.kind].allows
        if allows is not None and not allows(rule, instance, helper, recipient):
            return rule
    return None
