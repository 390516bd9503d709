"""From a chosen set of pairs to plain :class:`~pairing_planner.result.plan.Plan` data, with the
per-pair explanation (cost by term, and the best other helper for the recipient). Used for
CP-SAT solutions and min-cost-flow solutions alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from pairing_planner.cpsat.context import ModelContext
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.schema.rule_models import Rule
from pairing_planner.objective import SCALE, scaled_many
from pairing_planner.prepare.costs import PairCosts
from pairing_planner.result.plan import Alternative, Pair, Plan, Relaxation, Status
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.capabilities import active_rules, blocking_reason
from pairing_planner.said import cited_said, said


def plan_from_pairs(
    costs: PairCosts,
    chosen: list[PairKey],
    *,
    rank: int,
    status: Status,
    objective: float,
    bound: float | None,
    seconds: float,
    relaxations: list[Relaxation],
) -> Plan:
    """The plan made of ``chosen``; ``objective`` and ``bound`` in integer model units."""
    at = costs.position
    return plan_from_positions(
        costs,
        np.fromiter((at[pair] for pair in chosen), np.intp, len(chosen)),
        rank=rank,
        status=status,
        objective=objective,
        bound=bound,
        seconds=seconds,
        relaxations=relaxations,
    )


def plan_from_positions(
    costs: PairCosts,
    chosen: NDArray[np.intp],
    *,
    rank: int,
    status: Status,
    objective: float,
    bound: float | None,
    seconds: float,
    relaxations: list[Relaxation],
) -> Plan:
    """The plan made of the pairs at ``chosen`` (their places in ``costs``): only the
    chosen pairs and their best other helpers become Python objects, found in arrays."""
    ids = costs.candidates.helper_ids, costs.candidates.recipient_ids
    helpers = costs.candidates.helpers
    chosen_pairs = [
        (ids[0][h], ids[1][r])
        for h, r in zip(
            helpers[chosen].tolist(), costs.candidates.recipients[chosen].tolist(), strict=True
        )
    ]
    serving: dict[str, list[str]] = {}
    for helper, recipient in chosen_pairs:
        serving.setdefault(helper, []).append(recipient)
    best = _best_others(costs, chosen)
    other = np.where(best >= 0, best, chosen)
    alternatives = zip(
        [ids[0][h] for h in helpers[other].tolist()],
        ((costs.total[other] - costs.total[chosen]) / SCALE).tolist(),
        _weighted(costs, other),
        strict=True,
    )
    explain = _Explain(costs.instance, active_rules(costs.instance), serving)
    pairs = [
        Pair(
            helper=pair[0],
            recipient=pair[1],
            distance_km=km,
            costs=mine,
            cost=cost,
            alternative=explain(pair[1], mine, *alternative) if has else None,
        )
        for pair, km, mine, cost, has, alternative in zip(
            chosen_pairs,
            _distances(costs, chosen),
            _weighted(costs, chosen),
            (costs.total[chosen] / SCALE).tolist(),
            (best >= 0).tolist(),
            alternatives,
            strict=True,
        )
    ]
    helper_costs = _helper_costs(costs, Counter(h for h, _r in chosen_pairs))
    terms: dict[str, float] = {}
    for per_term in [p.costs for p in pairs] + list(helper_costs.values()):
        for term, cost in per_term.items():
            terms[term] = terms.get(term, 0.0) + cost
    return Plan(
        rank=rank,
        status=status,
        objective=objective / SCALE,
        bound=bound / SCALE if bound is not None else None,
        seconds=round(seconds, 3),
        pairs=pairs,
        term_costs={t: round(c, 2) for t, c in terms.items()},
        helper_costs=helper_costs,
        relaxations=relaxations,
    )


def _distances(costs: PairCosts, chosen: NDArray[np.intp]) -> list[float]:
    """The km of the pairs at ``chosen``, to 0.1 km, in one array operation; a distance
    within a hair of a rounding boundary is measured again by the scalar function, so the
    plan reads as it did when each pair was measured alone."""
    candidates, instance = costs.candidates, costs.instance
    km = instance.distances_at(candidates.helpers[chosen], candidates.recipients[chosen])
    rounded = [round(d, 1) for d in km.tolist()]
    for at in np.flatnonzero(np.abs(km * 10 % 1 - 0.5) < BOUNDARY).tolist():
        helper = candidates.helper_ids[candidates.helpers[chosen[at]]]
        recipient = candidates.recipient_ids[candidates.recipients[chosen[at]]]
        rounded[at] = round(instance.distance_km(helper, recipient), 1)
    return rounded


BOUNDARY = 1e-6
"""How near a tenth's half (in tenths of a km) an array distance is measured again."""


def _weighted(costs: PairCosts, places: NDArray[np.intp]) -> list[dict[str, float]]:
    """The weighted cost of each term of the pairs at ``places``, in the term's unit, each
    term's integer costs computed at once for those pairs."""
    weights = costs.instance.data.objective.weights
    names = [t.value for t in costs.terms]
    columns = [
        (scaled_many(weights[t], v[places]) / SCALE).tolist() for t, v in costs.terms.items()
    ]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)] or [
        {} for _place in places.tolist()
    ]


