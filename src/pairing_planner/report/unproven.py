"""What a result says of plans it has not proven: their gap never shown as 0.0 % (a gap
rounded down to nothing reads as a proof there is not), and, in words, which plans a longer
search may still beat. Issue 29: three Heze alternatives at the default limit were printed
"gap 0.0%" while unproven, and the third cost 11.95 more than a longer run's."""

from __future__ import annotations

import math

from pairing_planner.i18n import _, listing
from pairing_planner.result.plan import Plan


def gap_text(gap: float) -> str:
    """The relative gap between a plan and its bound, rounded up to a tenth of a percent,
    and "< 0.1%" below that: what it shows is never smaller than the gap itself."""
    if gap < 0.001:
        return "< 0.1%"
    return f"{math.ceil(round(gap * 1000, 9)) / 10:.1f}%"


def unproven_line(plans: list[Plan]) -> str:
    """Which of ``plans`` are not proven the best under their own constraints (status other
    than OPTIMAL), in a sentence that says what may help; empty when every plan is proven."""
    ranks = [str(plan.rank) for plan in plans if plan.status != "OPTIMAL"]
    if not ranks:
        return ""
    if len(ranks) == 1:
        return _(
            "Plan {rank} is not proven the best of its kind; a longer --time-limit may find a "
            "better one."
        ).format(rank=ranks[0])
    return _(
        "Plans {ranks} are not proven the best of their kind; a longer --time-limit may find "
        "better ones."
    ).format(ranks=listing(ranks))
