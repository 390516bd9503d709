"""The smallest set of rule instances that cannot all hold.

Every rule instance is posted behind its own literal. A deletion filter drops each group of
instances whose removal leaves the rest infeasible, so what remains is minimal (every member
is needed) when every check was decided in time. The set kept is always one a check proved
INFEASIBLE (the whole, or a trial that dropped a chunk), so it needs no check of its own.

Each check fixes the literals in a copy of the model rather than passing them to CP-SAT as
assumptions: presolve then removes what is switched off and the LP sees what is in force,
which proved a county part infeasible 45 times faster (docs/infeasibility.md).
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import build_model
from pairing_planner.cpsat.context import ModelContext, RuleInstance
from pairing_planner.cpsat.solver import new_solver, run
from pairing_planner.diagnosis.check_memo import CheckMemo, PartPlans
from pairing_planner.i18n import N_, _
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.result.plan import ConflictRule, Diagnosis
from pairing_planner.rules import RULE_KINDS
from pairing_planner.said import said

UNPROVEN = said(N_("The solver did not prove, within the time given, which rules conflict."))
NOT_MINIMAL = said(N_("Not proven minimal within the time given."))

CHECK_EFFORT = 5.0
"""CP-SAT's deterministic time allowed for one check. A Heze check needs 0.003; the limit
makes an undecided check undecided under any load, so whether a conflict is proven minimal
depends on the work, not on the machine, unless the wall-clock budget runs out first."""


class _Checker:
    """Solves the model with a subset of rule instances in force (no objective, one worker):
    their literals fixed true, the others false, in a copy of the model. With ``kept`` (a
    warm re-solve's, :mod:`pairing_planner.diagnosis.check_memo`), a set a kept plan keeps is
    answered FEASIBLE without CP-SAT, and each plan CP-SAT finds is kept."""

    def __init__(
        self, ctx: ModelContext, seed: int, deadline: Deadline, kept: PartPlans | None
    ) -> None:
        self._ctx, self._seed, self.deadline, self._kept = ctx, seed, deadline, kept
        ctx.model.clear_objective()  # type: ignore[no-untyped-call]  # untyped in the stubs

    def status(self, keys: list[str]) -> cp_model.CpSolverStatus:
        chosen = set(keys)
        rules = [r for r in self._ctx.rule_instances if r.key in chosen]
        if self._kept is not None and self._kept.has_plan(rules, set(self._ctx.x)):
            return cp_model.FEASIBLE
        model = self._ctx.model.clone()
        for key, literal in self._ctx.literals.items():
            value = int(key in chosen)
            domain = model.proto.variables[literal.index].domain
            domain[0], domain[1] = value, value
        solver = new_solver(self.deadline.left(), seed=self._seed, effort=CHECK_EFFORT)
        outcome = run(solver, model)
        if self._kept is not None and outcome in (cp_model.FEASIBLE, cp_model.OPTIMAL):
            plan = frozenset(p for p, x in self._ctx.x.items() if solver.value(x))
            self._kept.keep(rules, plan)
        return outcome


def minimal_conflict(
    instance: Instance,
    pairs: list[PairKey],
    deadline: Deadline,
    seed: int = 0,
    kept: CheckMemo | None = None,
) -> Diagnosis:
    """The conflicting rule instances of ``instance``, shrunk by ``deadline`` (the caller's,
    or its share of it). A deadline already passed still gets the first check its least
    time (:data:`pairing_planner.clock.LEAST`), then says what it has: unproven. ``kept``:
    the plans earlier solves of this instance kept (a warm re-solve's), consulted and filled
    for this problem only."""
    start = time.monotonic()
    ctx = build_model(instance, pairs, mode="switchable").ctx
    checker = _Checker(ctx, seed, deadline, None if kept is None else kept.of(ctx.problem))
    keys = list(ctx.literals)
    if checker.status(keys) != cp_model.INFEASIBLE:
        return Diagnosis(
            seconds=round(time.monotonic() - start, 3),
            note=UNPROVEN.text(),
            note_said=UNPROVEN,
        )
    keys, proven = _shrink(checker, keys)
    by_key = {r.key: r for r in ctx.rule_instances}
    return Diagnosis(
        conflict=[_describe(by_key[k]) for k in keys],
        minimal=proven,
        seconds=round(time.monotonic() - start, 3),
        note="" if proven else NOT_MINIMAL.text(),
        note_said=None if proven else NOT_MINIMAL,
    )


def _shrink(checker: _Checker, keys: list[str]) -> tuple[list[str], bool]:
    """A deletion filter over chunks that halve: drop each chunk whose removal leaves the
    rest infeasible, so whole rule kinds and runs of schools go in a few checks. A round that
    drops nothing shows the rest is mostly needed, so the filter goes straight to one instance
    at a time (Heze's conflict is all 45 of its instances: 49 checks, not 87), and that last
    round proves what remains minimal. Returns the conflicting keys and whether every check
    was decided (else the set is not proven minimal)."""
    decided = True
    chunk = max(1, len(keys) // 2)
    while True:
        i, dropped = 0, False
        while i < len(keys) and not checker.deadline.passed():
            trial = keys[:i] + keys[i + chunk :]
            outcome = checker.status(trial)
            if outcome == cp_model.INFEASIBLE:
                keys, dropped = trial, True
                continue
            decided = decided and outcome in (cp_model.FEASIBLE, cp_model.OPTIMAL)
            i += chunk
        if i < len(keys):
            return keys, False
        if chunk == 1:
            return keys, decided
        chunk = max(1, chunk // 2) if dropped else 1


def _describe(rule: RuleInstance) -> ConflictRule:
    return ConflictRule(
        kind=rule.kind,
        clause=rule.clause,
        label=rule.label.text(),
        summary=_(RULE_KINDS[rule.kind].summary),
        subject=rule.subject,
        helpers=list(rule.helpers),
        recipients=list(rule.recipients),
        cities=list(rule.cities),
        label_said=rule.label,
        summary_said=said(RULE_KINDS[rule.kind].summary),
    )
