"""The workbench's jobs and workers (issue 32, review 37C): a worker that ended while idle,
the queue's fairness and the place it shows, the list of solves read without the instances,
what a worker keeps, threads per slot, and a result written as the server stopped."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from pairing_planner.web import jobs, store, worker
from pairing_planner.web.job_failures import INTERRUPTED_BY_RESTART, WORKER_ENDED
from pairing_planner.web.worker import Task, slot_options
from tests.web_helpers import done, examples_server, stand_in_solve_ended

HEZE = Path(__file__).resolve().parent.parent / "instances" / "heze-as-stated.yaml"


def _task(instance: str = "x.yaml") -> Task:
    return Task(job="", instance=instance, options={}, out="", language="en")


class _Ending:
    """A worker process stood in for: the first :attr:`ended` made end (their pipe closes)
    before they begin their job, or, with :attr:`begun`, just after saying they run it;
    every later one does its job at once."""

    made: ClassVar[list[_Ending]] = []
    ended: ClassVar[int] = 1
    begun: ClassVar[bool] = False

    def __init__(self) -> None:
        self.job: str | None = None
        self.loaded: list[str] = []
        self.events = self
        self.said_running = False
        _Ending.made.append(self)

    def takes(self, instance: str) -> None:
        self.loaded.append(instance)

    def send(self, *message: object) -> None:
        """Nothing to send: what it says is :meth:`recv`'s."""

    def recv(self) -> tuple[object, ...]:
        if _Ending.made.index(self) >= _Ending.ended:
            return ("done", self.job, "folder", False)
        if _Ending.begun and not self.said_running:
            self.said_running = True
            return ("running", self.job)
        raise EOFError

    def close(self) -> None:
        """Nothing to end."""


def _ended_solve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ended: int, *, begun: bool
) -> jobs.Job:
    """A solve submitted to a manager whose first ``ended`` workers end, once it finished."""
    monkeypatch.setattr(jobs, "WorkerProcess", _Ending)
    monkeypatch.setattr(_Ending, "made", [])
    monkeypatch.setattr(_Ending, "ended", ended)
    monkeypatch.setattr(_Ending, "begun", begun)
    return stand_in_solve_ended(tmp_path / "solves", _task())


def test_a_worker_ended_before_it_began_a_job_hands_it_to_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that had ended while idle failed the next solve, which never ran; now the
    solve goes back to the head of the queue and a new worker solves it."""
    job = _ended_solve(tmp_path, monkeypatch, 1, begun=False)
    assert (job.state, job.problems) == (jobs.DONE, [])
    assert len(_Ending.made) == 2


def test_a_job_goes_back_to_the_queue_once_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job whose worker ends before beginning it twice fails, saying so: it is not handed
    from worker to worker for ever."""
    job = _ended_solve(tmp_path, monkeypatch, 2, begun=False)
    assert job.state == jobs.FAILED
    assert job.problems == [{"message": WORKER_ENDED}]


def test_a_worker_ending_mid_solve_still_fails_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that ends after it began the solve fails it (it may end again), saying so."""
    job = _ended_solve(tmp_path, monkeypatch, 1, begun=True)
    assert job.state == jobs.FAILED
    assert job.problems == [{"message": WORKER_ENDED}]


@pytest.mark.slow
def test_a_real_worker_killed_while_idle_fails_no_solve(tmp_path: Path) -> None:
    """The review's reproduction: the idle worker process killed, the next solve is done."""
    with examples_server(tmp_path, "en") as client:
        manager = client.app.state.server.jobs  # type: ignore[attr-defined]
        until = time.monotonic() + 60
        while not manager._workers and time.monotonic() < until:
            time.sleep(0.05)
        [idle] = manager._workers
        opened = client.post("/api/examples/heze-as-stated").json()
        os.kill(idle.process.pid, signal.SIGKILL)
        idle.process.join(30)
        solve = client.post("/api/solves", json={"instance": opened["id"], "options": {}})
        found = done(client, solve.json()["id"])
        assert (found["state"], found["problems"]) == ("done", [])


class _Holding:
    """A worker slot stood in for, holding the instances it solved."""

    def __init__(self, loaded: list[str]) -> None:
        self.loaded = loaded
        self.job: str | None = None

    def takes(self, instance: str) -> None:
        self.loaded.append(instance)


def test_the_place_shown_is_the_order_jobs_start_in(tmp_path: Path) -> None:
    """A busy worker holding instance Y took every later job of Y before a job of X queued
    first, shown "place 1" all along. Now a job is passed over once at most, and each
    queued job's place, asked while the worker is busy, is when it starts."""
    manager = jobs.JobManager(tmp_path, 1)
    busy = _Holding(["Y.yaml"])
    manager._workers.append(busy)  # type: ignore[arg-type]
    busy.job = "busy"
    waiting = [manager.submit("x", _task("X.yaml"))]
    waiting += [manager.submit("y", _task("Y.yaml")) for _ in range(3)]
    started = []
    while manager._queue:
        places = {job.id: manager.position(job) for job in waiting if job.state == jobs.QUEUED}
        busy.job = None
        with manager._changed:
            taken = manager._take(busy)  # type: ignore[arg-type]
        started.append(taken)
        assert places[taken.id] == 1
        assert sorted(places.values()) == list(range(1, len(places) + 1))
    assert [job.task.instance for job in started] == ["Y.yaml", "X.yaml", "Y.yaml", "Y.yaml"]