def _best_others(costs: PairCosts, chosen: NDArray[np.intp]) -> NDArray[np.intp]:
    """For each chosen pair, the place of its recipient's cheapest other pair (ties to the
    helper id first in order), or -1 when it has none: per recipient, the least cost of its
    pairs but the chosen one, then the least helper id among those at that cost."""
    candidates = costs.candidates
    names = np.array(candidates.helper_ids, dtype=object)
    name_rank = np.empty(len(names), dtype=np.int64)
    name_rank[np.argsort(names, kind="stable")] = np.arange(len(names))
    order = np.argsort(candidates.recipients, kind="stable")
    recipient = candidates.recipients[order]
    taken = np.zeros(len(candidates), dtype=bool)
    taken[chosen] = True
    taken = taken[order]
    starts_here = np.r_[True, recipient[1:] != recipient[:-1]] if len(recipient) else taken
    starts = np.flatnonzero(starts_here)
    group = np.cumsum(starts_here) - 1
    most = np.iinfo(np.int64).max
    cost = np.where(taken, most, costs.total[order])
    tied = (cost == np.minimum.reduceat(cost, starts)[group]) & ~taken
    name = np.where(tied, name_rank[candidates.helpers[order]], most)
    first = tied & (name == np.minimum.reduceat(name, starts)[group])
    best = np.full(len(starts), -1, dtype=np.intp)
    best[group[first]] = order[first]
    of_recipient = np.full(len(candidates.recipient_ids), -1, dtype=np.intp)
    of_recipient[recipient[starts]] = np.arange(len(starts))
    return best[of_recipient[candidates.recipients[chosen]]]


class _Explain:
    """The best other helper of a chosen pair's recipient, in words: what it would change,
    term by term, and when it is cheaper, the rule that keeps it from the recipient."""

    def __init__(self, instance: Instance, active: list[Rule], serving: dict[str, list[str]]):
        self.instance, self.active, self.serving = instance, active, serving

    def __call__(
        self,
        recipient_id: str,
        mine: dict[str, float],
        helper_id: str,
        change: float,
        theirs: dict[str, float],
    ) -> Alternative:
        """Per-helper terms such as load balance depend on the whole plan and are left out."""
        changes = {t: round(theirs[t] - mine[t], 2) for t in mine}
        blocked = None
        if change < 0:
            instance = self.instance
            helper, recipient = instance.helpers[helper_id], instance.recipients[recipient_id]
            blocked = blocking_reason(instance, self.active, helper, recipient, self.serving)
        serves = self.serving.get(helper_id, [])
        text = blocked.text() if blocked is not None else ""
        return Alternative(helper_id, change, changes, serves, text, blocked)


def _helper_costs(costs: PairCosts, loads: Counter[str]) -> dict[str, dict[str, float]]:
    """Each helper's per-load terms for its load (worked out once per load, not per helper)."""
    by_load = {
        load: {term.value: sum(units) / SCALE for term, units in costs.unit_costs(load).items()}
        for load in set(loads.values())
    }
    found: dict[str, dict[str, float]] = {}
    for helper, load in loads.items():
        for term, cost in by_load[load].items():
            if cost:
                found.setdefault(helper, {})[term] = cost
    return found


def relaxations_of(
    ctx: ModelContext, value: Callable[[cp_model.LinearExprT], int]
) -> list[Relaxation]:
    """The rule instances a relaxed solution bends, with their violation units and the pairs
    that bend them."""
    found = []
    counted: dict[str, list[PairKey]] | None = None
    for rule in ctx.rule_instances:
        slacks = ctx.slacks.get(rule.key, [])
        amount = sum(value(slack) for slack in slacks)
        if amount > 0:
            actual = value(ctx.measured[rule.key])
            words = cited_said(
                said(RULE_KINDS[rule.kind].bent, label=rule.label, amount=amount, actual=actual),
                rule.clause,
            )
            over = sum(value(slack) for slack in slacks[1::2])
            if over and counted is None:
                chosen = [pair for pair, var in ctx.x.items() if value(var)]
                counted = _counted(ctx.instance, chosen)
            found.append(
                Relaxation(
                    rule.kind,
                    rule.clause,
                    rule.subject,
                    amount,
                    words.text(),
                    rule.penalty,
                    counted.get(rule.subject, []) if over and counted else [],
                    words,
                )
            )
    return found


def _counted(instance: Instance, chosen: list[PairKey]) -> dict[str, list[PairKey]]:
    """The pairs of ``chosen`` by the subject of each rule instance that counts them (in the
    verifier's terms, :class:`~pairing_planner.cpsat.context.RuleInstance`): their helper,
    their recipient, the pair itself, and their city's quota of each stage the pair shares
    (S6 counts the junior pairs, S7 the senior ones). A rule bent by counting too many counts
    exactly these: they are the pairs that bend it. One pass over the plan, however many
    rules it bends."""
    found: dict[str, list[PairKey]] = {}
    for helper_id, recipient_id in chosen:
        helper, recipient = instance.helpers[helper_id], instance.recipients[recipient_id]
        city = instance.city_of(helper).id
        subjects = {
            helper_id,
            recipient_id,
            f"{helper_id}>{recipient_id}",
            *(f"{city}/{stage.value}" for stage in set(helper.stages) & set(recipient.stages)),
        }
        for subject in subjects:
            found.setdefault(subject, []).append((helper_id, recipient_id))
    return found
