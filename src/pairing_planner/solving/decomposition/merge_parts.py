"""Plans of the whole from plans of its independent parts: pairs, costs and relaxations add up.

The K best distinct plans (D = 1) are the K cheapest combinations of one plan per part
(:func:`cheapest_choices`); at a least difference D > 1, plans come from models of the few
parts that must change (:mod:`pairing_planner.solving.decomposition.least_difference`). Several
parts' diagnoses are listed together.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import replace

from pairing_planner.clock import Deadline
from pairing_planner.cpsat.diversity import LOWEST_COST, describe
from pairing_planner.i18n import N_, _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.objective import SCALE
from pairing_planner.prepare.parts import Part
from pairing_planner.result.compare import against_first
from pairing_planner.result.plan import Diagnosis, Plan
from pairing_planner.said import joined, named, said
from pairing_planner.solving.decomposition.least_difference import next_apart
from pairing_planner.solving.execution.part_tasks import PartOutcome
from pairing_planner.solving.options import Params


def merged_plans(
    instance: Instance,
    outcomes: list[PartOutcome],
    seconds: float,
    budget: float,
    wanted: int,
) -> list[Plan]:
    """The ``wanted`` cheapest distinct combinations of one plan per part. When every part's
    list holds its own best distinct plans, proven, these are the best distinct plans of the
    whole: a plan of the whole that used a part's (k+1)-th plan is beaten by k distinct plans
    that use that part's better ones instead, all else equal."""
    lists = [sorted(o.plans, key=lambda p: p.objective) for o in outcomes]
    exact = all(o.complete and all(p.status == "OPTIMAL" for p in o.plans) for o in outcomes)
    costs = [[round(p.objective * SCALE) for p in plans] for plans in lists]
    merged: list[Plan] = []
    for rank, choice in enumerate(cheapest_choices(costs, wanted), start=1):
        plan = _merge(instance, [lists[j][i] for j, i in enumerate(choice)], rank, seconds, budget)
        if merged:
            plan = _later(instance, merged[0], plan, exact and plan.status == "OPTIMAL", 1)
        merged.append(plan)
    return merged


def plans_apart(
    instance: Instance,
    parts: list[Part],
    outcomes: list[PartOutcome],
    params: Params,
    deadline: Deadline,
    budget: float,
) -> tuple[list[Plan], bool]:
    """Plan 1 from every part's best; each later plan at least ``min_diff`` recipients away
    from all before it (:mod:`pairing_planner.solving.decomposition.least_difference`); and whether
    fewer came because no further plan exists (proven). A part in conflict keeps its relaxed plan,
    so plans that change it are not looked at and none is called optimal. Each plan is searched in
    its share of the time left; a plan its share did not find takes all that is left, since every
    later plan waits on it: fewer plans come for want of time only once the limit is spent
    (issue 31: a city's plan 2 missed its share and the series ended, a third of a 90 s limit
    unspent, saying time ran out)."""
    start = time.monotonic()
    lists = [
        sorted(o.plans, key=lambda p: p.objective)[: 1 if o.status == "RELAXED" else 2]
        for o in outcomes
    ]
    exact = all(o.complete and o.status != "RELAXED" for o in outcomes) and all(
        p.status == "OPTIMAL" for plans in lists for p in plans
    )
    plans = [_merge(instance, [plans[0] for plans in lists], 1, time.monotonic() - start, budget)]
    wanted = params.plans
    for rank in range(2, wanted + 1):
        share = deadline.share(wanted - rank + 1)
        found = next_apart(instance, parts, lists, plans, params, share)
        if not found.plans and not found.proven and not deadline.passed():
            found = next_apart(instance, parts, lists, plans, params, deadline)
        if not found.plans:
            return plans, found.proven and exact
        plan = _merge(instance, list(found.plans), rank, time.monotonic() - start, budget)
        plans.append(_later(instance, plans[0], plan, found.proven and exact, params.min_diff))
    return plans, False


