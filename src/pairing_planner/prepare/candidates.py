"""The candidate pairs: every (helper, recipient) the filter rules and the pair table allow.

Built sparsely, recipient by recipient, from the narrowest index the rules offer (stage, city,
county, pair table), never as a dense helpers × recipients grid. Plain Python: ``plan check``
uses it as well as the model.
"""

from __future__ import annotations

from pairing_planner.instance.instance import Instance, PairKey, helpers_by_recipient
from pairing_planner.instance.models import Recipient, Rule
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.capabilities import refusing_rule


def candidate_pairs(instance: Instance) -> list[PairKey]:
    """All allowed pairs, grouped by recipient in file order, helpers in file order. A helper
    of capacity 0 is not available this year and gets none."""
    order = {h: i for i, h in enumerate(instance.helpers) if instance.helpers[h].capacity > 0}
    by_table = _pair_table_index(instance)
    pairs: list[PairKey] = []
    for recipient in instance.data.recipients:
        pool, checks = _narrowest(instance, recipient, by_table)
        allowed = sorted((h for h in pool if h in order), key=order.__getitem__)
        if checks:
            allowed = [h for h in allowed if refusing_rule(instance, h, recipient, checks) is None]
        pairs.extend((h, recipient.id) for h in allowed)
    return pairs


def _pair_table_index(instance: Instance) -> dict[str, frozenset[str]] | None:
    if instance.pair_costs is None:
        return None
    return {r: frozenset(hs) for r, hs in helpers_by_recipient(instance.pair_costs).items()}


def _narrowest(
    instance: Instance, recipient: Recipient, by_table: dict[str, frozenset[str]] | None
) -> tuple[frozenset[str], list[Rule]]:
    """The intersection of every index that narrows (all helpers only when none does: the
    full set is never built per recipient otherwise), and the rules whose ``allows`` must
    still be asked: those with an ``allows`` that did not narrow exactly."""
    pools = [] if by_table is None else [by_table.get(recipient.id, frozenset())]
    checks: list[Rule] = []
    for rule in instance.data.rules:
        kind = RULE_KINDS[rule.kind]
        found = kind.narrow(rule, instance, recipient) if kind.narrow else None
        if found is not None:
            pools.append(found)
        if kind.allows is not None and (found is None or not kind.narrows_exactly):
            checks.append(rule)
    if not pools:
        return frozenset(instance.helpers), checks
    pools.sort(key=len)
    return pools[0].intersection(*pools[1:]), checks
