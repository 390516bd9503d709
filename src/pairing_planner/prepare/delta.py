"""An instance that differs from one already prepared only by rules appended to it (a lock or
a forbid a planner asks for on the workbench, :func:`pairing_planner.prepare.replan.replanned`),
and its candidate pairs worked out from that instance's rather than from every recipient's
rules again (issue 32: a province's re-solve after one lock is warm)."""

from __future__ import annotations

import numpy as np

from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import ForbidRule, LockRule, Rule
from pairing_planner.prepare.candidates import Candidates


def added_rules(before: Instance, after: Instance) -> list[Rule] | None:
    """The rules ``after`` has beyond ``before``'s, when it is ``before`` with rules appended
    and nothing else changed (the very same schools, places, costs and pair table: a re-plan
    copies the data and replaces only its rules); else None."""
    old, new = before.data, after.data
    if after.pair_costs is not before.pair_costs or len(new.rules) < len(old.rules):
        return None
    fields = (name for name in type(old).model_fields if name != "rules")
    if any(getattr(old, name) is not getattr(new, name) for name in fields):
        return None
    if any(a is not b for a, b in zip(old.rules, new.rules, strict=False)):
        return None
    return list(new.rules[len(old.rules) :])


def candidates_after(before: Instance, found: Candidates, after: Instance) -> Candidates | None:
    """The candidate pairs of ``after`` from ``found``, those of ``before``, when ``after`` is
    ``before`` with locks appended (a lock filters no pair: it pins one, a structure) and
    forbids (their pairs taken out, the others in their order); else None (prepare ``after``
    afresh: any other rule may narrow pairs, or change what ``plan check`` warns of). Equal to
    :func:`~pairing_planner.prepare.candidates.candidates` of ``after``: a filter only drops
    pairs, and the order is the recipients' and helpers'."""
    added = added_rules(before, after)
    if added is None or not all(isinstance(r, LockRule | ForbidRule) for r in added):
        return None
    at = after.position
    forbidden = {
        (at[h], at[r]) for rule in added if isinstance(rule, ForbidRule) for h, r in rule.pairs
    }
    if not forbidden:
        return found
    helpers, recipients = found.helpers, found.recipients
    out = np.zeros(len(found), dtype=bool)
    for helper, recipient in forbidden:
        out |= (helpers == helper) & (recipients == recipient)
    return found.subset(~out)
