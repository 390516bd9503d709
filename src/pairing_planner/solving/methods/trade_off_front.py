"""The trade-off between two cost terms: the plans no other plan beats on both.

The weights of the objective hide a trade-off a planner may want to see: nearer helpers or
stronger ones (distance against score_gap). A planner asking for it expects the whole front,
not its first steps from one end, so the walk finds both ends first (the least first term,
and among those plans the least second; the least second term, then the least first), then
points between them, widest gap first (each gap measured in both terms, each term from one
end to the other): in a gap between points P and Q, the exact epsilon-constraint method
asks for the least first term with the second in the lower half of the gap, then, when that
half holds no point, below P's. Up to ``plans`` points (:data:`FRONT_POINTS` unless asked);
the balanced one among them is the point whose worse term is nearest its best.

Every point is non-dominated when both of its solves are proven (status OPTIMAL); a point
whose solve was cut by time is FEASIBLE and may be dominated. Each point is two CP-SAT solves
of the whole model, and a half of a gap found empty one more, so the time grows with the
number of points (docs/alternatives.md). Only proofs that every gap between the points found
is empty end the front complete: a solve that finds no plan in the time left (or is stopped)
leaves it cut short, and the result says how many of its points are proven and that more may
exist.

When no plan keeps every rule (Heze as printed), the front is said why, as ``plan solve``
says it (the diagnosis), and walked among the plans that bend the rules as little as
possible (:func:`pairing_planner.solving.methods.least_penalty.least_penalty`): the least-relaxed
plans no other least-relaxed plan beats on both terms.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from itertools import pairwise

from pairing_planner import stop
from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import BuiltModel, build_model, term_cost
from pairing_planner.cpsat.context import Mode
from pairing_planner.diagnosis.checks import conflict_messages
from pairing_planner.diagnosis.conflict import minimal_conflict
from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.objective import SCALE, term_said
from pairing_planner.objective.term_names import front_terms
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.result.compare import against_first
from pairing_planner.result.plan import Diagnosis, Plan, Result, Status
from pairing_planner.result.solver_progress import PartHook
from pairing_planner.said import Said, joined, said
from pairing_planner.solving.methods.cpsat_call import solve_once
from pairing_planner.solving.methods.front_words import balanced, front_message, point_values
from pairing_planner.solving.methods.least_penalty import (
    NO_RELAXED_PLAN,
    bending_least,
    least_penalty,
)
from pairing_planner.solving.options import Params, SolveOptions
from pairing_planner.solving.result_notes import (
    STRICT_NONE,
    make_result,
    relaxed_note,
    with_proof_note,
)


@dataclass(frozen=True)
class _Walk:
    """What every point of one front shares: the instance and its candidate pairs, the two
    terms, the parameters, the front's one deadline and its start (``time.monotonic()``, for
    the seconds it reports), and in a relaxed walk the least total penalty its plans keep
    to."""

    instance: Instance
    pairs: list[PairKey]
    terms: tuple[str, str]
    params: Params
    deadline: Deadline
    start: float
    penalty: int | None = None
    on_point: PartHook | None = None
    """Told the points found so far and the points asked, as each is found (the
    workbench's progress: a front has no one plan whose cost improves)."""
    builds: list[float] = field(default_factory=list)
    """The seconds each point's model took to build, so far: no point is begun with less
    time left than the slowest took (each is a model of the whole instance)."""

    @property
    def solving(self) -> Params:
        """The parameters of each CP-SAT solve: one worker, as for a part
        (:class:`pairing_planner.solving.execution.part_tasks.PartTask`). A front's models are each
        a whole instance with a bound on one term, and one worker walked them several times faster
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
    on_point: PartHook | None = None,
    started: float | None = None,
) -> Result:
    """Up to ``options.plans`` points (:data:`FRONT_POINTS` when it is None) of the trade-off
    between ``terms`` (both weighted in the instance's objective): both ends, then points
    between, least first term first; the time limit, counted from ``started``
    (``time.monotonic()``; default now: a command passes its own start, as ``plan solve``
    does, so that a 3 s front does not take 4.4 s, issue 31) as one
    :class:`~pairing_planner.clock.Deadline`, is shared by the points.
    When no plan keeps every rule: the diagnosis, and the front of the least-relaxed plans
    (RELAXED), or none with ``strict``."""
    options = options or SolveOptions()
    params = options.resolved(instance)
    if options.plans is None:
        params = replace(params, plans=FRONT_POINTS)
    terms = front_terms(instance, terms)
    start = time.monotonic() if started is None else started
    deadline = Deadline.after(params.time_limit, start)
    pairs = candidate_pairs(instance) if pairs is None else pairs
    walk = _Walk(instance, pairs, terms, params, deadline, start, on_point=on_point)
    structural = conflict_messages(instance, pairs)
    if not structural:
        points = _walk(walk, "strict")
        if points.plans or not points.complete:
            return _result(walk, _status(points), points, None, None)
    diagnosis = minimal_conflict(
        instance, walk.pairs, walk.deadline.share(3), params.seed
    ).found_before(structural)
    if params.strict:
        message = said(STRICT_NONE)
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
    relaxed = build_model(walk.instance, walk.pairs, mode="relaxed")
    least = least_penalty(relaxed, walk.solving, walk.deadline)
    if least is None:
        return _result(walk, "UNKNOWN", _Points([], False), diagnosis, said(NO_RELAXED_PLAN))
    points = _walk(replace(walk, penalty=least.penalty), "relaxed")
    points = replace(points, plans=[bending_least(p, proven=least.proven) for p in points.plans])
    note = relaxed_note(least.penalty, proven=least.proven)
    status: Status = "RELAXED" if points.plans else "UNKNOWN"
    return _result(walk, status, points, diagnosis, note)


FRONT_POINTS = 5
"""Points of a front when ``--plans`` does not say: both ends and three between, the
balanced one among them; Heze as stated has 12 in all."""


def _walk(walk: _Walk, mode: Mode) -> _Points:
    """The points of the front: both ends, then a point in the widest gap left, until the
    points asked for are found, proofs say no gap holds another, or the time (or a stop)
    ends the walk. Least first term first."""
    a, b = walk.terms
    plans: list[Plan] = []
    for order in ((a, b), (b, a))[: walk.params.plans]:
        point, status = _point(walk, mode, order, {}, _share(walk, len(plans)), len(plans) + 1)
        if point is None:
            return _Points(plans, status == "INFEASIBLE" and not plans)
        if plans and point_values(walk.terms, point) == point_values(walk.terms, plans[0]):
            both = plans[0].under(said(N_("least of both terms: no trade-off")))
            return _Points([both], point.status == plans[0].status == "OPTIMAL")
        plans.append(point)
        _told(walk, plans)
    gaps = list(pairwise(plans))
    while gaps and len(plans) < walk.params.plans:
        gap = max(gaps, key=lambda g: _width(walk, g, plans))
        found, settled = _between(walk, mode, gap, len(plans) + 1)
        if not settled:
            return _Points(_ordered(walk, plans), False)
        gaps.remove(gap)
        if found is not None:
            plans.append(found)
            _told(walk, plans)
            gaps += [(gap[0], found), (found, gap[1])]
    return _Points(_ordered(walk, plans), len(plans) > 1 and not gaps)


def _told(walk: _Walk, plans: list[Plan]) -> None:
    """Tell ``walk.on_point`` the points found so far, of the points asked."""
    if walk.on_point is not None:
        walk.on_point(len(plans), walk.params.plans)


def _between(
    walk: _Walk, mode: Mode, gap: tuple[Plan, Plan], rank: int
) -> tuple[Plan | None, bool]:
    """A point strictly between ``gap``'s two (least first term first): the least first
    term with the second in the gap's lower half, else below the first point's; and whether
    the gap is settled (False: the time, or a stop, ended a search first). None and True:
    proofs say the gap holds no point."""
    a, b = walk.terms
    (a_low, b_high), (a_high, b_low) = (
        point_values(walk.terms, gap[0]),
        point_values(walk.terms, gap[1]),
    )
    if a_high - a_low <= 1 or b_high - b_low <= 1:
        return None, True
    for b_bound in ((b_low + b_high) // 2, b_high - 1):
        bounds = {a: a_high - 1, b: b_bound}
        point, status = _point(walk, mode, (a, b), bounds, _share(walk, rank - 1), rank)
        if point is not None or status != "INFEASIBLE":
            return point, point is not None
    return None, True


def _share(walk: _Walk, found: int) -> float:
    """The time a point's solves may take: all that is left (a proven point takes far less,
    and what it leaves goes to the next), but half of it for the first end when the other
    is wanted, so that a slow first end leaves time for the other. Shared evenly among the
    points wanted, 20 points left a relaxed Heze's first end 0.15 s, and no point at all."""
    both = found == 0 and walk.params.plans > 1
    return walk.deadline.remaining() / (2 if both else 1)


def _width(walk: _Walk, gap: tuple[Plan, Plan], plans: list[Plan]) -> float:
    """How wide a gap is: its extent in each term over the distance between the two ends
    (``plans[0]`` and ``plans[1]``), added."""
    (a_end, b_end), (a_other, b_other) = (
        point_values(walk.terms, plans[0]),
        point_values(walk.terms, plans[1]),
    )
    (a_low, b_high), (a_high, b_low) = (
        point_values(walk.terms, gap[0]),
        point_values(walk.terms, gap[1]),
    )
    return (a_high - a_low) / (a_other - a_end) + (b_high - b_low) / (b_end - b_other)


def _ordered(walk: _Walk, plans: list[Plan]) -> list[Plan]:
    """The points least first term first, numbered in that order and named: the two ends,
    the balanced point (:func:`balanced`), the others between; each after the first with its
    signed cost gap to point 1 and the schools and cities it changes (:func:`against_first`),
    as a plain solve's alternatives have them. Without it every point kept the gap 0 of a
    plan never compared, and the workbench's cards read "0.00 % above the best" for points
    6,884.67 to 7,138.51 (review 37, finding 5)."""
    plans = sorted(plans, key=lambda plan: point_values(walk.terms, plan))
    middle = (
        balanced([point_values(walk.terms, plan) for plan in plans]) if len(plans) > 2 else None
    )
    named: list[Plan] = []
    for rank, plan in enumerate(plans, 1):
        if rank in (1, len(plans)):
            term = walk.terms[0] if rank == 1 else walk.terms[1]
            role = said(N_("end: least {term}"), term=term_said(term))
        else:
            role = said(N_("balanced") if rank - 1 == middle else N_("between"))
        named.append(replace(plan, rank=rank).under(role))
    return [
        against_first(walk.instance, named[0], plan) if plan.rank > 1 else plan for plan in named
    ]


def _result(
    walk: _Walk, status: Status, points: _Points, diagnosis: Diagnosis | None, note: Said | None
) -> Result:
    """The front as a result: its points as plans, what is known of them in words (nothing,
    when there is no point and none can exist), and the terms they trade."""
    walked = points.plans or not points.complete
    message = joined(
        [
            note,
            front_message(walk.terms, walk.params.plans, points.plans, points.complete)
            if walked
            else None,
        ]
    )
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
    walk: _Walk,
    mode: Mode,
    order: tuple[str, str],
    bounds: dict[str, int],
    budget: float,
    rank: int,
) -> tuple[Plan | None, Status]:
    """The plan with the least ``order[0]`` term, each term at most its ``bounds``, and the
    least ``order[1]`` among those, in a model of ``mode`` (a relaxed one kept to the walk's
    least penalty); else None and the first solve's status (INFEASIBLE: proven that no plan
    lies within the bounds); None and UNKNOWN, built not, when less time is left than the
    slowest model so far took to build: a 10 s front of the 800-school city built its other
    end after the first had used the time, and ended 1.2 s past its limit (issue 31)."""
    if walk.builds and walk.deadline.remaining() < max(walk.builds):
        return None, "UNKNOWN"
    began = time.monotonic()
    built = build_model(walk.instance, walk.pairs, mode=mode)
    walk.builds.append(time.monotonic() - began)
    model = built.ctx.model
    if walk.penalty is not None:
        model.add(built.ctx.penalty() <= walk.penalty)
    for term, bound in bounds.items():
        model.add(term_cost(built, term) <= bound)
    first, second = term_cost(built, order[0]), term_cost(built, order[1])
    model.minimize(first)
    found, status = _first_stage(walk, built, budget / 2, rank)
    if found is None:
        return None, status
    model.add(first <= round(found.term_costs.get(order[0], 0.0) * SCALE))
    model.minimize(second)
    left = min(budget / 2, walk.deadline.remaining())
    return _second_stage(built, walk.solving, left, rank, found, status), status


