"""The problem data as a mixed-integer linear program, written row by row from its
structures: for HiGHS the LP relaxation that guides rounding
(:func:`pairing_planner.algorithms.lp.lp_relaxation`), and the MIP the benchmarks and tests
hand to HiGHS and SCIP as a reference (``benchmarks/milp.py``,
``tests/test_milp_reference.py``).

Why from the problem data and not from the CP-SAT model's protocol buffer: a method reads
what the problem *is*, not another method's model, and the reference no longer depends on
cpsat/. The rows are the ones the CP-SAT builder posts for a normal (strict) solve
(:mod:`pairing_planner.cpsat.structures`), the same tight forms, so the LP bound is the one
CP-SAT's model gives.

Columns, all binary: one per candidate pair, in the problem data's order (a relaxation's
value per pair is the first ``len(pairs)`` of the solution); then, as rows ask for them, a
helper's ``serves[h, stage]`` (S6, S7), its mode ``exclusive[h]`` (S4), and its ordered load
steps ``load ≥ k`` that carry the per-helper cost terms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

import numpy as np
from scipy.sparse import coo_array

from pairing_planner.instance.index.instance import PairKey
from pairing_planner.instance.schema.school_models import Stage
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.rules.structures import Capacity, Cover, Exclusive, Lock, Quota, Structure

_INF = float("inf")

Terms = list[tuple[int, float]]
"""A row's coefficients by column."""


class _Program:
    """The rows and objective under construction, and the columns made so far."""

    def __init__(self, problem: ProblemData) -> None:
        self.problem = problem
        self.at = {pair: i for i, pair in enumerate(problem.pairs)}
        self.columns = len(problem.pairs)
        self.cost: dict[int, float] = dict(enumerate(problem.costs.total.tolist()))
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self._serves: dict[tuple[str, Stage], int] = {}
        self.counts_helpers = bool(problem.of(Quota))
        """Some quota counts helpers per city: capacity then writes its per-stage cut."""

    def column(self) -> int:
        """A new binary column."""
        self.columns += 1
        return self.columns - 1

    def add(self, terms: Terms, lower: float, upper: float) -> None:
        """The row ``lower ≤ Σ coefficient × column ≤ upper`` (an empty row is 0)."""
        row = len(self.lower)
        for col, val in terms:
            self.rows.append(row)
            self.cols.append(col)
            self.vals.append(val)
        self.lower.append(lower)
        self.upper.append(upper)

    def ones(self, pairs: Sequence[PairKey]) -> Terms:
        """The pairs' columns, each with coefficient 1."""
        return [(self.at[p], 1.0) for p in pairs]

    def serves(self, helper_id: str, stage: Stage) -> int:
        """The column that is 1 exactly when the helper serves some recipient of ``stage``:
        at least each of those pairs, at most their sum (0 without one)."""
        key = (helper_id, stage)
        if key not in self._serves:
            recipients = self.problem.instance.recipients
            pairs = [
                p
                for p in self.problem.by_helper.get(helper_id, [])
                if stage in recipients[p[1]].stages
            ]
            used = self._serves[key] = self.column()
            for col, _one in self.ones(pairs):
                self.add([(used, 1.0), (col, -1.0)], 0.0, _INF)
            self.add([(used, 1.0)] + [(c, -v) for c, v in self.ones(pairs)], -_INF, 0.0)
        return self._serves[key]


def _write_cover(program: _Program, structures: Sequence[Cover]) -> None:
    """Per recipient: the sum of its pairs is 1 (or at least 1)."""
    by_recipient = program.problem.by_recipient
    for cover in structures:
        for recipient_id in cover.recipients:
            terms = program.ones(by_recipient.get(recipient_id, []))
            program.add(terms, 1.0, 1.0 if cover.exact else _INF)


def _write_capacity(program: _Program, structures: Sequence[Capacity]) -> None:
    """Per helper with a candidate: its load is at most ``most``; where quotas count helpers,
    per stage also ``pairs of that stage ≤ most × serves`` (the cut that lets the LP count
    helpers per city: :func:`pairing_planner.cpsat.structures._post_capacity`)."""
    problem = program.problem
    helpers, recipients = problem.instance.helpers, problem.instance.recipients
    for capacity in structures:
        for helper_id, most in zip(capacity.helpers, capacity.most, strict=True):
            pairs = problem.by_helper.get(helper_id, [])
            if not pairs:
                continue
            program.add(program.ones(pairs), -_INF, most)
            for stage in helpers[helper_id].stages if program.counts_helpers else ():
                staged = [p for p in pairs if stage in recipients[p[1]].stages]
                if staged:
                    serves = program.serves(helper_id, stage)
                    program.add([*program.ones(staged), (serves, -most)], -_INF, 0.0)


