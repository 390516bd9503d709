"""The candidate pairs: every (helper, recipient) the filter rules and the pair table allow.

Built sparsely, never as a dense helpers × recipients grid: as arrays, from the narrowest join
the rules offer (the distance index, a city or county) kept where every filter rule's mask
allows; else recipient by recipient from the narrowest index (stage, city, county, pair
table). Plain Python: ``plan check`` uses it as well as the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from pairing_planner.instance.index.instance import Instance, PairKey, helpers_by_recipient
from pairing_planner.instance.schema.rule_models import Rule
from pairing_planner.instance.schema.school_models import Recipient
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.capabilities import refusing_rule


@dataclass(frozen=True)
class Candidates:
    """Pairs as two arrays of positions (:attr:`Instance.position
    <pairing_planner.instance.index.instance.Instance.position>`): the helper's in the file's
    helpers, the recipient's in its recipients. The min-cost-flow path reads only these
    (issue 31: a Python tuple per pair, and a dict entry per pair and index, made parts
    without side constraints 14–26 times the bare flow); :attr:`pairs` spells them out, once,
    for the methods that read pairs by id."""

    helper_ids: tuple[str, ...]
    """The instance's helper ids, by position."""
    recipient_ids: tuple[str, ...]
    helpers: NDArray[np.intp]
    recipients: NDArray[np.intp]

    @classmethod
    def of(cls, instance: Instance, pairs: Sequence[PairKey]) -> Candidates:
        """``pairs`` (ids) as positions; :attr:`pairs` is then ``pairs`` itself."""
        at = instance.position
        found = cls(
            tuple(instance.helpers),
            tuple(instance.recipients),
            np.fromiter((at[h] for h, _r in pairs), np.intp, len(pairs)),
            np.fromiter((at[r] for _h, r in pairs), np.intp, len(pairs)),
        )
        vars(found)["pairs"] = list(pairs)  # the cached spelling: the very list given
        return found

    def __len__(self) -> int:
        return len(self.helpers)

    @cached_property
    def pairs(self) -> list[PairKey]:
        """The pairs by id, in order."""
        helpers, recipients = self.helper_ids, self.recipient_ids
        return [
            (helpers[h], recipients[r])
            for h, r in zip(self.helpers.tolist(), self.recipients.tolist(), strict=True)
        ]

    def paired_helpers(self) -> set[str]:
        """The ids of the helpers some pair names."""
        return {self.helper_ids[h] for h in np.unique(self.helpers).tolist()}

    def subset(self, chosen: NDArray[np.intp] | NDArray[np.bool_]) -> Candidates:
        """The pairs at ``chosen`` (indices or a mask), positions unchanged."""
        return Candidates(
            self.helper_ids, self.recipient_ids, self.helpers[chosen], self.recipients[chosen]
        )


def candidate_pairs(instance: Instance) -> list[PairKey]:
    """All allowed pairs by id (:func:`candidates`)."""
    return candidates(instance).pairs


def candidates(instance: Instance) -> Candidates:
    """All allowed pairs, grouped by recipient in file order, helpers in file order. A helper
    of capacity 0 is not available this year and gets none. As arrays when every filter rule
    declares its pairs as a mask and one offers a join (:func:`_by_arrays`), else recipient by
    recipient from the rules' indexes (a pair table, a kind without a mask)."""
    filters = [rule for rule in instance.data.rules if RULE_KINDS[rule.kind].allows is not None]
    if instance.pair_costs is None and all(RULE_KINDS[r.kind].mask for r in filters):
        joins = [
            found
            for rule in instance.data.rules
            if (join := RULE_KINDS[rule.kind].join) is not None
            and (found := join(rule, instance)) is not None
        ]
        if joins:
            return _by_arrays(instance, min(joins, key=lambda pairs: len(pairs[0])), filters)
    return _by_recipient(instance)


def _by_arrays(
    instance: Instance, joined: tuple[NDArray[np.intp], NDArray[np.intp]], filters: list[Rule]
) -> Candidates:
    """The smallest join's pairs of available helpers kept where every filter rule's mask
    allows them, each mask asked only of the pairs the ones before it kept, in the join's own
    order (issue 31: no Python step per recipient or pair)."""
    available = np.array([h.capacity > 0 for h in instance.data.helpers], dtype=bool)
    helpers, recipients = joined
    keep = available[helpers] if len(available) else np.zeros(0, dtype=bool)
    helpers, recipients = helpers[keep], recipients[keep]
    for rule in filters:
        mask = RULE_KINDS[rule.kind].mask
        assert mask is not None
        keep = mask(rule, instance, helpers, recipients)
        helpers, recipients = helpers[keep], recipients[keep]
    return Candidates(tuple(instance.helpers), tuple(instance.recipients), helpers, recipients)


def _by_recipient(instance: Instance) -> Candidates:
    """Recipient by recipient, the rules' indexes give the helpers' ids; only their positions
    are kept."""
    order = {h: i for i, h in enumerate(instance.helpers) if instance.helpers[h].capacity > 0}
    by_table = _pair_table_index(instance)
    helpers: list[int] = []
    counts: list[int] = []
    for recipient in instance.data.recipients:
        pool, checks = _narrowest(instance, recipient, by_table)
        allowed = sorted(
            order[h]
            for h in pool
            if h in order and (not checks or refusing_rule(instance, h, recipient, checks) is None)
        )
        helpers.extend(allowed)
        counts.append(len(allowed))
    return Candidates(
        tuple(instance.helpers),
        tuple(instance.recipients),
        np.array(helpers, dtype=np.intp),
        np.repeat(np.arange(len(counts), dtype=np.intp), counts),
    )


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
