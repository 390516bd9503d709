"""Plans at a least difference D (``--min-diff``) over independent parts.

The K best distinct plans (D = 1) merge from each part's own
(:func:`pairing_planner.solving.decomposition.solve_parts.cheapest_choices`). A least difference D >
1 couples the parts, since it counts over the whole plan; yet only a few parts need to change. Plan
k+1 is found in one model of the *open* parts only — those an earlier plan changed, and the
untouched parts whose cheapest change (their second-best plan's extra cost) is smallest —
every other part kept at its best plan, which all earlier plans share.

Why that is exact: a plan that changes a closed part j costs at least plan 1's cost plus
part j's cheapest change; a plan that changes no closed part lies in the open model. So the
open model's plan is optimal when its extra cost over the open parts' best plans is no more
than the cheapest change of any closed part. Until then, twice as many parts are opened.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from pairing_planner import stop
from pairing_planner.clock import Deadline
from pairing_planner.instance.index.instance import Instance
from pairing_planner.prepare.parts import Part, part_of
from pairing_planner.result.plan import Plan, Status
from pairing_planner.solving.methods.one_model import solve_apart
from pairing_planner.solving.options import Params, SolveOptions


@dataclass(frozen=True)
class Apart:
    """The next plan at a least difference, as one plan per part (the opened parts' together
    first), and whether it is proven best; no plans, and ``proven``, when no such plan exists."""

    plans: tuple[Plan, ...]
    proven: bool


def next_apart(
    instance: Instance,
    parts: list[Part],
    lists: list[list[Plan]],
    earlier: list[Plan],
    params: Params,
    deadline: Deadline,
) -> Apart:
    """The best plan at least ``min_diff`` recipients away from each of ``earlier`` (plans of
    the whole). ``lists[j]``: part j's best plan, then its second best when it may change (a
    part in conflict keeps its relaxed plan: it has one entry and is never opened). No model
    is built once ``deadline`` has passed: it would find nothing in no time, and building the
    800-school city's took 3.5 s past a 40 s limit under load (issue 31); the plan found
    with fewer parts open is then handed back, unproven (a plan at the least difference,
    though a cheaper one may exist), rather than none. Nor once a stop is asked for: each
    search then ends at once, finding nothing, and the parts opened doubled until all were,
    a model built each time (the city stopped 6 s into 5 plans at --min-diff 10 ended 4 s
    later; the planner's re-check of issue 32)."""
    best = [plans[0] for plans in lists]
    change = [
        plans[1].objective - plans[0].objective if len(plans) > 1 else math.inf for plans in lists
    ]
    indexed = [plan.helpers_of() for plan in earlier]
    touched = [j for j, part in enumerate(parts) if _changed(part, best[j], indexed)]
    movable = [j for j in range(len(parts)) if j not in touched and change[j] < math.inf]
    kept = [best[j] for j in range(len(parts)) if j not in touched and change[j] == math.inf]
    untouched = sorted(movable, key=lambda j: (change[j], j))
    count = max(1, params.min_diff)
    had: tuple[Plan, ...] = ()
    while True:
        opened, closed = touched + untouched[:count], untouched[count:]
        if not opened:
            return Apart((), proven=True)
        if deadline.passed() or stop.requested():
            return Apart(had, proven=False)
        found, status = _solve_opened(
            instance, [parts[j] for j in opened], earlier, params, deadline
        )
        cheapest = min((change[j] for j in closed), default=math.inf)
        extra = math.inf
        if found is not None:
            extra = found.objective - sum(best[j].objective for j in opened)
        if extra <= cheapest + 1e-6 or not closed or deadline.passed():
            if found is None:
                return Apart((), proven=status == "INFEASIBLE" and not closed)
            proven = found.status == "OPTIMAL" and extra <= cheapest + 1e-6
            return Apart((found, *(best[j] for j in closed), *kept), proven)
        if found is not None:
            had = (found, *(best[j] for j in closed), *kept)
        count *= 2


def _changed(part: Part, best: Plan, earlier: list[dict[str, frozenset[str]]]) -> bool:
    """Whether some earlier plan (its helpers by recipient) pairs this part's recipients
    otherwise than its best plan."""
    own = best.helpers_of()
    return any(
        any(plan.get(r, frozenset()) != own.get(r, frozenset()) for r in part.instance.recipients)
        for plan in earlier
    )


def _solve_opened(
    instance: Instance,
    opened: list[Part],
    earlier: list[Plan],
    params: Params,
    deadline: Deadline,
) -> tuple[Plan | None, Status]:
    """The best plan of the opened parts together at least ``min_diff`` away from each
    earlier plan (the closed parts add nothing to that difference: every earlier plan keeps
    their best plans). One CP-SAT worker, as for parts (faster on small models:
    docs/performance.md)."""
    helpers = {h for part in opened for h in part.instance.helpers}
    recipients = {r for part in opened for r in part.instance.recipients}
    pairs = [p for part in opened for p in part.pairs]
    together = part_of(instance, pairs, helpers, recipients)
    options = SolveOptions(seed=params.seed, workers=1, min_diff=params.min_diff)
    found, status = solve_apart(together.instance, options, together.pairs, earlier, deadline)
    return (None if found is None else replace(found, rank=len(earlier) + 1)), status