def _write_quota(program: _Program, structures: Sequence[Quota]) -> None:
    """Per city: the number of its helpers serving the stage equals the quota."""
    for quota in structures:
        terms = [(program.serves(h, quota.stage), 1.0) for h in quota.helpers]
        program.add(terms, quota.count, quota.count)


def _write_lock(program: _Program, structures: Sequence[Lock]) -> None:
    """Per locked pair: it is in the plan (an empty row, unsatisfiable, for a pair that is
    not a candidate)."""
    for lock in structures:
        for pair in lock.pairs:
            program.add(program.ones([pair]) if pair in program.at else [], 1.0, 1.0)


def _write_exclusive(program: _Program, structures: Sequence[Exclusive]) -> None:
    """Per helper with a candidate in the exclusive sets, its mode: ``Σ exclusive pairs ≤
    exclusive`` and ``Σ other pairs + room × exclusive ≤ room`` (S4's tight form:
    :func:`pairing_planner.cpsat.structures._post_by_helper`)."""
    problem = program.problem
    posted = {r for exclusive in structures for r in exclusive.recipients}
    helpers = dict.fromkeys(
        h for s in structures for r in s.recipients for h, _r in problem.by_recipient.get(r, [])
    )
    for helper_id in helpers:
        pairs = problem.by_helper[helper_id]
        rest = [p for p in pairs if p[1] not in posted]
        exclusive = program.column()
        poor = program.ones([p for p in pairs if p[1] in posted])
        program.add([*poor, (exclusive, -1.0)], -_INF, 0.0)
        if rest:
            room = min(len(rest), problem.most_load(helper_id))
            program.add([*program.ones(rest), (exclusive, float(room))], -_INF, room)


def _write_load_costs(program: _Program) -> None:
    """Per helper, ordered steps ``load ≥ 1``, ``load ≥ 2``, … summing to its load, each
    costing the k-th school's per-helper terms (convex, so exact without products)."""
    problem = program.problem
    for helper_id, pairs in problem.by_helper.items():
        units = problem.costs.unit_costs(problem.most_load(helper_id))
        if not units:
            return
        steps = [program.column() for _k in range(problem.most_load(helper_id))]
        for higher, lower in zip(steps[1:], steps, strict=False):
            program.add([(lower, 1.0), (higher, -1.0)], 0.0, _INF)
        program.add([(s, 1.0) for s in steps] + [(c, -v) for c, v in program.ones(pairs)], 0, 0)
        for per_unit in units.values():
            for step, cost in zip(steps, per_unit, strict=True):
                program.cost[step] = program.cost.get(step, 0.0) + cost


_WRITERS: dict[type[Structure], Callable[[_Program, Any], None]] = {
    Cover: _write_cover,
    Capacity: _write_capacity,
    Exclusive: _write_exclusive,
    Quota: _write_quota,
    Lock: _write_lock,
}
"""How each structure's rows are written (a new structure without a writer fails at once)."""


def to_milp(problem: ProblemData) -> dict[str, Any]:
    """The problem as scipy ``milp`` arguments (``c``, ``integrality``, ``bounds``,
    ``constraints``), its objective in the model's integer units."""
    from scipy.optimize import Bounds, LinearConstraint  # 0.26 s: only large solves need it

    program = _Program(problem)
    for _key, group in groupby(problem.structures, key=lambda s: (s.rule, type(s))):
        structures = list(group)
        _WRITERS[type(structures[0])](program, structures)
    _write_load_costs(program)
    n = program.columns
    cost = np.zeros(n)
    cost[list(program.cost)] = list(program.cost.values())
    matrix = coo_array((program.vals, (program.rows, program.cols)), shape=(len(program.lower), n))
    return {
        "c": cost,
        "integrality": np.ones(n),
        "bounds": Bounds(np.zeros(n), np.ones(n)),
        "constraints": LinearConstraint(matrix.tocsr(), program.lower, program.upper),
    }
