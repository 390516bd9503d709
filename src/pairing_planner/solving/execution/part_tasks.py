"""What one independent part's worker does, as plain data in and out (they cross process
boundaries): solve the part — by min-cost flow when its rules allow, else by CP-SAT — or, for
a part no plan keeps every rule of, diagnose and relax it."""

from __future__ import annotations

import pickle
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from pairing_planner.algorithms.flow import flow_takes, solve_by_flow
from pairing_planner.algorithms.greedy import greedy_keeps, greedy_pairs
from pairing_planner.clock import Deadline
from pairing_planner.cpsat.build import build_model
from pairing_planner.cpsat.check_plan import check_plan
from pairing_planner.cpsat.extract import plan_from_pairs
from pairing_planner.diagnosis.check_memo import CheckMemo
from pairing_planner.diagnosis.checks import conflict_messages
from pairing_planner.diagnosis.conflict import minimal_conflict
from pairing_planner.i18n import Language, use_language
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.prepare.costs import pair_costs
from pairing_planner.prepare.parts import Part
from pairing_planner.prepare.problem import problem_data
from pairing_planner.result.plan import Diagnosis, Plan, Result, Status
from pairing_planner.said import Said
from pairing_planner.solving.methods.least_penalty import solve_relaxed
from pairing_planner.solving.methods.one_model import solve
from pairing_planner.solving.options import SolveOptions


@dataclass(frozen=True)
class PartTask:
    """How every part of one solve is to be solved."""

    seed: int
    threads: int
    """Threads a large part's neighbourhood search may use (cores left over by the parts)."""
    deadline: Deadline
    """The solve's deadline (monotonic; it crosses to a worker as the seconds left), this
    part's moved earlier by the floors queued behind it (:func:`staggered`)."""
    strict: bool
    language: Language
    """The caller's language: a spawned worker starts in English."""
    plans: int
    seconds: float | None = None
    """For diagnosis and relaxation: this part's own slice of the time left."""
    work: float = 0.0
    """Deterministic time this part is guaranteed however late it starts
    (:func:`pairing_planner.solving.execution.guaranteed_work.part_work`)."""
    check_plans: CheckMemo | None = None
    """For diagnosis in this process only: the plans that proved earlier conflict checks
    of this instance feasible (:mod:`pairing_planner.diagnosis.check_memo`). A task sent to
    another process carries none (the memo holds a lock, which does not pickle)."""

    def options(self) -> SolveOptions:
        """One CP-SAT worker per part: parts are small, one worker is deterministic and was far
        faster on them than a 2-worker portfolio (docs/performance.md); parallelism comes from
        solving parts at once. No time limit: the part's time is :attr:`deadline`, handed to
        its solve as it is."""
        return SolveOptions(
            plans=self.plans,
            seed=self.seed,
            workers=1,
            jobs=self.threads,
            min_diff=1,
            within=None,
        )


@dataclass(frozen=True)
class PartOutcome:
    """What solving one part gave: its plans (best first; none when it has none), status, and
    whether flow solved it."""

    plans: tuple[Plan, ...]
    status: Status
    by_flow: bool
    build_seconds: float = 0.0
    diagnosis: Diagnosis | None = None
    """For a part no plan keeps every rule of: its conflicting rules."""
    peak_mb: float = 0.0
    """Largest resident memory of the process that solved it, so far (MB)."""
    complete: bool = True
    """Every plan asked for came back, or no further plan exists."""
    structural: tuple[Said, ...] = ()
    """The part's structural conflicts
    (:func:`pairing_planner.diagnosis.checks.conflict_messages`)."""
    floored: bool = False
    """Its greedy floor, taken because time ran out (or a stop came) before its search
    (:func:`floor_part`): what that plan bends proves nothing about the rules."""


def floor_rate(parts: list[Part], task: PartTask) -> float:
    """Seconds per candidate pair that greedy floors take on this machine now: the floors of
    a few parts timed here, their outcomes pickled as a worker returns them, taken three
    times: timed alone, they later run in ``jobs`` workers beside whatever else loads the
    machine, and parts vary. Measured rather than assumed, because the load decides it: 6 µs
    per pair on a quiet 2-core machine, three times that with four CPU burners."""
    sample = sorted(parts, key=lambda p: len(p.candidates))[-3:]
    start = time.perf_counter()
    for part in sample:
        pickle.dumps(floor_part(part, task))
    return 3 * (time.perf_counter() - start) / max(1, sum(len(p.candidates) for p in sample))


def staggered(parts: list[Part], task: PartTask, jobs: int, rate: float) -> list[PartTask]:
    """Each part's task, its deadline moved earlier by what the greedy floors of the parts
    queued after it take on ``jobs`` processes at ``rate`` seconds per pair
    (:func:`floor_rate`): a part still searching at its own deadline leaves them the time, so
    a solve cut by its limit still ends by ``task.deadline`` (with one deadline shared by
    all parts, a 6 s limit on the Shandong preset was overrun by 1.4 s, 271 floors made after
    it)."""
    after = [0] * len(parts)
    for i in range(len(parts) - 2, -1, -1):
        after[i] = after[i + 1] + len(parts[i + 1].candidates)
    return [replace(task, deadline=task.deadline - rate * n / max(1, jobs)) for n in after]


