"""The smallest set of rule instances that cannot all hold, from CP-SAT's assumptions.

Every rule instance is posted behind its own literal, passed as an assumption. On an
infeasible model CP-SAT returns a subset of assumptions that is infeasible on its own; a
deletion filter then drops each literal whose removal leaves the rest infeasible, so what
remains is minimal (every member is needed) when every check was proven in time.

Known traps, each guarded here: CP-SAT only reduces the core with one worker (with more it
returns every assumption), and one worker at the default linearization did not prove the
Heze junior-high shortfall in 5 s (at ``linearization_level = 2``, whose LP holds the
quota and capacity counts: 0.06 s); presolve has been reported to return a literal that was never an
assumption (the core is intersected with the rule literals); an infeasible model with
assumptions has been reported OPTIMAL (the final set is re-solved alone and must be
INFEASIBLE, else the result is marked not minimal).
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from pairing_planner.i18n import _
from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.model.build import build_model
from pairing_planner.model.context import ModelContext, RuleInstance
from pairing_planner.plan import ConflictRule, Diagnosis
from pairing_planner.rules import RULE_KINDS


class _Checker:
    """Solves the model under a subset of rule literals (no objective, one worker)."""

    def __init__(self, ctx: ModelContext, seed: int, deadline: float) -> None:
        self._ctx, self._seed, self._deadline = ctx, seed, deadline
        ctx.model.clear_objective()  # type: ignore[no-untyped-call]  # untyped in the stubs

    def status(self, keys: list[str]) -> cp_model.CpSolverStatus:
        model = self._ctx.model
        model.clear_assumptions()
        model.add_assumptions([self._ctx.literals[k] for k in keys])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = self._seed
        solver.parameters.max_time_in_seconds = max(0.05, self._deadline - time.monotonic())
        self.last = solver
        return solver.solve(model)


def minimal_conflict(
    instance: Instance, pairs: list[PairKey], time_limit: float, seed: int = 0
) -> Diagnosis:
    """The conflicting rule instances of ``instance``, shrunk within ``time_limit`` seconds."""
    start = time.monotonic()
    ctx = build_model(instance, pairs, mode="assumptions").ctx
    checker = _Checker(ctx, seed, start + time_limit)
    keys = list(ctx.literals)
    if checker.status(keys) != cp_model.INFEASIBLE:
        return Diagnosis(
            seconds=round(time.monotonic() - start, 3),
            note=_("The solver did not prove, within the time given, which rules conflict."),
        )
    index_of = {var.index: key for key, var in ctx.literals.items()}
    core = checker.last.sufficient_assumptions_for_infeasibility()
    keys = [index_of[i] for i in core if i in index_of] or keys
    proven = True
    for key in list(keys):
        trial = [k for k in keys if k != key]
        outcome = checker.status(trial)
        if outcome == cp_model.INFEASIBLE:
            keys = trial
        elif outcome != cp_model.FEASIBLE and outcome != cp_model.OPTIMAL:
            proven = False
    proven = proven and checker.status(keys) == cp_model.INFEASIBLE
    by_key = {r.key: r for r in ctx.rule_instances}
    return Diagnosis(
        conflict=[_describe(by_key[k]) for k in keys],
        minimal=proven,
        seconds=round(time.monotonic() - start, 3),
        note="" if proven else _("Not proven minimal within the time given."),
    )


def _describe(rule: RuleInstance) -> ConflictRule:
    return ConflictRule(
        kind=rule.kind,
        clause=rule.clause,
        label=rule.label,
        summary=_(RULE_KINDS[rule.kind].summary),
        subject=rule.subject,
        helpers=list(rule.helpers),
        recipients=list(rule.recipients),
        cities=list(rule.cities),
    )
