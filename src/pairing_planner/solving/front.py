"""The trade-off between two cost terms: the plans no other plan beats on both.

The weights of the objective hide a trade-off a planner may want to see: nearer helpers or
stronger ones (distance against score_gap). The exact epsilon-constraint method walks the
front from one end: the plan with the least first term (and, among those, the least second);
then, with the second term bounded strictly below the last point's, again; until no plan is
left or the points asked for are found. Every point is non-dominated when both of its solves
are proven (status OPTIMAL); a point whose solve was cut by time is FEASIBLE and may be
dominated. Each point is two CP-SAT solves of the whole model, so the time grows with the
number of points (docs/alternatives.md).

Only a proof that no further plan exists ends the front complete: a point whose first solve
finds no plan in the time left (or is stopped) leaves it cut short, and the result says how
many of its points are proven and that more may exist.

When no plan keeps every rule (Heze as printed), the front is said why, as ``plan solve``
says it (the diagnosis), and walked among the plans that bend the rules as little as
possible (:func:`pairing_planner.solving.relaxed.least_penalty`): the least-relaxed plans no
other least-relaxed plan beats on both terms.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from pairing_planner import stop
from pairing_planner.cpsat.build import BuiltModel, build_model, term_cost
from pairing_planner.cpsat.context import Mode
from pairing_planner.diagnosis.checks import conflict_messages
from pairing_planner.diagnosis.conflict import minimal_conflict
from pairing_planner.i18n import N_, _
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.objective import SCALE, term_label
from pairing_planner.objective.term_names import front_terms
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.result.plan import Diagnosis, Plan, Result, Status
from pairing_planner.solving.once import solve_once
from pairing_planner.solving.options import Params, SolveOptions
from pairing_planner.solving.relaxed import NO_RELAXED_PLAN, bending_least, least_penalty
from pairing_planner.solving.result import make_result, relaxed_note, with_proof_note


@dataclass(frozen=True)
class _Walk:
    """What every point of one front shares: the instance and its candidate pairs, the two
    terms, the parameters, the start (``time.monotonic()``), and in a relaxed walk the
    least total penalty its plans keep to."""

    instance: Instance
    pairs: list[PairKey]
    terms: tuple[str, str]
    params: Params
    start: float
    penalty: int | None = None

    def left(self) -> float:
        return self.params.time_limit - (time.monotonic() - self.start)

    @property
    def solving(self) -> Params:
        """The parameters of each CP-SAT solve: one worker, as for a part
        (:class:`pairing_planner.solving.tasks.PartTask`). A front's models are each a whole
        instance with a bound on one term, and one worker walked them several times faster
        than two interleaved: Heze as stated, the whole front (12 points) in 1.2 s of solving
        (2.9 s end to end) against 6 points in 10 s; a generated county (300 schools), 10
        points in 3.2 s against 9 in 60 s; 300 recipients, 5 points in 23 s against 69 s
        (docs/alternatives.md)."""
        return replace(self.params, workers=1)


@dataclass(frozen=True)
class _Points:
    """The points a walk found, best first term first, and whether a proof that no further
    plan exists ended it."""

    plans: list[Plan]
    complete: bool


def solve_front(
    instance: Instance,
    terms: tuple[str, str],
    options: SolveOptions | None = None,
    pairs: list[PairKey] | None = None,
) -> Result:
    """Up to ``options.plans`` points of the trade-off between ``terms`` (both weighted in the
    instance's objective), least first term first; the time limit is shared by the points.
    When no plan keeps every rule: the diagnosis, and the front of the least-relaxed plans
    (RELAXED), or none with ``strict``."""
    params = (options or SolveOptions()).resolved(instance)
    terms = front_terms(instance, terms)
    start = time.monotonic()
    pairs = candidate_pairs(instance) if pairs is None else pairs
    walk = _Walk(instance, pairs, terms, params, start)
    structural = conflict_messages(instance, pairs)
    if not structural:
        points = _walk(walk, "strict")
        if points.plans or not points.complete:
            return _result(walk, _status(points), points, None, "")
    diagnosis = replace(
        minimal_conflict(instance, walk.pairs, max(0.05, walk.left()) / 3, params.seed),
        structural=structural,
    )
    if params.strict:
        message = _("No plan satisfies all the rules (--strict: no relaxed plans).")
        return _result(walk, "INFEASIBLE", _Points([], True), diagnosis, message)
    return _relaxed_front(walk, diagnosis)


def _status(points: _Points) -> Status:
    """A front's status: OPTIMAL when every point is proven, UNKNOWN when the time gave no
    point at all."""
    if not points.plans:
        return "UNKNOWN"
    return "OPTIMAL" if all(p.status == "OPTIMAL" for p in points.plans) else "FEASIBLE"


def _relaxed_front(walk: _Walk, diagnosis: Diagnosis) -> Result:
    """The front of the plans that bend the rules as little as possible: the least total
    penalty first (a third of the time left), then the walk with every point kept to it."""
    params = replace(walk.solving, time_limit=max(0.05, walk.left()))
    least = least_penalty(build_model(walk.instance, walk.pairs, mode="relaxed"), params)
    if least is None:
        return _result(walk, "UNKNOWN", _Points([], False), diagnosis, _(NO_RELAXED_PLAN))
    points = _walk(replace(walk, penalty=least.penalty), "relaxed")
    points = replace(points, plans=[bending_least(p, proven=least.proven) for p in points.plans])
    note = relaxed_note(least.penalty, proven=least.proven)
    status: Status = "RELAXED" if points.plans else "UNKNOWN"
    return _result(walk, status, points, diagnosis, note)


def _walk(walk: _Walk, mode: Mode) -> _Points:
    """The points of the front, one after another, each with the second term below the last
    point's, until the points asked for are found, a proof says no further plan exists, or
    the time (or a stop) ends the walk."""
    plans: list[Plan] = []
    bound: int | None = None
    while len(plans) < walk.params.plans:
        left = walk.left()
        if left <= 0 or stop.requested():
            return _Points(plans, False)
        point, status = _point(walk, mode, bound, left, len(plans) + 1)
        if point is None:
            return _Points(plans, status == "INFEASIBLE")
        plans.append(point)
        bound = round(point.term_costs.get(walk.terms[1], 0.0) * SCALE) - 1
    return _Points(plans, False)


def _result(
    walk: _Walk, status: Status, points: _Points, diagnosis: Diagnosis | None, note: str
) -> Result:
    """The front as a result: its points as plans, what is known of them in words (nothing,
    when there is no point and none can exist), and the terms they trade."""
    walked = points.plans or not points.complete
    message = " ".join([note, _front_message(walk, points) if walked else ""]).strip()
    seconds = time.monotonic() - walk.start
    result = make_result(
        walk.instance,
        walk.params,
        status,
        points.plans,
        seconds=seconds,
        interrupted=stop.requested(),
        message=message,
        diagnosis=diagnosis,
    )
    return with_proof_note(replace(result, front=list(walk.terms)))


def _point(
    walk: _Walk, mode: Mode, bound: int | None, budget: float, rank: int
) -> tuple[Plan | None, Status]:
    """The plan with the least first term, the second at most ``bound``, and the least second
    term among those, in a model of ``mode`` (a relaxed one kept to the walk's least
    penalty); else None and the first solve's status (INFEASIBLE: the front is complete)."""
    built = build_model(walk.instance, walk.pairs, mode=mode)
    model = built.ctx.model
    if walk.penalty is not None:
        model.add(built.ctx.penalty() <= walk.penalty)
    first, second = term_cost(built, walk.terms[0]), term_cost(built, walk.terms[1])
    if bound is not None:
        model.add(second <= bound)
    model.minimize(first)
    found, status, _stopped = solve_once(built, walk.solving, budget / 2, rank, None, by_cost=False)
    if found is None:
        return None, status
    model.add(first <= round(found.term_costs.get(walk.terms[0], 0.0) * SCALE))
    model.minimize(second)
    return _second_stage(built, walk.solving, budget / 2, rank, found, status), status


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


def _front_message(walk: _Walk, points: _Points) -> str:
    """What the front says of itself: its points, and, unless a proof ended it, that more may
    exist, with how many of its points are proven when the time cut it short."""
    names = {"a": term_label(walk.terms[0]), "b": term_label(walk.terms[1])}
    found = len(points.plans)
    relaxed = any(plan.relaxations for plan in points.plans)
    text = _(FRONT_RELAXED if relaxed else FRONT).format(n=found, **names)
    if points.complete:
        return text
    if found == walk.params.plans:
        return text + " " + _("More points may exist: ask for more plans or more time.")
    proven = sum(p.status == "OPTIMAL" for p in points.plans)
    return (
        text
        + " "
        + _(
            "The time ran out before the front was complete: {proven} of its {n} point(s) "
            "are proven, and more points may exist; allow more time (--time-limit)."
        ).format(proven=proven, n=found)
    )
