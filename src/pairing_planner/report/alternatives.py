"""Why a plan did not take a recipient's other possible helper (issue 30: the ledger showed
a "second best" 68.39 cheaper with no word on why)."""

from __future__ import annotations

from pairing_planner.i18n import _, listing
from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.plan import Pair, Plan
from pairing_planner.rules.capabilities import active_rules, blocking_reason


class Reasons:
    """The reasons of one plan, worded when printed (a result solved under one language and
    exported under another says them in the second): the rules that block a cheaper helper
    are asked again of the plan, as the solve asked them (the rule kinds' ``blocks``)."""

    def __init__(self, instance: Instance, plan: Plan) -> None:
        self.instance = instance
        self.rules = active_rules(instance)
        self.serving: dict[str, list[str]] = {}
        for pair in plan.pairs:
            self.serving.setdefault(pair.helper, []).append(pair.recipient)

    def why_cheaper_not_taken(self, pair: Pair) -> str:
        """For a helper cheaper for this pair alone: the rule that keeps it from the
        recipient, with its clause, else the schools it already serves; empty when neither
        does alone."""
        alt, instance = pair.alternative, self.instance
        if alt is None or alt.cost_change >= 0:
            return ""
        helper, recipient = instance.helpers[alt.helper], instance.recipients[pair.recipient]
        blocked = blocking_reason(instance, self.rules, helper, recipient, self.serving)
        if blocked is not None:
            return blocked.text()
        if alt.serves:
            served = listing([instance.recipients[r].name for r in alt.serves])
            return _("it serves {schools}").format(schools=served)
        return ""

    def why_not_taken(self, pair: Pair) -> str:
        """Why the plan kept its helper over the other, for a ledger row: it costs more, or a
        rule or its load keeps it away, or, when none does alone, the plan as a whole costs
        less without it."""
        alt = pair.alternative
        if alt is None:
            return ""
        if alt.cost_change >= 0:
            return _("it costs more")
        return self.why_cheaper_not_taken(pair) or _(
            "the plan as a whole costs less with the helper it has"
        )