@pytest.mark.slow
def test_the_list_of_solves_reads_no_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the server held fewer instances than it kept solves of, each listing read every
    other instance from disk (a province's in seconds). Now the title kept with each solve
    is listed; a solve from before titles were kept reads its instance once."""
    with examples_server(tmp_path, "en") as client:
        at = client.app.state.server  # type: ignore[attr-defined]
        for k in range(2):
            upload = {"file": (f"heze{k}.yaml", HEZE.read_bytes())}
            instance = client.post("/api/instances", files=upload).json()["id"]
            body = {"instance": instance, "options": {"seed": 0}}
            solve = client.post("/api/solves", json=body).json()["id"]
            assert done(client, solve)["state"] == "done"
        read: list[Path] = []
        real = store.load_stored
        monkeypatch.setattr(
            store, "load_stored", lambda folder: read.append(folder) or real(folder)
        )
        at.store._held.clear()
        listed = client.get("/api/solves").json()
        assert len(listed) == 2 and read == []
        title = listed[0]["title"]
        assert title and title != listed[0]["instance"]
        old = at.jobs.get(listed[0]["id"])
        at.jobs.name(old, ("", ""))
        assert client.get("/api/solves").json()[0]["title"] == title
        assert len(read) == 1
        client.get("/api/solves")
        assert len(read) == 1
        kept = json.loads((at.jobs.root / old.id / "job.json").read_text("utf-8"))
        assert kept["title"] == title


class _Idle:
    """A worker process stood in for that is never sent a job."""

    def __init__(self) -> None:
        self.job: str | None = None
        self.loaded: list[str] = []

    def close(self) -> None:
        """Nothing to end."""


def test_a_result_written_as_the_server_stopped_is_adopted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that wrote its result whole just before the server stopped, before done was
    recorded, left it shown interrupted with no result; now a restart finds it done. A
    solve with no result written is interrupted as before."""
    monkeypatch.setattr(jobs, "WorkerProcess", _Idle)
    root = tmp_path / "solves"
    written, cut = jobs.Job("a" * 16, "x", _task()), jobs.Job("b" * 16, "x", _task())
    for job in (written, cut):
        (root / job.id).mkdir(parents=True)
        job.state = jobs.RUNNING
        (root / job.id / "job.json").write_text(json.dumps(job.record()), "utf-8")
    result = root / written.id / "heze"
    result.mkdir()
    plans = {"status": "OPTIMAL", "plans": [{"rank": 1}], "interrupted": False}
    (result / "plans.json").write_text(json.dumps(plans), "utf-8")
    (root / written.id / ".heze.new-abcdefgh").mkdir()
    manager = jobs.JobManager(root, 1)
    manager.start()
    adopted, interrupted = manager.get(written.id), manager.get(cut.id)
    manager.close()
    assert adopted is not None and interrupted is not None
    assert (adopted.state, adopted.folder, adopted.has_result) == (jobs.DONE, str(result), True)
    assert (interrupted.state, interrupted.folder) == (jobs.INTERRUPTED, None)
    assert interrupted.problems == [{"message": INTERRUPTED_BY_RESTART}]
    again = json.loads((root / written.id / "job.json").read_text("utf-8"))
    assert again["state"] == jobs.DONE


def test_search_threads_are_shared_among_the_slots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two solves asking 2 search threads each on 2 cores ran 4: each slot now has its
    share of the cores, one at least; the manager tells each solve how many slots there
    are."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert slot_options({"workers": 2}, 2) == {"workers": 1, "jobs": 1}
    assert slot_options({"workers": 2}, 1) == {"workers": 2, "jobs": 1}
    assert slot_options({"workers": 8}, 4) == {"workers": 1, "jobs": 1}
    assert jobs.JobManager(tmp_path, 2).submit("x", _task()).task.slots == 2


def test_a_worker_keeps_one_province_or_a_few_smaller_instances(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker kept 8 instances whatever their size (a province's about 170 MB once
    solved): now the latest always, the others while their recipients stay within the
    budget, and 4 at most."""
    sizes = {"p1": 10_000, "c1": 300, "p2": 10_000, "c2": 300, "c3": 300, "c4": 300, "c5": 300}
    monkeypatch.setattr(
        store, "load_stored", lambda folder: SimpleNamespace(recipients=[0] * sizes[folder.name])
    )
    loaded: worker.Loaded = {}

    def solve(name: str) -> list[str]:
        (tmp_path / name).mkdir(exist_ok=True)
        (tmp_path / name / "instance.yaml").touch()
        worker._instance(tmp_path / name / "instance.yaml", loaded)
        return [Path(path).parent.name for path in loaded]

    assert solve("p1") == ["p1"]
    assert solve("c1") == ["p1", "c1"]
    assert solve("p2") == ["c1", "p2"]
    assert solve("c2") == ["c1", "p2", "c2"]
    for name in ("c3", "c4", "c5"):
        solve(name)
    assert [Path(path).parent.name for path in loaded] == ["c2", "c3", "c4", "c5"]
