"""One worker process: it solves the jobs the server sends it, one at a time, in its main
thread, so that a stop reaches the search as Ctrl-C does (:mod:`pairing_planner.stop`), and
keeps what it loaded between them, so that a re-solve after a lock or forbid starts warm: the
solver imported, each instance file read (again only when it changed), and each instance's
parts proven so far (:mod:`pairing_planner.solving.decomposition.proven_parts`), so that a re-solve
solves only the part a lock or forbid changed.

Messages in (``commands``): ``("solve", Task)``, ``("calendar", CalendarTask)`` (a plan's
activity calendar, :mod:`pairing_planner.web.calendar_making`), ``("stop", job id)``,
``("quit",)``.
Messages out (``events``): ``("running", id)``, ``("progress", id, plan, best, bound,
seconds)``, ``("parts", id, done, all)``, ``("points", id, found, asked)`` (a front's), ``("stage",
id, reading|preparing|writing)`` (the server says solving once parts or progress come),
``("done", id, folder, interrupted)`` (a calendar stopped: no folder), ``("failed", id, status,
problems)``. The worker ends when the server does: its commands pipe closes.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pairing_planner import stop
from pairing_planner.errors import InputError
from pairing_planner.i18n import Language, _, use_language
from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.solver_progress import SolverProgress

if TYPE_CHECKING:
    from pairing_planner.solving.decomposition.proven_parts import KeptParts


@dataclass(frozen=True)
class Task:
    """One solve: the instance file, the options (SolveOptions fields), pairs to lock and
    forbid, a baseline plan to re-plan from, and the folder its result goes under (as
    ``plan solve --out``)."""

    job: str
    instance: str
    options: dict[str, Any]
    out: str
    language: Language
    lock: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    baseline: str = ""
    baseline_plan: int = 1
    front: tuple[str, ...] = ()
    """The two cost terms of a trade-off front to walk instead (``plan solve --front``)."""
    slots: int = 1
    """How many solves the server runs at once: they share the cores (:func:`slot_options`)."""
    command: ClassVar[str] = "solve"


@dataclass(frozen=True)
class CalendarTask:
    """Plan ``rank``'s activity calendar of the result in ``result``, made as ``plan
    calendar`` makes it within ``seconds`` into ``folder``
    (:func:`~pairing_planner.web.calendar_making.make_calendar`)."""

    job: str
    result: str
    rank: int
    folder: str
    language: Language
    seconds: float
    command: ClassVar[str] = "calendar"
    instance: ClassVar[str] = ""
    """No instance a worker keeps prepared: a calendar reads its result's."""


@dataclass
class _Current:
    """The job being solved, and stops asked for jobs not started yet (a DELETE right after
    the job was sent)."""

    job: str | None = None
    stops: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, job: str) -> None:
        with self.lock:
            self.job = job
            if job in self.stops:
                stop.request()

    def end(self) -> None:
        with self.lock:
            self.stops.discard(self.job or "")
            self.job = None

    def stop(self, job: str) -> None:
        with self.lock:
            if self.job == job:
                stop.request()
            else:
                self.stops.add(job)


def serve(commands: Connection, events: Connection) -> None:
    """The worker's loop (the process's target)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C ends it, not a solve
    tasks: queue.Queue[Task | CalendarTask | None] = queue.Queue()
    current = _Current()
    threading.Thread(target=_listen, args=(commands, tasks, current), daemon=True).start()
    sending = threading.Lock()
    loaded: Loaded = {}
    _warm_up()
    while (task := tasks.get()) is not None:
        if isinstance(task, CalendarTask):
            _calendar(task, _sender(events, sending), current)
        else:
            _solve(task, _sender(events, sending), current, loaded)


def _warm_up() -> None:
    """Import the solver stack before the first job: a solve then starts at once."""
    import pairing_planner.api
    import pairing_planner.report.result_folder
    import pairing_planner.solving.strategy  # noqa: F401


def _listen(
    commands: Connection, tasks: queue.Queue[Task | CalendarTask | None], current: _Current
) -> None:
    """Read the server's commands; when it is gone, end the process at once."""
    while True:
        try:
            message = commands.recv()
        except (EOFError, OSError):
            os._exit(0)
        if message[0] in ("solve", "calendar"):
            tasks.put(message[1])
        elif message[0] == "stop":
            current.stop(message[1])
        else:
            tasks.put(None)
            return


def _sender(events: Connection, lock: threading.Lock) -> Any:
    def send(*message: object) -> None:
        with lock:
            events.send(message)

    return send


Loaded = dict[str, tuple[float, Instance, "KeptParts"]]
"""Instances read, by file, with the file's modification time then and the parts proven."""