def _later(instance: Instance, first: Plan, plan: Plan, proven: bool, min_diff: int) -> Plan:
    """A merged plan after the first: proven (its cost the bound) or not, the constraints it
    was found under, and how it differs from ``first``."""
    plan = replace(
        plan, status="OPTIMAL" if proven else "FEASIBLE", bound=plan.objective if proven else None
    ).under(describe(plan.rank - 1, min_diff, None, None))
    return against_first(instance, first, plan)


def cheapest_choices(costs: list[list[int]], wanted: int) -> list[tuple[int, ...]]:
    """The ``wanted`` cheapest ways to pick one entry of each list (each sorted, cheapest
    first), cheapest first: best first from the all-first choice, each step moving one list
    on to its next entry."""
    first = tuple(0 for _list in costs)
    heap = [(sum(c[0] for c in costs), first)]
    seen = {first}
    chosen: list[tuple[int, ...]] = []
    while heap and len(chosen) < wanted:
        total, choice = heapq.heappop(heap)
        chosen.append(choice)
        for j, i in enumerate(choice):
            following = (*choice[:j], i + 1, *choice[j + 1 :])
            if i + 1 < len(costs[j]) and following not in seen:
                seen.add(following)
                heapq.heappush(heap, (total - costs[j][i] + costs[j][i + 1], following))
    return chosen


def merge_diagnoses(found: list[Diagnosis]) -> Diagnosis:
    """One part's diagnosis as it is; several parts' conflicts listed together, minimal when
    each part's set was proven its own smallest (their union is not one: ``parts`` says so,
    where every merged diagnosis was called unproven and the summary asked for more time that
    could prove nothing), with what each part could not prove."""
    if len(found) == 1:
        return found[0]
    together = N_(
        "Rules conflict in {n} independent parts; their rule instances are listed together."
    )
    notes = dict.fromkeys(d.note_said or named(d.note) for d in found if d.note)
    note = joined([said(together, n=len(found)), *notes])
    return Diagnosis(
        conflict=[rule for diagnosis in found for rule in diagnosis.conflict],
        minimal=all(d.minimal for d in found),
        parts=sum(d.parts for d in found),
        seconds=round(sum(d.seconds for d in found), 3),
        note=note.text(),
        note_said=note,
    )


def _merge(instance: Instance, plans: list[Plan], rank: int, seconds: float, budget: float) -> Plan:
    """One plan of the whole from one plan per part: pairs, costs and relaxations add up."""
    order = {r: i for i, r in enumerate(instance.recipients)}
    pairs = sorted(
        (p for plan in plans for p in plan.pairs), key=lambda p: (order[p.recipient], p.helper)
    )
    terms: dict[str, float] = {}
    for plan in plans:
        for term, cost in plan.term_costs.items():
            terms[term] = round(terms.get(term, 0.0) + cost, 2)
    bounds = [p.bound for p in plans]
    return Plan(
        rank=rank,
        status="OPTIMAL" if all(p.status == "OPTIMAL" for p in plans) else "FEASIBLE",
        objective=round(sum(p.objective for p in plans), 2),
        bound=None if None in bounds else round(sum(b for b in bounds if b is not None), 2),
        seconds=round(seconds, 3),
        time_budget=round(budget, 3),
        pairs=pairs,
        term_costs=terms,
        helper_costs={h: c for plan in plans for h, c in plan.helper_costs.items()},
        constraints=_(LOWEST_COST),
        constraints_said=said(LOWEST_COST),
        relaxations=[r for plan in plans for r in plan.relaxations],
        least_bend_proven=_least_bend(plans),
    )


def _least_bend(plans: list[Plan]) -> bool:
    """Whether the merged plan's total penalty is proven least: some part bends a rule, and
    each part that does has its own least penalty proven (parts share no rule instance, so
    the least of the whole is the sum of theirs)."""
    bent = [plan for plan in plans if plan.relaxations]
    return bool(bent) and all(plan.least_bend_proven for plan in bent)
