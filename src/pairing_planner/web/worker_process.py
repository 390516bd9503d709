"""One worker process of ``plan serve`` (:mod:`pairing_planner.web.worker`) as the job manager
(:mod:`pairing_planner.web.jobs`) holds it: the process, the pipe its commands go down and the
pipe its news comes up, the job it runs now and the instances it keeps prepared."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from pairing_planner.web.worker import INSTANCES_KEPT, serve


class WorkerProcess:
    """A worker process and the two pipes to it."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.commands, theirs = context.Pipe(duplex=False)[::-1]
        ours, their_events = context.Pipe(duplex=False)
        self.events: Connection = ours
        self.process: BaseProcess = context.Process(
            target=serve, args=(theirs, their_events), name="plan-serve-worker"
        )
        self.process.start()
        theirs.close()
        their_events.close()
        self.sending = threading.Lock()
        self.job: str | None = None
        """The job it runs now."""
        self.loaded: list[str] = []
        """The instance files it has solved, the latest last: it keeps them prepared, with
        their parts proven (:mod:`pairing_planner.web.worker`). As the worker says once it
        has read a job's instance (its ``kept`` news): it forgets instances past
        ``RECIPIENTS_KEPT`` recipients too, which the server cannot count without reading
        them, and a record of the last four kept a province the worker had dropped, so the
        queue gave that worker a cold solve over an earlier job (review 37b, finding 5)."""

    def takes(self, instance: str) -> None:
        """Note that it solves ``instance`` now, until it says what it keeps: the latest
        :data:`INSTANCES_KEPT` at most."""
        self.loaded = [*(i for i in self.loaded if i != instance), instance][-INSTANCES_KEPT:]

    def send(self, *message: object) -> None:
        with self.sending:
            self.commands.send(message)

    def close(self) -> None:
        """Ask the worker to end, and end it when it does not within a few seconds."""
        with contextlib.suppress(OSError):
            self.send("quit")
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
