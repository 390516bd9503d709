"""Builds the CP-SAT model of an instance: candidate pairs, rules, objective."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from pairing_planner.candidates import candidate_pairs
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import Term
from pairing_planner.model.context import Mode, ModelContext
from pairing_planner.objective import TERM_KINDS, scaled
from pairing_planner.rules import RULE_KINDS


@dataclass
class BuiltModel:
    """The model, its context, and each pair's value per term (in the terms' own units)."""

    ctx: ModelContext
    pair_values: dict[PairKey, dict[Term, float]]
    pair_cost: dict[PairKey, int]
    helper_terms: list[tuple[Term, str, cp_model.IntVar, float]]
    cost: cp_model.LinearExpr = field(default_factory=lambda: cp_model.LinearExpr.sum([]))
    """The objective's cost in integer units (SCALE per weighted unit)."""


def build_model(
    instance: Instance, pairs: list[PairKey] | None = None, mode: Mode = "strict"
) -> BuiltModel:
    """The full model over ``pairs`` (default: the instance's candidate pairs), its rule
    instances posted as ``mode`` says (see :data:`pairing_planner.model.context.Mode`)."""
    ctx = ModelContext(instance, candidate_pairs(instance) if pairs is None else pairs, mode)
    for index, rule in enumerate(instance.data.rules):
        post = RULE_KINDS[rule.kind].post
        if post is not None:
            post(rule, ctx, index)
    built = BuiltModel(ctx, *_pair_costs(instance, ctx), [])
    _set_objective(instance, built)
    return built


def _pair_costs(
    instance: Instance, ctx: ModelContext
) -> tuple[dict[PairKey, dict[Term, float]], dict[PairKey, int]]:
    weights = instance.data.objective.weights
    values: dict[PairKey, dict[Term, float]] = {}
    costs: dict[PairKey, int] = {}
    for pair in ctx.x:
        helper, recipient = instance.helpers[pair[0]], instance.recipients[pair[1]]
        values[pair] = {
            kind.term: kind.pair_value(instance, helper, recipient)
            for kind in TERM_KINDS.values()
            if kind.pair_value is not None and weights.get(kind.term, 0.0) > 0
        }
        costs[pair] = sum(scaled(weights[t], v) for t, v in values[pair].items())
    return values, costs


def _set_objective(instance: Instance, built: BuiltModel) -> None:
    weights = instance.data.objective.weights
    ctx = built.ctx
    linear = [built.pair_cost[p] * var for p, var in ctx.x.items() if built.pair_cost[p]]
    for kind in TERM_KINDS.values():
        weight = weights.get(kind.term, 0.0)
        if kind.helper_post is None or weight <= 0:
            continue
        for helper_id, var, value in kind.helper_post(ctx):
            assert isinstance(var, cp_model.IntVar)
            built.helper_terms.append((kind.term, helper_id, var, value))
            linear.append(scaled(weight, value) * var)
    built.cost = cp_model.LinearExpr.sum(linear)
    ctx.model.minimize(built.cost)
