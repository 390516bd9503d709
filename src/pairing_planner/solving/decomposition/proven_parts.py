"""Proven part outcomes kept between solves, so that a re-solve re-solves only what changed.

A lock or a forbid changes one independent part of an instance (its rule binds one pair, and
the part holds the pair); the other parts are the same problem as before. A part's outcome
is kept when it is proven: an optimum (or the K best) proven, an infeasibility proven, or a
conflict proven minimal with its least bend proven. The same part, seed and settings then
give the same plans again (a proof, not the clock, ends each search: README, "the same
plans.json"), so handing back the kept outcome changes nothing but the time. An outcome the
clock or a stop cut short is never kept: another run may do better.

A part is known by a digest of everything its solve reads: its instance's data and pair
table, its candidate pairs (:attr:`~pairing_planner.prepare.parts.Part.digest`), and the
task's seed, plans, strictness, threads and language (a diagnosis is worded in it).
``plan serve``'s worker keeps one :class:`KeptParts` per instance file (issue 32: "a
re-solve after a lock or forbid is warm"), with the instance as loaded prepared
(:mod:`pairing_planner.solving.decomposition.prepared`): a re-solve then prepares only what its lock
or forbid changes, and solves the one or two parts it changed in the worker's own process,
starting no pool of processes for them.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING

from pairing_planner.diagnosis.check_memo import CheckMemo
from pairing_planner.instance.index.instance import Instance
from pairing_planner.prepare.parts import Part
from pairing_planner.result.solver_progress import PartHook
from pairing_planner.solving.decomposition.prepared import Prepared, prepare
from pairing_planner.solving.execution.part_tasks import PartOutcome, PartTask
from pairing_planner.solving.execution.process_pool import POOL_PAIRS, PartRunner
from pairing_planner.solving.methods.large_part_search import LARGE_PART

if TYPE_CHECKING:
    from pairing_planner.solving.execution.dask_runner import DaskRunner

MAX_KEPT = 5_000
"""Outcomes kept at most (the oldest dropped first): a province has about 300 parts, and a
planner's morning of locks a few dozen versions of one or two of them."""


class KeptParts:
    """Proven part outcomes by digest, shared by the solves of one process."""

    def __init__(self, size: int = MAX_KEPT) -> None:
        self.size = size
        self._kept: OrderedDict[bytes, PartOutcome] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        """Parts handed back from what was kept, in all (what a benchmark reports)."""
        self._base: Prepared | None = None
        self.check_plans = CheckMemo()
        """Plans that proved the conflict filter's checks feasible, for the base instance and
        its re-plans (:mod:`pairing_planner.diagnosis.check_memo`)."""

    def prepared(self, base: Instance, instance: Instance) -> Prepared:
        """``instance`` (``base``, or ``base`` re-planned with locks and forbids) prepared,
        from ``base`` prepared once and kept (:meth:`Prepared.after`)."""
        with self._lock:
            if self._base is None or self._base.instance is not base:
                self._base = prepare(base)
                self.check_plans = CheckMemo()
            return self._base.after(instance)

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: bytes) -> PartOutcome | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                self.hits += 1
            return found

    def keep(self, key: bytes, outcome: PartOutcome) -> None:
        """Keep ``outcome`` when it is proven (:func:`proven`)."""
        if not proven(outcome):
            return
        with self._lock:
            self._kept[key] = outcome
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


def proven(outcome: PartOutcome) -> bool:
    """Whether a fresh solve of the same part would give ``outcome`` again: every plan asked
    for, none a greedy floor, and every plan's search ended by a proof (OPTIMAL; INFEASIBLE;
    RELAXED with its conflict proven minimal and every plan's least bend proven). A part's
    status is its first plan's: plans 2..K the clock cut short (FEASIBLE) under an OPTIMAL
    part, kept, would come back for good, where a quieter run proves better ones."""
    if outcome.floored or not outcome.complete:
        return False
    minimal = outcome.diagnosis is None or outcome.diagnosis.minimal
    every_optimal = all(p.status == "OPTIMAL" for p in outcome.plans)
    if outcome.status == "OPTIMAL":
        return every_optimal
    if outcome.status == "INFEASIBLE":
        return minimal
    if outcome.status == "RELAXED":
        return minimal and every_optimal and all(p.least_bend_proven for p in outcome.plans)
    return False