def solve_part(part: Part, task: PartTask) -> PartOutcome:
    """One part: by min-cost flow when its rules allow it, else by CP-SAT within the deadline;
    status INFEASIBLE and no plan when no plan keeps every rule (:func:`relax_part` follows)."""
    with use_language(task.language):
        outcome = _solve_part(part, task)
    return replace(outcome, peak_mb=_peak_mb())


def relax_part(part: Part, task: PartTask) -> PartOutcome:
    """A part no plan keeps every rule of, within ``task.seconds`` from now: its minimal
    conflict and, unless strict, its least relaxation. The two are independent, so the
    diagnosis runs in a second thread beside the relaxation (CP-SAT releases the GIL): Heze as
    printed, 0.55 s and 0.48 s, takes the longer of the two, not the sum. Only the parts that
    need it pay for diagnosis and relaxation."""
    mine = (
        task if task.seconds is None else replace(task, deadline=task.deadline.within(task.seconds))
    )
    with use_language(task.language), ThreadPoolExecutor(1) as beside:
        diagnosing = beside.submit(
            minimal_conflict, part.instance, part.pairs, mine.deadline, task.seed, task.check_plans
        )
        if task.strict:
            outcome = PartOutcome((), "INFEASIBLE", False, 0.0, diagnosing.result())
        else:
            relaxed = solve_relaxed(
                part.instance, mine.options(), None, part.pairs, task.work, deadline=mine.deadline
            )
            outcome = _outcome(relaxed, mine, diagnosing.result())
    return replace(outcome, peak_mb=_peak_mb())


def floor_part(part: Part, task: PartTask) -> PartOutcome:
    """A part a stop or the deadline left unsolved: the greedy plan, schools it cannot serve
    left without a helper, checked against the part's rules in a relaxed model over its own
    pairs (what it bends is declared, as the verifier counts it); FEASIBLE, never called
    optimal, and marked floored: it is not known to be complete, nor whether a plan keeping
    every rule exists."""
    return replace(_floor(part, task), floored=True, complete=False)


def _floor(part: Part, task: PartTask) -> PartOutcome:
    with use_language(task.language):
        problem = problem_data(part.instance, part.candidates)
        complete = greedy_pairs(problem) if greedy_keeps(problem) else None
        if complete is not None:
            return _greedy_outcome(part, complete)
        pairs = greedy_pairs(problem, leave_unserved=True) or []
        built = build_model(part.instance, pairs, mode="relaxed")
        floor = check_plan(built, pairs, CHECK_SECONDS)
        if floor is None:
            return PartOutcome((), "UNKNOWN", False)
        plan = plan_from_pairs(
            built.costs,
            floor.pairs,
            rank=1,
            status="FEASIBLE",
            objective=floor.cost,
            bound=None,
            seconds=0.0,
            relaxations=list(floor.relaxations),
        )
    return PartOutcome((plan,), "FEASIBLE", False)


def _greedy_outcome(part: Part, pairs: list[PairKey]) -> PartOutcome:
    """A complete greedy plan of a part whose rules it keeps: no model needed."""
    costs = pair_costs(part.instance, pairs)
    cost = costs.plan_cost(pairs)
    plan = plan_from_pairs(
        costs,
        pairs,
        rank=1,
        status="FEASIBLE",
        objective=cost,
        bound=None,
        seconds=0.0,
        relaxations=[],
    )
    return PartOutcome((plan,), "FEASIBLE", False)


CHECK_SECONDS = 5.0
"""How long the check of a stopped part's greedy plan may take (it is over its own pairs)."""


def _peak_mb() -> float:
    """This process's largest resident set so far, in MB. On Linux the kernel's high-water
    mark of its own memory (``VmHWM``): ``ru_maxrss`` of a spawned worker counts the parent's
    pages at the fork before its exec, and so reported 1.2 GB for workers of 15 MB when the
    parent held 1.2 GB. Elsewhere ``ru_maxrss`` (macOS counts bytes)."""
    import resource

    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 2**10, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


def _solve_part(part: Part, task: PartTask) -> PartOutcome:
    """By flow when the rules allow (exact and fast, even late; a plan it finds proves no
    structural conflict, so the checks run only when it finds none); else by CP-SAT, with its
    guaranteed work however late it starts (a small part is then proven under any load);
    a part without one that starts after the deadline takes the greedy floor at once:
    building a CP-SAT model for a part with no time left would only overrun the limit (a
    loaded province solve overran it by 90 % that way)."""
    problem = problem_data(part.instance, part.candidates)
    by_flow = task.plans == 1 and flow_takes(problem)
    if not by_flow and not task.work and task.deadline.passed():
        return floor_part(part, task)
    if by_flow and (plan := solve_by_flow(problem)) is not None:
        return PartOutcome((plan,), "OPTIMAL", True)
    structural = conflict_messages(part.instance, part.pairs)
    if structural:
        return PartOutcome((), "INFEASIBLE", False, structural=tuple(structural))
    if by_flow:
        return PartOutcome((), "INFEASIBLE", True)
    solved = solve(
        part.instance, task.options(), pairs=part.pairs, work=task.work, deadline=task.deadline
    )
    return _outcome(solved, task)


def _outcome(result: Result, task: PartTask, diagnosis: Diagnosis | None = None) -> PartOutcome:
    complete = len(result.plans) == task.plans or result.exhausted
    return PartOutcome(
        tuple(result.plans),
        result.status,
        False,
        result.build_seconds,
        diagnosis,
        complete=complete,
    )
