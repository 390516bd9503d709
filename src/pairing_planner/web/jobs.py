"""Solves as jobs in worker processes (:mod:`pairing_planner.web.worker`): at most one per
core running, the rest queued in order, each job's state in ``DATA/solves/ID/job.json`` and
its result in ``DATA/solves/ID/<instance name>/`` as ``plan solve --out`` writes it.

A restarted server finds every finished result again; a solve that was running when the
server stopped is marked ``interrupted`` (its worker ended with the server) unless its worker
had written its result whole, and a queued one queued again. A stop (DELETE) reaches the
running search as Ctrl-C does, so the best plan so far is written and its ``plans.json`` says
it was interrupted. Which queued job a worker takes is :mod:`~pairing_planner.web.job_queue`'s
rule.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import deque
from dataclasses import asdict, replace
from functools import partial
from pathlib import Path
from typing import Any

from pairing_planner.i18n import _
from pairing_planner.io.atomic import write_atomic
from pairing_planner.report.result_folder import peek
from pairing_planner.web.job_failures import INTERRUPTED_BY_RESTART, TRY_AGAIN, failure
from pairing_planner.web.job_queue import Queued, next_job, passed_by, place
from pairing_planner.web.job_state import (
    CANCELLED,
    DONE,
    FAILED,
    FINISHED,
    INTERRUPTED,
    JOB_FILE,
    QUEUED,
    RUNNING,
    SOLVING,
    Job,
)
from pairing_planner.web.store import ID, new_id
from pairing_planner.web.worker import CalendarTask, Task
from pairing_planner.web.worker_process import WorkerProcess

__all__ = ["DONE", "FAILED", "FINISHED", "RUNNING", "Job", "JobManager"]


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
        self._passed: set[str] = set()
        """Queued jobs a later one was taken before (:mod:`~pairing_planner.web.job_queue`)."""
        self._begun: set[str] = set()
        """Jobs whose worker said it runs them."""
        self._retried: set[str] = set()
        """Jobs queued again once because their worker ended before it began them."""

    def start(self) -> None:
        """Find the jobs of an earlier run, and start the workers."""
        self.root.mkdir(parents=True, exist_ok=True)
        for path in sorted(self.root.glob(f"*/{JOB_FILE}"), key=lambda p: p.stat().st_mtime):
            job = Job.from_record(json.loads(path.read_text("utf-8")))
            if job.state == RUNNING:
                self._after_restart(job)
            self._jobs[job.id] = job
            if job.state == QUEUED:
                self._queue.append(job.id)
        for _slot in range(self.size):
            threading.Thread(target=self._drive, daemon=True).start()

    def _after_restart(self, job: Job) -> None:
        """Mark ``job``, running when the server stopped, interrupted with no result; or
        done (or interrupted by a stop) with its result when its worker wrote it but the
        server ended before it recorded so: a result folder is replaced whole, so a
        ``plans.json`` in it is the complete result (issue 32)."""
        written = sorted(
            path.parent
            for path in (self.root / job.id).glob("*/plans.json")
            if not path.parent.name.startswith(".")
        )
        if written:
            job.folder = str(written[0])
            job.state = INTERRUPTED if peek(written[0]).interrupted else DONE
        else:
            job.state = INTERRUPTED
            job.problems = [{"message": _(INTERRUPTED_BY_RESTART)}]
        self._save(job)

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

    def submit(self, instance: str, task: Task, names: tuple[str, str] = ("", "")) -> Job:
        """Queue a solve of stored ``instance`` (its title and name ``names``, or none: read
        from it when first listed); ``task.out`` is set to the job's folder."""
        job_id = new_id()
        folder = self.root / job_id
        folder.mkdir(parents=True)
        task = Task(**{**asdict(task), "job": job_id, "out": str(folder), "slots": self.size})
        job = Job(job_id, instance, task, title=names[0], name=names[1])
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

    def name(self, job: Job, names: tuple[str, str]) -> None:
        """Keep the instance's title and name in the job of a solve from before they were
        kept: the instance is read once for them."""
        self._update(job, title=names[0], name=names[1])

    def seen(self, job: Job) -> Job:
        """``job`` as it is between two changes, for a reader that takes several of its
        fields: read one by one, a poll saw ``done`` with no result (issue 32)."""
        with self._changed:
            return replace(job)

    def position(self, job: Job) -> int | None:
        """A queued job's place among the jobs (solves and calendars) waiting for a busy
        worker, 1 the next to start, by the rule the workers take jobs by (the free ones
        first, then the busy in turn); None when it is not queued, or a free worker starts it
        at once: just queued, a job was shown "place 1 in the queue" for the second before
        the page asked again, with nothing before it and a worker free (issue 32)."""
        with self._changed:
            if job.id not in self._queue:
                return None
            free = [] if self._ending else [w for w in self._workers if w.job is None]
            turns = free + [w for w in self._workers if w not in free]
            found = place(self._queued(), job.id, [w.loaded for w in turns], self._passed)
            return found - len(free) if found > len(free) else None

    def stop(self, job: Job) -> None:
        """Stop ``job``: a queued one is taken off the queue; a running one's search stops
        and its best plan so far is written."""
        with self._changed:
            if job.id in self._queue:
                self._queue.remove(job.id)
                self._passed.discard(job.id)
                self._retried.discard(job.id)
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
                job = self._take(worker)
            try:
                worker.send(job.task.command, job.task)
                self._follow(worker, job)
            except Exception as error:
                self._lost(job, error)
                self._drop(worker)
                worker = None
            finally:
                with self._changed:
                    if job.state in FINISHED:
                        self._begun.discard(job.id)
                        self._retried.discard(job.id)
                    if worker is not None:
                        worker.job = None
                    self._changed.notify_all()

    def _take(self, worker: WorkerProcess) -> Job:
        """Take the job ``worker`` runs next off the queue (there is one: :meth:`_ready`)."""
        job = self._jobs[self._next_for(worker) or ""]
        self._passed |= passed_by(self._queued(), job.id)
        self._passed.discard(job.id)
        self._queue.remove(job.id)
        self._update(job, state=RUNNING)
        worker.job = job.id
        if job.is_solve:
            worker.takes(job.task.instance)
        return job

    def _lost(self, job: Job, error: Exception) -> None:
        """Record that ``job``'s worker was lost: when it had ended (its pipe closed) before
        it began the job, the job goes back to the head of the queue, once, for the new
        worker the slot starts (a stopped one is cancelled); else the job fails saying why.
        Before, a worker that had ended while idle failed the next solve, which never ran
        (issue 32)."""
        ended = isinstance(error, EOFError | OSError)
        with self._changed:
            if self._closing:
                return
            if ended and job.id not in self._begun and job.id not in self._retried:
                if job.stopping:
                    self._update(job, state=CANCELLED, stopping=False)
                    return
                self._retried.add(job.id)
                self._passed.add(job.id)
                self._queue.appendleft(job.id)
                self._update(job, state=QUEUED, stage=None)
                return
            message = failure(error)
            self._update(job, state=FAILED, failure=500, problems=[{"message": message}])

    def _queued(self) -> list[Queued]:
        return [Queued(job_id, self._jobs[job_id].task.instance) for job_id in self._queue]

    def _ready(self, worker: WorkerProcess) -> bool:
        """Whether ``worker``'s slot has something to do: end, or take a job."""
        return self._closing or (not self._ending and self._next_for(worker) is not None)

    def _next_for(self, worker: WorkerProcess) -> str | None:
        """The queued job ``worker`` takes next (:func:`~pairing_planner.web.job_queue.next_job`),
        or None."""
        idle = [w.loaded for w in self._workers if w is not worker and w.job is None]
        return next_job(self._queued(), worker.loaded, idle, self._passed)

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
            if kind == "running":
                with self._changed:
                    self._begun.add(job.id)
            elif kind == "progress":
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
            elif kind == "kept":
                with self._changed:
                    worker.loaded = list(rest[0])
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
