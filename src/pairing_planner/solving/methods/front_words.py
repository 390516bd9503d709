"""What a trade-off front says of itself, and where its points lie: the two terms of each point
as the model counts them, the balanced point, the ends, and whether more points may exist
(:mod:`pairing_planner.solving.methods.trade_off_front` walks the front; this words it)."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.objective import SCALE, term_said
from pairing_planner.result.plan import Plan
from pairing_planner.said import Said, Value, joined, said

FRONT = N_(
    "The trade-off between {a} and {b}: {n} plan(s), least {a} first; no plan is better "
    "on both than any of them (each proven where its status is OPTIMAL)."
)
FRONT_RELAXED = N_(
    "The trade-off between {a} and {b}: {n} plan(s), least {a} first; no plan that bends "
    "as little is better on both than any of them (each proven unless its status says not "
    "proven)."
)
"""What a front says of its points; of relaxed points, whose status never says OPTIMAL
(:func:`pairing_planner.report.bends.plan_status`), what their status says instead."""


def point_values(terms: tuple[str, str], plan: Plan) -> tuple[int, int]:
    """A plan's two terms as the model counts them (scaled integers)."""
    return (
        round(plan.term_costs.get(terms[0], 0.0) * SCALE),
        round(plan.term_costs.get(terms[1], 0.0) * SCALE),
    )


def balanced(points: list[tuple[int, int]]) -> int:
    """The index of the balanced point among ``points`` (two terms each, least first term
    first, the ends first and last): each term measured from its best end (0) to its worst
    (1), the point whose worse term is nearest its best, then whose two add up least."""
    (a_best, b_worst), (a_worst, b_best) = points[0], points[-1]

    def shares(point: tuple[int, int]) -> tuple[float, float]:
        share_a = (point[0] - a_best) / max(1, a_worst - a_best)
        share_b = (point[1] - b_best) / max(1, b_worst - b_best)
        return max(share_a, share_b), share_a + share_b

    return min(range(len(points)), key=lambda i: shares(points[i]))


def front_message(terms: tuple[str, str], asked: int, plans: list[Plan], complete: bool) -> Said:
    """What the front of ``plans`` (``asked`` points asked for; ``complete`` when a proof
    ended it) says of itself: its points, and, unless a proof ended it, that more may exist,
    with how many of its points are proven when the time cut it short."""
    found = len(plans)
    relaxed = any(plan.relaxations for plan in plans)
    text = joined(
        [
            said(FRONT_RELAXED if relaxed else FRONT, n=found, **_term_names(terms)),
            _landmarks(terms, plans, complete),
        ]
    )
    if complete:
        return text
    if found == asked:
        more = N_(
            "More points may exist: ask for more plans (--plans) or more time (--time-limit)."
        )
        return joined([text, said(more)])
    proven = sum(p.status == "OPTIMAL" for p in plans)
    cut = N_(
        "The time ran out before the front was complete: {proven} of its {n} point(s) "
        "are proven, and more points may exist; allow more time (--time-limit)."
    )
    return joined([text, said(cut, proven=proven, n=found)])


def _landmarks(terms: tuple[str, str], plans: list[Plan], complete: bool) -> Said | None:
    """Which points are the ends and which the balanced one, by plan number; a single point
    of a complete front is best on both terms."""
    names = _term_names(terms)
    found = len(plans)
    if found == 0:
        return None
    if found == 1:
        if complete:
            return said(N_("One plan is the least on both: there is no trade-off."))
        if plans[0].status != "OPTIMAL":
            unproven = N_("Plan 1 is the plan with the least {a} found so far, not proven the end.")
            return said(unproven, **names)
        return said(N_("Plan 1 is the end with the least {a}."), **names)
    ends = N_("Plan 1 is the end with the least {a}, plan {last} the end with the least {b}.")
    text = said(ends, last=found, **names)
    if found == 2:
        return text
    middle = balanced([point_values(terms, plan) for plan in plans]) + 1
    return joined(
        [
            text,
            said(
                N_(
                    "Plan {k} is the balanced one: of every point, its worse term is nearest "
                    "its best (each term counted from its best end to its worst)."
                ),
                k=middle,
            ),
        ]
    )


def _term_names(terms: tuple[str, str]) -> dict[str, Value]:
    """The two terms of the front, ``a`` and ``b`` of its sentences."""
    return {"a": term_said(terms[0]), "b": term_said(terms[1])}
