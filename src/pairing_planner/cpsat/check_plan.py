"""A ready plan checked against the model: the greedy plan
(:mod:`pairing_planner.algorithms.greedy`), kept as a fallback so a solve cut short by its
time limit is never worse than a careful hand-matcher's plan.

The check solves the model with the plan's pairs fixed: propagation settles every other
variable (load steps, S4 modes, quota counts) at once, or proves that the plan breaks a rule
of the model (a city quota or a lock the greedy plan does not know). Handed to CP-SAT as a
hint instead, the greedy plan made the search slower (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from pairing_planner.cpsat.build import BuiltModel, build_model
from pairing_planner.cpsat.extract import relaxations_of
from pairing_planner.cpsat.solver import new_solver
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.result.plan import Relaxation


@dataclass(frozen=True)
class StartPlan:
    """A plan that keeps every rule of the model (or, relaxed, the rules it bends and their
    total penalty), its cost, and a lower bound on every plan (from a relaxation) when one is
    known; costs in model units."""

    pairs: list[PairKey]
    cost: int
    bound: float | None = None
    relaxations: tuple[Relaxation, ...] = ()
    penalty: int = 0


def check_plan(built: BuiltModel, chosen: Iterable[PairKey], time_limit: float) -> StartPlan | None:
    """``chosen`` as a :class:`StartPlan`, or None when it breaks a rule of the model (or the
    check ran out of ``time_limit``). The check builds the model over the plan's own pairs,
    all fixed: the same rules and costs, a fraction of the variables.

    In a relaxed model every rule may bend, so any plan passes: the check then finds the
    rules it bends, by how much, and the total penalty — the least for these pairs, the same
    amounts the verifier finds. A relaxed solve whose search finds nothing in time still has
    such a plan."""
    pairs = list(chosen)
    if not set(pairs) <= built.ctx.x.keys():
        return None
    own = build_model(built.ctx.instance, pairs, mode=built.ctx.mode)
    for var in own.ctx.x.values():
        own.ctx.model.add(var == 1)
    relaxed = own.ctx.mode == "relaxed"
    penalty = own.ctx.penalty()
    if relaxed:
        own.ctx.model.minimize(penalty)
    else:
        own.ctx.model.clear_objective()  # type: ignore[no-untyped-call]  # untyped in the stubs
    solver = new_solver(time_limit)
    code = solver.solve(own.ctx.model)
    if code != cp_model.OPTIMAL and (relaxed or code != cp_model.FEASIBLE):
        return None
    if not relaxed:
        return StartPlan(pairs, int(solver.value(own.cost)))
    return StartPlan(
        pairs,
        int(solver.value(own.cost)),
        relaxations=tuple(relaxations_of(own.ctx, solver.value)),
        penalty=int(solver.value(penalty)),
    )