def _solve(task: Task, send: Any, current: _Current, loaded: Loaded) -> None:
    """Solve ``task`` and write its result as ``plan solve`` does; say how it went, and which
    instances it keeps once it has read this one (:func:`_instance`: the server's record of
    them is this list, so it follows both limits, review 37b, finding 5)."""
    from pairing_planner.api import solve, trade_off
    from pairing_planner.report.result_folder import write_result, writing_seconds
    from pairing_planner.result.plan import Replan
    from pairing_planner.solving.options import SolveOptions

    with _reporting(task.job, task.language, send, current):
        send("stage", task.job, "reading")
        instance, kept = _instance(Path(task.instance), loaded)
        send("kept", task.job, list(loaded))
        send("stage", task.job, "preparing")
        options = SolveOptions(**slot_options(task.options, task.slots))
        replan = (
            Replan(
                baseline=task.baseline,
                baseline_plan=task.baseline_plan,
                lock=task.lock,
                forbid=task.forbid,
            )
            if task.baseline or task.lock or task.forbid
            else None
        )

        def progress(found: SolverProgress) -> None:
            send("progress", task.job, found.plan, found.objective, found.bound, found.seconds)

        def parts(done: int, total: int) -> None:
            send("parts", task.job, done, total)

        def points(found: int, asked: int) -> None:
            send("points", task.job, found, asked)

        writing = writing_seconds(instance, options.resolved(instance).plans)
        if task.front:
            result = trade_off(instance, (task.front[0], task.front[1]), options, points)
        else:
            result = solve(instance, options, progress, parts, replan, reserve=writing, kept=kept)
        send("stage", task.job, "writing")
        folder = write_result(instance, result, task.out, force=True)
        send("done", task.job, str(folder), result.interrupted)


def _calendar(task: CalendarTask, send: Any, current: _Current) -> None:
    """Make plan ``task.rank``'s activity calendar; say how it went (a stop leaves none): no
    calendar proven is a conflict with the plan (409), none found in time worth another try
    (:data:`~pairing_planner.web.job_failures.TRY_AGAIN`)."""
    from pairing_planner.web.calendar_making import (
        NO_CALENDAR,
        NOT_IN_TIME,
        NoCalendar,
        NotInTime,
        make_calendar,
    )
    from pairing_planner.web.job_failures import TRY_AGAIN

    with _reporting(task.job, task.language, send, current):
        try:
            kept = make_calendar(Path(task.result), task.rank, Path(task.folder), task.seconds)
        except NoCalendar as error:
            said = [_(NO_CALENDAR), *error.reasons]
            send("failed", task.job, 409, [{"message": message} for message in said])
            return
        except NotInTime:
            late = _(NOT_IN_TIME).format(seconds=task.seconds)
            send("failed", task.job, TRY_AGAIN, [{"message": late}])
            return
        send("done", task.job, task.folder if kept else None, not kept)


@contextmanager
def _reporting(job: str, language: Language, send: Any, current: _Current) -> Iterator[None]:
    """Run a job in ``language``, stoppable as at Ctrl-C, saying it runs and, when it fails,
    why: bad input (422) with each problem, else a fault of the tool (500); the worker goes
    on to the next job either way."""
    with use_language(language), stop.handling_signals():
        current.start(job)
        try:
            send("running", job)
            yield
        except InputError as error:
            send("failed", job, 422, [_problem(p) for p in error.problems])
        except Exception as error:  # a fault of the tool: said, and the worker goes on
            message = f"{type(error).__name__}: {error}. " + _(
                "This is a fault of the tool, not of your files; report it."
            )
            send("failed", job, 500, [{"message": message}])
        finally:
            current.end()


def slot_options(asked: dict[str, Any], slots: int) -> dict[str, Any]:
    """The options a solve runs with in one of ``slots`` worker slots: its parts in this
    process (the server runs one solve per core, so ``jobs`` asked through the API would
    start a pool of processes per slot, issue 32), and no more search threads than its share
    of the cores (two solves asking 2 each on 2 cores ran 4 threads, issue 32)."""
    share = max(1, (os.cpu_count() or 1) // max(1, slots))
    workers = asked.get("workers")
    return asked | {"jobs": 1} | ({} if workers is None else {"workers": min(workers, share)})


def _instance(path: Path, loaded: Loaded) -> tuple[Instance, KeptParts]:
    """The instance stored at ``path`` (citing its file as the planner knows it:
    :func:`~pairing_planner.web.store.load_stored`) and the parts proven of it, read again
    (and forgotten) only when the file changed since; the least recently solved instances
    are forgotten beyond :data:`INSTANCES_KEPT` or :data:`RECIPIENTS_KEPT`."""
    from pairing_planner.solving.decomposition.proven_parts import KeptParts
    from pairing_planner.web.store import load_stored

    modified = path.stat().st_mtime
    held = loaded.pop(str(path), None)
    if held is None or held[0] != modified:
        held = (modified, load_stored(path.parent), KeptParts())
    loaded[str(path)] = held
    while len(loaded) > 1 and (
        len(loaded) > INSTANCES_KEPT or _recipients(loaded) > RECIPIENTS_KEPT
    ):
        loaded.pop(next(iter(loaded)))
    return held[1], held[2]


def _recipients(loaded: Loaded) -> int:
    return sum(len(instance.recipients) for _modified, instance, _kept in loaded.values())


INSTANCES_KEPT = 4
"""Instances a worker keeps loaded, with their proven parts and check memo (the server's
store holds as many, :data:`~pairing_planner.web.store.HELD`)."""
RECIPIENTS_KEPT = 12_000
"""The recipients of the instances a worker keeps, in all, the latest kept whatever its
size: what a worker holds grows with an instance's candidate pairs, and a province's (the
Shandong preset, 10,000 recipients) takes 170 MB once solved, above the idle worker's 130 MB
(docs/workbench.md), so a worker keeps one province, or several counties and cities, where
it kept eight provinces (issue 32)."""


def _problem(problem: Any) -> dict[str, object]:
    return {
        "message": problem.message,
        "file": problem.file.name if problem.file else None,
        "line": problem.line,
        "field": problem.field,
        "sheet": problem.sheet,
    }
