"""The one place a CP-SAT solver is configured and run.

``linearization_level = 2`` puts the S4, quota and load constraints' cuts into the LP: it
halved the time to proof on a generated 1,000-recipient instance and took a 25-school part
from 2.5 s to 0.1 s (docs/performance.md).

Determinism: CP-SAT's parallel workers race, so with ties runs could differ;
``interleave_search`` runs the subsolvers in a fixed interleaved order, so the same model,
seed and worker count take the same search path. One worker is deterministic without it, and
much faster without it, so it is set only for more than one worker. The same path gives the
same answer wherever it ends by a proof or by a work limit (``effort``, CP-SAT's
deterministic time); where the wall clock ends it, the load decides where, and the result
says it may differ on another run (:func:`pairing_planner.solving.result_notes.may_differ`).

The solve runs in a worker thread while the calling thread waits in short joins: Python runs
signal handlers only in the main thread between bytecodes, and Ctrl-C must be able to stop
the search (:mod:`pairing_planner.stop`).
"""

from __future__ import annotations

import threading

from ortools.sat.python import cp_model

from pairing_planner import stop
from pairing_planner.objective import SCALE
from pairing_planner.result.solver_progress import ProgressHook, SolverProgress


def new_solver(
    budget: float,
    *,
    workers: int = 1,
    seed: int = 0,
    effort: float | None = None,
    alone_pairs: int | None = None,
    linearization: int = 2,
) -> cp_model.CpSolver:
    """A solver with ``budget`` seconds, ``workers`` threads and ``seed``; ``effort``, when
    given, a deterministic time limit (CP-SAT's own work units, the same under any load);
    ``linearization`` CP-SAT's ``linearization_level`` (2 here, but for models that the LP's
    cuts only slow down: urban-rural calendars, :mod:`pairing_planner.schedule.model`).

    ``alone_pairs``, when given, is the number of pair variables of a single plan's strict
    model solved by one worker (a province's part): below :data:`PRESOLVE_PAIRS` CP-SAT's
    presolve is skipped, below :data:`SMALL_PAIRS` the settings for small models
    (:data:`SMALL_MODEL`) apply too."""
    solver = cp_model.CpSolver()
    solver.parameters.cp_model_presolve = alone_pairs is None or alone_pairs >= PRESOLVE_PAIRS
    solver.parameters.max_time_in_seconds = max(0.0, budget)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.interleave_search = workers > 1
    solver.parameters.linearization_level = linearization
    solver.parameters.catch_sigint_signal = False
    if effort is not None:
        solver.parameters.max_deterministic_time = effort
    if alone_pairs is not None and alone_pairs < SMALL_PAIRS:
        for name, value in SMALL_MODEL.items():
            setattr(solver.parameters, name, value)
    return solver


PRESOLVE_PAIRS = 20_000
"""Pair variables from which a single plan's solve runs CP-SAT's presolve. Below, presolve
(two rounds of probing) cost more than it saved: the Shandong preset's parts (about 800 pairs
each) were proven in 37 % less time without it (72 parts: 3.0 s against 4.8 s), generated
single counties of 2,000–17,000 pairs in 10 % less (10.0 s against 11.1 s for eight), while a
38,000-pair county took 11.0 s against 10.1 s (docs/performance.md). Only for one worker:
with two interleaved workers and no presolve, CP-SAT 9.15 aborted the process ("Check
failed: heuristics.fixed_search != nullptr") on a small model maximising the least
difference between plans."""

SMALL_PAIRS = 3_000
"""Pair variables below which a single plan's model gets :data:`SMALL_MODEL`."""

SMALL_MODEL = {
    "add_lp_constraints_lazily": False,
    "add_mir_cuts": False,
    "use_sat_inprocessing": False,
}
"""CP-SAT settings for a small part: every constraint in the LP from the start, no MIR
cuts, no SAT inprocessing. On all 288 parts of two generated Shandong provinces (seeds 0
and 7, 100–2,500 pairs each) the proofs took 35 % less time (11.9 s → 7.8 s and
11.5 s → 7.6 s on one core), on 400 national parts 25 % less; on dense 4,000–15,000-pair
counties they took up to three times longer, hence the bound (docs/performance.md)."""


class Reporter(cp_model.CpSolverSolutionCallback):
    """Hands every improving plan's cost (and bound, when the search is by cost) to a hook."""

    def __init__(
        self, rank: int, hook: ProgressHook, cost: cp_model.LinearExpr, by_cost: bool
    ) -> None:
        super().__init__()
        self._rank, self._hook, self._cost, self._by_cost = rank, hook, cost, by_cost

    def on_solution_callback(self) -> None:
        cost = self.value(self._cost) / SCALE
        bound = self.best_objective_bound / SCALE if self._by_cost else cost
        self._hook(SolverProgress(self._rank, cost, bound, self.wall_time))


def run(
    solver: cp_model.CpSolver, model: cp_model.CpModel, callback: Reporter | None = None
) -> cp_model.CpSolverStatus:
    """``solver.solve`` in a worker thread, the calling thread free to take signals; a stop
    request (:mod:`pairing_planner.stop`) ends it, and after one it does not start (UNKNOWN)."""
    if stop.requested():
        return cp_model.UNKNOWN
    outcome: list[cp_model.CpSolverStatus] = []
    worker = threading.Thread(target=lambda: outcome.append(solver.solve(model, callback)))
    with stop.on_stop(solver.stop_search):
        worker.start()
        while worker.is_alive():
            worker.join(0.1)
    return outcome[0]
