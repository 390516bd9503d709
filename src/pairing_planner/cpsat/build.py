"""Builds the CP-SAT model of an instance from its problem data: a boolean per candidate
pair, each rule's structures (:mod:`pairing_planner.cpsat.structures`), the objective."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from pairing_planner.cpsat.context import Mode, ModelContext
from pairing_planner.cpsat.structures import post_structures
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.schema.models import Term
from pairing_planner.prepare.costs import PairCosts
from pairing_planner.prepare.problem import ProblemData, problem_data


@dataclass
class BuiltModel:
    """The model, its context, and the problem data it was built from."""

    ctx: ModelContext
    cost: cp_model.LinearExpr = field(default_factory=lambda: cp_model.LinearExpr.sum([]))
    """The objective's cost in integer units (SCALE per weighted unit)."""

    @property
    def problem(self) -> ProblemData:
        """The pairs, their costs and the rules' structures the model was built from."""
        return self.ctx.problem

    @property
    def costs(self) -> PairCosts:
        """What every pair and every helper's k-th school costs."""
        return self.ctx.problem.costs


def build_model(
    instance: Instance, pairs: list[PairKey] | None = None, mode: Mode = "strict"
) -> BuiltModel:
    """The full model over ``pairs`` (default: the instance's candidate pairs), its rule
    instances posted as ``mode`` says (see :data:`pairing_planner.cpsat.context.Mode`)."""
    return build_problem(problem_data(instance, pairs), mode)


def build_problem(problem: ProblemData, mode: Mode = "strict") -> BuiltModel:
    """The full model of ``problem``, its rule instances posted as ``mode`` says."""
    ctx = ModelContext(problem, mode)
    post_structures(ctx)
    built = BuiltModel(ctx)
    _set_objective(built)
    return built


def _set_objective(built: BuiltModel) -> None:
    """Σ pair cost × x, plus per helper the k-th school's cost × ``load ≥ k`` (ordered
    booleans: exact for the convex per-helper terms, without integer products)."""
    ctx, costs = built.ctx, built.costs
    terms = [(var, costs.cost[p]) for p, var in ctx.x.items() if costs.cost[p]]
    for helper_id in ctx.by_helper:
        units = costs.unit_costs(ctx.most_load(helper_id))
        if not units:
            break
        steps = ctx.load_steps(helper_id)
        for per_unit in units.values():
            terms.extend((step, c) for step, c in zip(steps, per_unit, strict=True) if c)
    variables, coefficients = zip(*terms, strict=True) if terms else ((), ())
    built.cost = cp_model.LinearExpr.weighted_sum(list(variables), list(coefficients))
    ctx.model.minimize(built.cost)


def term_cost(built: BuiltModel, term: str) -> cp_model.LinearExpr:
    """One weighted cost term of the objective in integer units: its share of every pair
    (and, for a per-helper term, of every helper's k-th school), so that a trade-off between
    two terms can bound one and minimise the other
    (:mod:`pairing_planner.solving.methods.trade_off_front`)."""
    ctx, costs = built.ctx, built.costs
    per_pair = costs.term_cost(Term(term))
    linear = [per_pair[p] * var for p, var in ctx.x.items() if per_pair.get(p)]
    for helper_id in ctx.by_helper:
        per_unit = costs.unit_costs(ctx.most_load(helper_id)).get(Term(term))
        if per_unit:
            steps = ctx.load_steps(helper_id)
            linear.extend(c * step for c, step in zip(per_unit, steps, strict=True) if c)
    return cp_model.LinearExpr.sum(linear)
