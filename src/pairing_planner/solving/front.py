"""The trade-off between two cost terms: the plans no other plan beats on both.

The weights of the objective hide a trade-off a planner may want to see: nearer helpers or
stronger ones (distance against score_gap). The exact epsilon-constraint method walks the
front from one end: the plan with the least first term (and, among those, the least second);
then, with the second term bounded strictly below the last point's, again; until no plan is
left or the points asked for are found. Every point is non-dominated when both of its solves
are proven (status OPTIMAL); a point whose solve was cut by time is FEASIBLE and may be
dominated. Each point is two CP-SAT solves of the whole model, so the time grows with the
number of points (docs/alternatives.md).
"""

from __future__ import annotations

import time
from dataclasses import replace

from pairing_planner import stop
from pairing_planner.cpsat.build import BuiltModel, build_model, term_cost
from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Term
from pairing_planner.objective import SCALE, term_label
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.result.plan import Plan, Result, Status
from pairing_planner.solving.once import solve_once
from pairing_planner.solving.options import Params, SolveOptions
from pairing_planner.solving.result import make_result


def solve_front(
    instance: Instance,
    terms: tuple[str, str],
    options: SolveOptions | None = None,
    pairs: list[PairKey] | None = None,
) -> Result:
    """Up to ``options.plans`` points of the trade-off between ``terms`` (both weighted in the
    instance's objective), least first term first; the time limit is shared by the points."""
    params = (options or SolveOptions()).resolved(instance)
    _check_terms(instance, terms)
    start = time.monotonic()
    pairs = candidate_pairs(instance) if pairs is None else pairs
    plans: list[Plan] = []
    bound: int | None = None
    complete = False
    while len(plans) < params.plans:
        left = params.time_limit - (time.monotonic() - start)
        if left <= 0 or stop.requested():
            break
        point = _point(instance, pairs, terms, bound, params, left, len(plans) + 1)
        if point is None:
            complete = True
            break
        plans.append(point)
        bound = round(point.term_costs.get(terms[1], 0.0) * SCALE) - 1
    status: Status = "INFEASIBLE"
    if plans:
        status = "OPTIMAL" if all(p.status == "OPTIMAL" for p in plans) else "FEASIBLE"
    message = _front_message(terms, len(plans), complete)
    result = make_result(
        instance, params, status, plans, seconds=time.monotonic() - start, message=message
    )
    return replace(result, front=list(terms))


def _check_terms(instance: Instance, terms: tuple[str, str]) -> None:
    weights = instance.data.objective.weights
    bad = [t for t in terms if t not in Term.__members__ or weights.get(Term(t), 0.0) <= 0]
    if bad or terms[0] == terms[1]:
        weighted = ", ".join(t.value for t, w in weights.items() if w > 0)
        message = _(
            "a trade-off needs two different cost terms the instance weighs ({weighted})"
        ).format(weighted=weighted)
        raise InputError([Problem(message, instance.path, None, "objective.weights")])


def _point(
    instance: Instance,
    pairs: list[PairKey],
    terms: tuple[str, str],
    bound: int | None,
    params: Params,
    budget: float,
    rank: int,
) -> Plan | None:
    """The plan with the least first term, the second at most ``bound``, and the least second
    term among those; None when there is none (the front is complete)."""
    built = build_model(instance, pairs)
    first, second = term_cost(built, terms[0]), term_cost(built, terms[1])
    model = built.ctx.model
    if bound is not None:
        model.add(second <= bound)
    model.minimize(first)
    found, status, _stopped = solve_once(built, params, budget / 2, rank, None, by_cost=False)
    if found is None:
        return None
    model.add(first <= round(found.term_costs.get(terms[0], 0.0) * SCALE))
    model.minimize(second)
    return _second_stage(built, params, budget / 2, rank, found, status)


def _second_stage(
    built: BuiltModel, params: Params, budget: float, rank: int, first: Plan, status: Status
) -> Plan:
    """The first stage's plan improved on the second term, proven only when both were."""
    chosen = {(p.helper, p.recipient) for p in first.pairs}
    for pair, var in built.ctx.x.items():
        built.ctx.model.add_hint(var, pair in chosen)
    found, second, _stopped = solve_once(built, params, budget, rank, None, by_cost=False)
    proven = status == "OPTIMAL" and second == "OPTIMAL"
    return replace(
        found or first,
        status="OPTIMAL" if proven else "FEASIBLE",
        constraints=_("trade-off point {k}").format(k=rank),
    )


def _front_message(terms: tuple[str, str], found: int, complete: bool) -> str:
    names = {"a": term_label(terms[0]), "b": term_label(terms[1])}
    text = _(
        "The trade-off between {a} and {b}: {n} plan(s), least {a} first; no plan is better "
        "on both than any of them (each proven where its status is OPTIMAL)."
    ).format(n=found, **names)
    if not complete:
        text += " " + _("More points may exist: ask for more plans or more time.")
    return text