def _first_stage(
    walk: _Walk, built: BuiltModel, budget: float, rank: int
) -> tuple[Plan | None, Status]:
    """The first stage's plan and status. A stage that ends without a plan, neither proven
    empty nor stopped, before the front's deadline is solved again with all the time left:
    its share was set for a point found in it, and with no plan the walk stops, so ending
    there said the time ran out while it had not. The 800-school sample's first end had a
    quarter of what start-up left (about 2.5 s) and ended the front at 5.1 s of a 10 s limit
    (issue 31). The second stage, and any point after, get what the retry leaves."""
    found, status, stopped = solve_once(built, walk.solving, budget, rank, None, by_cost=False)
    if found is not None or status == "INFEASIBLE" or stopped or walk.deadline.passed():
        return found, status
    found, status, _stopped = solve_once(
        built, walk.solving, walk.deadline.left(), rank, None, by_cost=False
    )
    return found, status


def _second_stage(
    built: BuiltModel, params: Params, budget: float, rank: int, first: Plan, status: Status
) -> Plan:
    """The first stage's plan improved on the second term, proven only when both were."""
    chosen = {(p.helper, p.recipient) for p in first.pairs}
    for pair, var in built.ctx.x.items():
        built.ctx.model.add_hint(var, pair in chosen)
    found, second, _stopped = solve_once(built, params, budget, rank, None, by_cost=False)
    proven = status == "OPTIMAL" and second == "OPTIMAL"
    return replace(found or first, status="OPTIMAL" if proven else "FEASIBLE")
