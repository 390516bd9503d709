"""From a chosen set of pairs to plain :class:`~pairing_planner.result.plan.Plan` data, with the
per-pair explanation (cost by term, and the best other helper for the recipient). Used for
CP-SAT solutions and min-cost-flow solutions alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ortools.sat.python import cp_model

from pairing_planner.cpsat.context import ModelContext
from pairing_planner.i18n import _
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Rule
from pairing_planner.objective import SCALE, scaled
from pairing_planner.prepare.costs import PairCosts
from pairing_planner.result.plan import Alternative, Pair, Plan, Relaxation, Status
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.capabilities import active_rules, blocking_reason


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
    serving: dict[str, list[str]] = {}
    for helper, recipient in chosen:
        serving.setdefault(helper, []).append(recipient)
    active = active_rules(costs.instance)
    pairs = [_pair(costs, pair, serving, active) for pair in chosen]
    helper_costs = _helper_costs(costs, Counter(h for h, _r in chosen))
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


def _weighted(costs: PairCosts, pair: PairKey) -> dict[str, float]:
    weights = costs.instance.data.objective.weights
    return {t.value: scaled(weights[t], v) / SCALE for t, v in costs.values_of(pair).items()}


def _pair(
    costs: PairCosts, pair: PairKey, serving: dict[str, list[str]], active: list[Rule]
) -> Pair:
    return Pair(
        helper=pair[0],
        recipient=pair[1],
        distance_km=round(costs.instance.distance_km(*pair), 1),
        costs=_weighted(costs, pair),
        cost=costs.cost[pair] / SCALE,
        alternative=_alternative(costs, pair, serving, active),
    )


def _alternative(
    costs: PairCosts, pair: PairKey, serving: dict[str, list[str]], active: list[Rule]
) -> Alternative | None:
    """The cheapest other candidate helper of the recipient by pair costs (per-helper terms
    such as load balance depend on the whole plan and are left out)."""
    others = [p for p in costs.by_recipient[pair[1]] if p != pair]
    if not others:
        return None
    best = min(others, key=lambda p: (costs.cost[p], p[0]))
    mine, theirs = _weighted(costs, pair), _weighted(costs, best)
    changes = {t: round(theirs[t] - mine[t], 2) for t in mine}
    change = (costs.cost[best] - costs.cost[pair]) / SCALE
    instance = costs.instance
    blocked = ""
    if change < 0:
        helper, recipient = instance.helpers[best[0]], instance.recipients[pair[1]]
        blocked = blocking_reason(instance, active, helper, recipient, serving) or ""
    return Alternative(best[0], change, changes, serving.get(best[0], []), blocked)


def _helper_costs(costs: PairCosts, loads: Counter[str]) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for helper, load in loads.items():
        for term, units in costs.unit_costs(load).items():
            if sum(units):
                found.setdefault(helper, {})[term.value] = sum(units) / SCALE
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
            words = _(RULE_KINDS[rule.kind].bent).format(
                label=rule.label, amount=amount, actual=actual
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
                    f"{words} ({rule.clause})",
                    rule.penalty,
                    counted.get(rule.subject, []) if over and counted else [],
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
