"""From a solved model to plain :class:`~pairing_planner.plan.Plan` data, with the per-pair
explanation (cost by term, and the best other helper for the recipient)."""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from pairing_planner.i18n import _
from pairing_planner.instance.instance import PairKey
from pairing_planner.model.build import BuiltModel
from pairing_planner.model.context import ModelContext
from pairing_planner.objective import SCALE, scaled
from pairing_planner.plan import Alternative, Pair, Plan, Relaxation, Status
from pairing_planner.rules import RULE_KINDS


def extract_plan(
    built: BuiltModel,
    value: Callable[[PairKey], bool],
    step_value: Callable[[cp_model.IntVar], bool],
    *,
    rank: int,
    status: Status,
    objective: float,
    bound: float | None,
    seconds: float,
    relaxations: list[Relaxation],
) -> Plan:
    """The plan the solver's values describe; ``value`` reads a pair's boolean."""
    chosen = [pair for pair in built.ctx.x if value(pair)]
    serving: dict[str, list[str]] = {}
    for helper, recipient in chosen:
        serving.setdefault(helper, []).append(recipient)
    pairs = [_pair(built, pair, serving) for pair in chosen]
    helper_costs = _helper_costs(built, step_value)
    terms: dict[str, float] = {}
    for pair in pairs:
        for term, cost in pair.costs.items():
            terms[term] = terms.get(term, 0.0) + cost
    for costs in helper_costs.values():
        for term, cost in costs.items():
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


def _weighted(built: BuiltModel, pair: PairKey) -> dict[str, float]:
    weights = built.ctx.instance.data.objective.weights
    return {
        term.value: scaled(weights[term], v) / SCALE for term, v in built.pair_values[pair].items()
    }


def _pair(built: BuiltModel, pair: PairKey, serving: dict[str, list[str]]) -> Pair:
    instance = built.ctx.instance
    return Pair(
        helper=pair[0],
        recipient=pair[1],
        distance_km=round(instance.distance_km(*pair), 1),
        costs=_weighted(built, pair),
        cost=built.pair_cost[pair] / SCALE,
        alternative=_alternative(built, pair, serving),
    )


def _alternative(
    built: BuiltModel, pair: PairKey, serving: dict[str, list[str]]
) -> Alternative | None:
    """The cheapest other candidate helper of the recipient by pair costs (per-helper terms
    such as load balance depend on the whole plan and are left out)."""
    others = [p for p in built.ctx.by_recipient[pair[1]] if p != pair]
    if not others:
        return None
    best = min(others, key=lambda p: (built.pair_cost[p], p[0]))
    mine, theirs = _weighted(built, pair), _weighted(built, best)
    changes = {t: round(theirs[t] - mine[t], 2) for t in mine}
    change = (built.pair_cost[best] - built.pair_cost[pair]) / SCALE
    return Alternative(best[0], change, changes, serving.get(best[0], []))


def _helper_costs(
    built: BuiltModel, step_value: Callable[[cp_model.IntVar], bool]
) -> dict[str, dict[str, float]]:
    weights = built.ctx.instance.data.objective.weights
    found: dict[str, dict[str, float]] = {}
    for term, helper, var, raw in built.helper_terms:
        if not step_value(var):
            continue
        costs = found.setdefault(helper, {})
        costs[term.value] = costs.get(term.value, 0.0) + scaled(weights[term], raw) / SCALE
    return found


def relaxations_of(
    ctx: ModelContext, value: Callable[[cp_model.LinearExprT], int]
) -> list[Relaxation]:
    """The rule instances a relaxed solution bends, with their violation units."""
    found = []
    for rule in ctx.rule_instances:
        amount = sum(value(slack) for slack in ctx.slacks.get(rule.key, []))
        if amount > 0:
            actual = value(ctx.measured[rule.key])
            words = _(RULE_KINDS[rule.kind].bent).format(
                label=rule.label, amount=amount, actual=actual
            )
            found.append(
                Relaxation(
                    rule.kind,
                    rule.clause,
                    rule.subject,
                    amount,
                    f"{words} ({rule.clause})",
                    rule.penalty,
                )
            )
    return found
