"""The candidate pairs: every (helper, recipient) the filter rules and the pair table allow.

Built sparsely, recipient by recipient, from the narrowest index the rules offer (stage, city,
county, pair table), never as a dense helpers × recipients grid. Plain Python: ``plan check``
uses it as well as the model.
"""

from __future__ import annotations

from pairing_planner.instance.instance import Instance, PairKey, helpers_by_recipient
from pairing_planner.instance.models import Recipient
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.capabilities import refusing_rule


def candidate_pairs(instance: Instance) -> list[PairKey]:
    """All allowed pairs, grouped by recipient in file order, helpers in file order. A helper
    of capacity 0 is not available this year and gets none."""
    order = {h: i for i, h in enumerate(instance.helpers) if instance.helpers[h].capacity > 0}
    by_table = _pair_table_index(instance)
    pairs: list[PairKey] = []
    for recipient in instance.data.recipients:
        pool = _narrowest(instance, recipient, by_table)
        for helper_id in sorted((h for h in pool if h in order), key=order.__getitem__):
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
