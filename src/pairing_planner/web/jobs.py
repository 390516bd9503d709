"""Solves as jobs in worker processes (:mod:`pairing_planner.web.worker`): at most one per
core running, the rest queued in order, each job's state in ``DATA/solves/ID/job.json`` and
its result in ``DATA/solves/ID/<instance name>/`` as ``plan solve --out`` writes it.

A restarted server finds every finished result again; a solve that was running when the
server stopped is marked ``interrupted`` (its worker ended with the server), and a queued one
queued again. A stop (DELETE) reaches the running search as Ctrl-C does, so the best plan so
far is written and its ``plans.json`` says it was interrupted.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from pairing_planner.i18n import _
from pairing_planner.io.atomic import write_atomic
from pairing_planner.web.job_failures import INTERRUPTED_BY_RESTART, TRY_AGAIN, failure
from pairing_planner.web.store import ID, new_id
from pairing_planner.web.worker import CalendarTask, Task
from pairing_planner.web.worker_process import WorkerProcess

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
SOLVING = "solving"
"""The stage of a job whose worker has reported a part or a plan found."""
INTERRUPTED, CANCELLED = "interrupted", "cancelled"
FINISHED = frozenset({DONE, FAILED, INTERRUPTED, CANCELLED})
JOB_FILE = "job.json"


@dataclass
class Job:
    """A solve the server was asked for: its state, the latest progress and, once done, the
    folder of its result (or the problems that stopped it); or a plan's calendar to make (kept
    in memory only: a restart schedules it again when asked)."""

    id: str
    instance: str
    task: Task | CalendarTask
    state: str = QUEUED
    created: float = field(default_factory=time.time)
    progress: dict[str, float] | None = None
    parts: list[int] | None = None
    points: list[int] | None = None
    """A front's points found so far, and the points asked."""
    stage: str | None = None
    """What the worker does (reading, preparing, solving, writing): a large instance is read
    and split for seconds before any progress; the search is solving once a part or a plan
    is reported (a decomposed solve said preparing through all its parts, issue 32); none
    once the job has ended."""
    folder: str | None = None
    problems: list[dict[str, object]] = field(default_factory=list)
    failure: int | None = None
    stopping: bool = False
    changes: int = 0
    """Counts every change, so a watcher (the events stream) sees that there is news."""

    @property
    def has_result(self) -> bool:
        """Whether it wrote a result: done, or stopped with its best plan so far (a stop by
        the planner or the server's ending; a restart's ``interrupted`` has none). The state
        is read first: it is set after the folder (:meth:`JobManager._update`)."""
        return self.state in (DONE, INTERRUPTED) and self.folder is not None

    def record(self) -> dict[str, Any]:
        """What ``job.json`` keeps (progress is not kept: it is over once the job is)."""
        kept = {k: v for k, v in asdict(self).items() if k not in ("progress", "changes")}
        return kept | {"task": asdict(self.task)}

    @property
    def is_solve(self) -> bool:
        """Whether it is a solve (not a calendar)."""
        return isinstance(self.task, Task)

    @classmethod
    def from_record(cls, found: dict[str, Any]) -> Job:
        task = found.pop("task")
        task["lock"], task["forbid"] = tuple(task["lock"]), tuple(task["forbid"])
        return cls(task=Task(**task), **found)


