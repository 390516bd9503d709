"""The calendar's CP-SAT model for one group of activities: a Boolean per activity and start
week it may take, exactly one each.

Constraints (docs/calendar.md): no week of an activity blocked at either school; at most
``per_week`` events a week at a school, and its travelling team on one trip a week; a school
hosts one secondment at a time; at most ``per_four_weeks`` events in any four teaching weeks;
every term holds one of each pair's activities; a project's review ``gap_weeks`` after its
start. Objective: travel saved by joint journeys (negative), evenness (an event beyond one in
any four weeks), disruption (weeks a school is busy at all). One Boolean per start week keeps
the weekly sums linear and the relaxation tight; a year has about 35 teaching weeks.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from pairing_planner import stop
from pairing_planner.cpsat.solver import new_solver
from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.result.calendar import Activity, CalendarStatus

WINDOW = 4
"""Teaching weeks in the evenness window (about a month)."""


@dataclass(frozen=True)
class Together:
    """Two visits that go as one journey when placed in the same week, saving ``saving``
    km × people (HZ: one helper city's teams visiting nearby recipients)."""

    first: int
    second: int
    saving: int


@dataclass(frozen=True)
class Scheduled:
    """What the model gave for one group: each activity's start week (None without a
    calendar), status, and the bound on the objective (None when re-planning: moves weigh
    in then)."""

    starts: list[int] | None
    status: CalendarStatus
    bound: float | None
    build_seconds: float = 0.0
    floored: bool = False
    """The group kept its greedy calendar: no time was left to search."""
    clocked: bool = False
    """The clock, not the group's work limit, ended its search (or left it none): another
    run, under another load, may place it otherwise."""


def schedule(
    activities: Sequence[Activity],
    starts: Sequence[Sequence[int]],
    together: Sequence[Together],
    term_of: Sequence[int],
    calendar: SchoolCalendar,
    seconds: float,
    workers: int,
    hint: Sequence[int | None] = (),
    floor: Sequence[int] | None = None,
    *,
    work: float,
) -> Scheduled:
    """Place ``activities``, each at one of its allowed ``starts`` (weeks with no block at
    either school for the whole activity), within ``work`` units of CP-SAT's deterministic
    time (the same search under any load) and at most ``seconds`` on ``workers`` CP-SAT workers
    (one finds no first calendar for a few hundred activities in seconds: without its
    neighbourhood search it gets lost; two, on two cores, find one at once); ``hint`` the
    weeks of an earlier calendar to keep where the rules allow (re-planning): moving one costs
    more than any other term. ``floor`` (:func:`~pairing_planner.schedule.greedy.first_fit`)
    is where the search starts, and the calendar when the time is too short for a better
    one."""
    began = time.perf_counter()
    model = cp_model.CpModel()
    x = [{w: model.new_bool_var("") for w in ws} for ws in starts]
    for choices in x:
        model.add_exactly_one(choices.values())
    covers = _covers(activities, x)
    terms = _limits(model, activities, x, covers, calendar)
    _spread(model, activities, x, term_of)
    _order(model, activities, x)
    weights = calendar.weights
    keep = 1 + sum(abs(c) for c in _bounds(activities, together, calendar))
    kept = [x[i][w] for i, w in enumerate(hint) if w is not None and w in x[i]]
    shared = [(both, t.saving) for t in together for both in _joint(model, x, t)]
    variables = [*terms["evenness"], *terms["disruption"], *(b for b, _s in shared), *kept]
    coefficients = [
        *[weights.evenness] * len(terms["evenness"]),
        *[weights.disruption] * len(terms["disruption"]),
        *(-weights.travel * saving for _b, saving in shared),
        *[-keep] * len(kept),
    ]
    model.minimize(cp_model.LinearExpr.weighted_sum(variables, coefficients) + keep * len(kept))
    if floor is not None:
        for choices, week in zip(x, floor, strict=True):
            model.add_hint(choices[week], True)
    built = time.perf_counter() - began
    solver = new_solver(
        max(0.05, seconds), workers=workers, effort=work, linearization=_linearization(activities)
    )
    with stop.on_stop(solver.stop_search):
        status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return Scheduled(None, "INFEASIBLE", None, built)
    clocked = status != cp_model.OPTIMAL and solver.deterministic_time < work
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found: CalendarStatus = "UNKNOWN" if floor is None else "FEASIBLE"
        return Scheduled(None if floor is None else list(floor), found, None, built, False, clocked)
    chosen = [next(w for w, var in choices.items() if solver.value(var)) for choices in x]
    proven: CalendarStatus = "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"
    bound = None if kept else solver.best_objective_bound
    return Scheduled(chosen, proven, bound, built, False, clocked)


def _linearization(activities: Sequence[Activity]) -> int:
    """CP-SAT's linearization level for a group: 2 (every constraint's cuts in the LP) for
    Heze's duties (H1, H2), which it proves least in a fraction of a second and level 1 does
    not prove at all; 1 for urban-rural ones (M1–M3), which neither proves in seconds and
    level 1 searches far better: a generated county's 300 activities at 10,760 against 15,270
    at the same work (docs/calendar.md)."""
    return 2 if any(a.clause.startswith("H") for a in activities) else 1


def _covers(
    activities: Sequence[Activity], x: list[dict[int, cp_model.IntVar]]
) -> list[dict[int, list[cp_model.IntVar]]]:
    """For each activity, the start variables that make it run in each week."""
    found: list[dict[int, list[cp_model.IntVar]]] = []
    for activity, choices in zip(activities, x, strict=True):
        running: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for w, var in choices.items():
            for v in range(w, w + activity.weeks):
                running[v].append(var)
        found.append(running)
    return found


def _limits(
    model: cp_model.CpModel,
    activities: Sequence[Activity],
    x: list[dict[int, cp_model.IntVar]],
    covers: list[dict[int, list[cp_model.IntVar]]],
    calendar: SchoolCalendar,
) -> dict[str, list[cp_model.IntVar]]:
    """Each school's weekly limits and its evenness and disruption variables."""
    events: dict[str, dict[int, list[cp_model.IntVar]]] = defaultdict(lambda: defaultdict(list))
    trips: dict[str, dict[int, list[cp_model.IntVar]]] = defaultdict(lambda: defaultdict(list))
    hosted: dict[str, dict[int, list[cp_model.IntVar]]] = defaultdict(lambda: defaultdict(list))
    running_at: dict[str, dict[int, list[list[cp_model.IntVar]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for activity, choices, running in zip(activities, x, covers, strict=True):
        # A tuple, not a set: a set of names iterates in an order that changes from process
        # to process (hash randomisation), and so did the model and the calendar among ties.
        for school in (activity.host, activity.traveller):
            for v, vars_ in running.items():
                running_at[school][v].append(vars_)
        if activity.kind == "secondment":
            for v, vars_ in running.items():
                hosted[activity.host][v].extend(vars_)
            continue
        for w, var in choices.items():
            events[activity.host][w].append(var)
            events[activity.traveller][w].append(var)
            trips[activity.traveller][w].append(var)
    for by_week in hosted.values():
        for vars_ in by_week.values():
            model.add_at_most_one(vars_)
    for by_week in trips.values():
        for vars_ in by_week.values():
            model.add_at_most_one(vars_)
    excess = []
    for by_week in events.values():
        for vars_ in by_week.values():
            model.add(cp_model.LinearExpr.sum(vars_) <= calendar.per_week)
        for first in range(max(0, min(by_week) - WINDOW + 1), max(by_week) + 1):
            window = [v for w in range(first, first + WINDOW) for v in by_week.get(w, [])]
            if len(window) > 1:
                total = cp_model.LinearExpr.sum(window)
                model.add(total <= calendar.per_four_weeks)
                over = model.new_int_var(0, len(window), "")
                model.add(over >= total - 1)
                excess.append(over)
    weeks_busy = []
    for school, at_week in running_at.items():
        for v, covers_ in at_week.items():
            # Busy when anything runs: each activity's cover is at most the flag, and the
            # week's events and hosted secondments, which exclude each other, sum to at most
            # ``per_week`` and one: the tight bound that lets CP-SAT prove a calendar least.
            flag = model.new_bool_var("")
            for cover in covers_:
                if len(cover) == 1:
                    model.add_implication(cover[0], flag)
                else:
                    model.add(flag >= cp_model.LinearExpr.sum(cover))
            if len(events[school].get(v, [])) > 1:
                model.add(calendar.per_week * flag >= cp_model.LinearExpr.sum(events[school][v]))
            if len(hosted[school].get(v, [])) > 1:
                model.add(flag >= cp_model.LinearExpr.sum(hosted[school][v]))
            weeks_busy.append(flag)
    return {"evenness": excess, "disruption": weeks_busy}


def _spread(
    model: cp_model.CpModel,
    activities: Sequence[Activity],
    x: list[dict[int, cp_model.IntVar]],
    term_of: Sequence[int],
) -> None:
    """No term of a pair's year left empty: each term holds one of its activities (when it has
    as many activities as there are terms)."""
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, activity in enumerate(activities):
        by_pair[(activity.helper, activity.recipient)].append(i)
    terms = sorted(set(term_of))
    for members in by_pair.values():
        if len(members) < len(terms):
            continue
        for term in terms:
            model.add(sum(x[i][w] for i in members for w in x[i] if term_of[w] == term) >= 1)


def _order(
    model: cp_model.CpModel, activities: Sequence[Activity], x: list[dict[int, cp_model.IntVar]]
) -> None:
    """An activity that follows another starts ``gap_weeks`` after it at the earliest (M3)."""
    index = {a.id: i for i, a in enumerate(activities)}
    for i, activity in enumerate(activities):
        if activity.after is None or activity.after not in index:
            continue
        j = index[activity.after]
        model.add(
            sum(w * v for w, v in x[i].items())
            >= sum(w * v for w, v in x[j].items()) + activity.gap_weeks
        )


def _joint(
    model: cp_model.CpModel, x: list[dict[int, cp_model.IntVar]], pair: Together
) -> list[cp_model.IntVar]:
    """A Boolean per week both visits may take, true only when both are in it (one journey)."""
    shared = []
    for w in set(x[pair.first]) & set(x[pair.second]):
        both = model.new_bool_var("")
        model.add_implication(both, x[pair.first][w])
        model.add_implication(both, x[pair.second][w])
        shared.append(both)
    model.add_at_most_one(shared)
    return shared


def _bounds(
    activities: Sequence[Activity], together: Sequence[Together], calendar: SchoolCalendar
) -> list[int]:
    """The largest each objective term can be, so that keeping an earlier week outweighs them
    all together."""
    weeks = sum(a.weeks for a in activities) * 2
    weights = calendar.weights
    return [
        weights.evenness * len(activities) * 2 * WINDOW,
        weights.disruption * weeks,
        weights.travel * sum(t.saving for t in together),
    ]
