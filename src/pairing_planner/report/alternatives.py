"""Why a plan did not take a recipient's other possible helper (issue 30: the ledger showed
a "second best" 68.39 cheaper with no word on why)."""

from __future__ import annotations

from pairing_planner.i18n import _, listing
from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.plan import Alternative


def why_cheaper_not_taken(instance: Instance, alt: Alternative) -> str:
    """For a helper cheaper for this pair alone: the rule that keeps it from the recipient
    (the rule kinds' ``blocks`` declarations word it, with its clause), else the schools it
    already serves; empty when neither does alone."""
    if alt.blocked_by:
        return alt.blocked_by
    if alt.serves and alt.cost_change < 0:
        served = listing([instance.recipients[r].name for r in alt.serves])
        return _("it serves {schools}").format(schools=served)
    return ""


def why_not_taken(instance: Instance, alt: Alternative) -> str:
    """Why the plan kept its helper over ``alt``, for a ledger row: ``alt`` costs more, or
    a rule or its load keeps it away, or, when none does alone, the plan as a whole costs
    less without it."""
    if alt.cost_change >= 0:
        return _("it costs more")
    return why_cheaper_not_taken(instance, alt) or _(
        "the plan as a whole costs less with the helper it has"
    )