class JobManager:
    """The jobs of a server: submitted, queued, run by ``workers`` worker processes, kept
    under ``root``."""

    def __init__(self, root: Path, workers: int) -> None:
        self.root = root
        self.size = max(1, workers)
        self._jobs: dict[str, Job] = {}
        self._calendars: dict[str, Job] = {}
        """The latest calendar job of each calendar folder."""
        self._queue: deque[str] = deque()
        self._changed = threading.Condition()
        self._workers: list[WorkerProcess] = []
        self._closing = False
        self._ending = False
        """Set when the server ends: no queued job is started any more."""
        self._stopped: list[Job] = []
        """The jobs that were running when the server began to end."""
        self.ended: list[Job] = []
        """The jobs that were running when the server ended, as they ended."""
        self._signalled: list[Job] = []
        """Jobs whose search a signal stopped that no DELETE asked for: Ctrl-C in the
        server's terminal reaches its workers, and may stop a solve before the server ends."""

    def start(self) -> None:
        """Find the jobs of an earlier run, and start the workers."""
        self.root.mkdir(parents=True, exist_ok=True)
        for path in sorted(self.root.glob(f"*/{JOB_FILE}"), key=lambda p: p.stat().st_mtime):
            job = Job.from_record(json.loads(path.read_text("utf-8")))
            if job.state == RUNNING:
                job.state = INTERRUPTED
                job.problems = [{"message": _(INTERRUPTED_BY_RESTART)}]
                self._save(job)
            self._jobs[job.id] = job
            if job.state == QUEUED:
                self._queue.append(job.id)
        for _slot in range(self.size):
            threading.Thread(target=self._drive, daemon=True).start()

    @property
    def ending(self) -> bool:
        """Whether the server is ending: an events stream then ends, so that its connection
        closes and the server can end."""
        return self._ending

    def begin_ending(self) -> None:
        """Begin ending as soon as the server is asked to (Ctrl-C, SIGTERM): no queued job
        is started any more, each running solve is stopped as ``DELETE`` stops it, and the
        events streams are told to end. uvicorn waits for open connections before the app's
        own ending (:meth:`close`): a page watching a solve kept the server up until the
        solve ran to its limit, and a queued one then started (issue 32)."""
        with self._changed:
            if self._ending:
                return
            self._ending = True
            self._stopped = self._signalled + [j for j in self._jobs.values() if j.state == RUNNING]
            busy = [w for w in self._workers if w.job is not None]
        for worker in busy:
            with contextlib.suppress(OSError):
                worker.send("stop", worker.job)
        with self._changed:
            for job in self._stopped:
                self._update(job, stopping=True)
            self._changed.notify_all()

    def close(self) -> None:
        """End the workers, each running solve first stopped (:meth:`begin_ending`; Ctrl-C
        in the server's terminal reaches the workers too, which are in its process group,
        and does the same), waiting up to :data:`STOP_SECONDS` for them to write their best
        plan so far, marked interrupted; :attr:`ended` then holds them (what ``plan serve``
        says as it ends). Queued solves run when the server starts again."""
        self.begin_ending()
        with self._changed:
            running = self._stopped + [j for j in self._signalled if j not in self._stopped]
            self._changed.wait_for(lambda: all(j.state in FINISHED for j in running), STOP_SECONDS)
            self._closing = True
            self._changed.notify_all()
            workers = list(self._workers)
        for worker in workers:
            worker.close()
        self.ended = [job for job in running if job.is_solve]

    def queued(self) -> int:
        """Solves waiting in the queue (its calendars are not counted: kept in memory only,
        they do not run when the server starts again, as solves do)."""
        with self._changed:
            return sum(1 for job_id in self._queue if self._jobs[job_id].is_solve)

    def submit(self, instance: str, task: Task) -> Job:
        """Queue a solve of stored ``instance``; ``task.out`` is set to the job's folder."""
        job_id = new_id()
        folder = self.root / job_id
        folder.mkdir(parents=True)
        job = Job(job_id, instance, Task(**{**asdict(task), "job": job_id, "out": str(folder)}))
        with self._changed:
            self._jobs[job_id] = job
            self._queue.append(job_id)
            self._save(job)
            self._changed.notify_all()
        return job

    def calendar(self, task: CalendarTask, *, again: bool = False) -> Job:
        """The job making the calendar ``task`` asks for: the one queued or running, or the
        one that failed (its problems say why) unless asked ``again`` or it failed only for
        want of time (:data:`~pairing_planner.web.job_failures.TRY_AGAIN`: a calendar not
        found in the time given on a busy machine may be found the next time); else ``task``
        queued."""
        with self._changed:
            held = self._calendars.get(task.folder)
            standing = held is not None and held.state == FAILED and held.failure != TRY_AGAIN
            if held is not None and (held.state in (QUEUED, RUNNING) or (standing and not again)):
                return held
            job_id = new_id()
            job = Job(job_id, task.result, replace(task, job=job_id))
            self._jobs[job_id] = self._calendars[task.folder] = job
            self._queue.append(job_id)
            self._changed.notify_all()
            return job

    def calendar_job(self, folder: str) -> Job | None:
        """The latest job making the calendar kept in ``folder``, or None."""
        with self._changed:
            return self._calendars.get(folder)

    def get(self, job_id: str) -> Job | None:
        """The solve ``job_id``, or None."""
        if not ID.fullmatch(job_id):
            return None
        with self._changed:
            found = self._jobs.get(job_id)
            return found if found is not None and found.is_solve else None

    def seen(self, job: Job) -> Job:
        """``job`` as it is between two changes, for a reader that takes several of its
        fields: read one by one, a poll saw ``done`` with no result (issue 32)."""
        with self._changed:
            return replace(job)

    def position(self, job: Job) -> int | None:
        """A queued job's place among the jobs (solves and calendars) waiting for a busy
        worker, 1 the next to start; None when it is not queued, or a free worker starts it
        at once: just queued, a job was shown "place 1 in the queue" for the second before
        the page asked again, with nothing before it and a worker free (issue 32)."""
        with self._changed:
            if job.id not in self._queue:
                return None
            place = self._queue.index(job.id) + 1
            free = 0 if self._ending else sum(1 for w in self._workers if w.job is None)
            return place - free if place > free else None

    def stop(self, job: Job) -> None:
        """Stop ``job``: a queued one is taken off the queue; a running one's search stops
        and its best plan so far is written."""
        with self._changed:
            if job.id in self._queue:
                self._queue.remove(job.id)
                self._update(job, state=CANCELLED)
                return
            if job.state != RUNNING:
                return
            self._update(job, stopping=True)
            worker = next((w for w in self._workers if w.job == job.id), None)
        if worker is not None:
            worker.send("stop", job.id)

    def wait(self, job: Job, seen: int, timeout: float) -> int:
        """Block until ``job`` changes after ``seen`` (its ``changes``), or ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: job.changes != seen or self._ending, timeout)
            return job.changes

    def _drive(self) -> None:
        """One slot: a worker started before the first job (so that it has imported the
        solver by then), the next queued job solved by it, what it says recorded."""
        worker: WorkerProcess | None = None
        while True:
            if worker is None:
                worker = self._new_worker()
            with self._changed:
                self._changed.wait_for(partial(self._ready, worker))
                if self._closing:
                    return
                job = self._jobs[self._next_for(worker) or ""]
                self._queue.remove(job.id)
                self._update(job, state=RUNNING)
                worker.job = job.id
                if job.is_solve:
                    worker.takes(job.task.instance)
            try:
                worker.send(job.task.command, job.task)
                self._follow(worker, job)
            except Exception as error:
                if not self._closing:
                    message = failure(error)
                    self._update(job, state=FAILED, failure=500, problems=[{"message": message}])
                self._drop(worker)
                worker = None
            finally:
                if worker is not None:
                    with self._changed:
                        worker.job = None
                        self._changed.notify_all()

    def _ready(self, worker: WorkerProcess) -> bool:
        """Whether ``worker``'s slot has something to do: end, or take a job."""
        return self._closing or (not self._ending and self._next_for(worker) is not None)

    def _next_for(self, worker: WorkerProcess) -> str | None:
        """The queued job ``worker`` takes next: the first of an instance it has solved
        before (kept prepared there, its parts proven: a re-solve after a lock is warm only
        in the worker that solved the instance, issue 32), else the first that no other idle
        worker has solved (that one takes it); None when there is none."""
        idle = [w for w in self._workers if w is not worker and w.job is None]
        first = None
        for job_id in self._queue:
            instance = self._jobs[job_id].task.instance
            if instance in worker.loaded:
                return job_id
            if first is None and not any(instance in w.loaded for w in idle):
                first = job_id
        return first

    def _drop(self, worker: WorkerProcess) -> None:
        """End a worker whose slot lost track of it (it ended, or its news could not be
        read) and forget it: the slot starts a new one. Before, any error but a closed pipe
        ended the slot's thread silently, its job left running for ever (issue 32)."""
        worker.close()
        with self._changed:
            if worker in self._workers:
                self._workers.remove(worker)

    def _new_worker(self) -> WorkerProcess:
        worker = WorkerProcess()
        with self._changed:
            self._workers.append(worker)
            if self._closing:
                worker.close()
        return worker

    def _follow(self, worker: WorkerProcess, job: Job) -> None:
        """Record the worker's news of ``job`` until it is done or failed."""
        while True:
            kind, _id, *rest = worker.events.recv()
            if kind == "progress":
                plan, best, bound, seconds = rest
                gap = abs(best - bound) / max(abs(best), 1e-9)
                found = {"plan": plan, "best": best, "bound": bound, "gap": gap}
                self._update(job, progress=found | {"seconds": seconds}, stage=SOLVING, save=False)
            elif kind == "parts":
                self._update(job, parts=list(rest), stage=SOLVING, save=False)
            elif kind == "points":
                self._update(job, points=list(rest), save=False)
            elif kind == "stage":
                self._update(job, stage=rest[0], save=False)
            elif kind == "done":
                folder, interrupted = rest
                if interrupted and not job.stopping:
                    with self._changed:
                        self._signalled.append(job)
                state = INTERRUPTED if interrupted else DONE
                self._update(job, state=state, folder=folder, stopping=False, stage=None)
                return
            elif kind == "failed":
                self._update(job, state=FAILED, failure=rest[0], problems=rest[1], stage=None)
                return

    def _update(self, job: Job, *, save: bool = True, **changes: Any) -> None:
        """Apply ``changes``, the state last: :attr:`Job.has_result` reads it first."""
        with self._changed:
            for name, value in sorted(changes.items(), key=lambda change: change[0] == "state"):
                setattr(job, name, value)
            job.changes += 1
            if save:
                self._save(job)
            self._changed.notify_all()

    def _save(self, job: Job) -> None:
        if not job.is_solve:
            return
        write_atomic(self.root / job.id / JOB_FILE, json.dumps(job.record(), ensure_ascii=False))


STOP_SECONDS = 30.0
"""How long a server that is ending waits for its running solves to write their best plan
(the Shandong preset's result takes about 1.5 s to write; a stop reaches the search within
a second)."""