def part_key(kind: str, part: Part, task: PartTask) -> bytes:
    """The digest of what solving ``part`` by ``kind`` (``solve_part``, ``relax_part``)
    reads; never the deadline, which only decides whether the search is proven in time. The
    threads only for a part of :data:`LARGE_PART` pairs, the only one whose search reads them:
    hashed for every part, the sample city solved in a pool and then, the load having made
    the pool not pay, warm in the calling process matched none of its 16 parts (issue 31)."""
    threads = task.threads if len(part.candidates) >= LARGE_PART else 0
    read = (
        kind,
        part.digest,
        task.seed,
        task.plans,
        task.strict,
        threads,
        task.language,
    )
    return hashlib.blake2b(pickle.dumps(read, pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


class KeptRunner:
    """A part runner (the process pool's or Dask's) that hands back kept outcomes and runs
    only the other parts, keeping what they prove. The inner runner is entered (its pool
    started) only when the parts left to solve are worth it: fewer than :data:`POOL_PAIRS`
    candidate pairs in all run in this process, as a small solve's parts do (a lock's one
    part of a province: starting two processes cost more than the part)."""

    def __init__(self, inner: PartRunner | DaskRunner, kept: KeptParts) -> None:
        self.inner = inner
        self.kept = kept
        self._entered = False

    @property
    def jobs(self) -> int:
        return self.inner.jobs

    def __enter__(self) -> KeptRunner:
        """Starts the inner runner now only when nothing is kept yet (a first solve: its
        pool starts while the floors are timed, as without kept parts)."""
        if not len(self.kept):
            self._enter()
        return self

    def _enter(self) -> None:
        if not self._entered:
            self.inner.__enter__()
            self._entered = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._entered:
            self.inner.__exit__(kind, error, trace)

    def _runner(self, parts: list[Part]) -> PartRunner | DaskRunner:
        """This process for fewer than :data:`POOL_PAIRS` pairs (unless the planner chose
        Dask), else the inner runner, entered on first use."""
        pairs = sum(len(p.candidates) for p in parts)
        if isinstance(self.inner, PartRunner) and pairs < POOL_PAIRS:
            return PartRunner(1)
        self._enter()
        return self.inner

    def _hows(
        self, hows: list[PartTask], runner: PartRunner | DaskRunner, parts: list[Part]
    ) -> list[PartTask]:
        """``hows`` with the kept check plans when ``runner`` runs ``parts`` in this process
        (a pool's or Dask's workers never see them)."""
        if isinstance(runner, PartRunner) and runner.here(parts):
            return [replace(how, check_plans=self.kept.check_plans) for how in hows]
        return hows

    def run(
        self,
        task: Callable[[Part, PartTask], PartOutcome],
        parts: list[Part],
        hows: list[PartTask],
        on_part: PartHook | None,
    ) -> list[PartOutcome | None]:
        """``task`` on every part not kept; the outcomes in the order of ``parts``."""
        keys = [part_key(task.__name__, p, h) for p, h in zip(parts, hows, strict=True)]
        outcomes: list[PartOutcome | None] = [self.kept.get(k) for k in keys]
        missing = [i for i, o in enumerate(outcomes) if o is None]
        done = len(parts) - len(missing)
        if on_part is not None and done:
            on_part(done, len(parts))
        hook = None if on_part is None else lambda n, _all: on_part(done + n, len(parts))
        if missing:
            left = [parts[i] for i in missing]
            runner = self._runner(left)
            left_hows = self._hows([hows[i] for i in missing], runner, left)
            found = runner.run(task, left, left_hows, hook)
            for i, outcome in zip(missing, found, strict=True):
                outcomes[i] = outcome
                if outcome is not None:
                    self.kept.keep(keys[i], outcome)
        return outcomes
