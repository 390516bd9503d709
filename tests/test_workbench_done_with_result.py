"""A finished solve is never shown ``done`` without its result (issue 32): the job's state
became ``done`` a moment before its folder was set, and a poll read the state and the folder
one by one, so it could see ``done`` with ``result: None``. The folder is now set before the
state, and a poll reads the job as one moment holds it."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from pairing_planner.web import jobs
from pairing_planner.web.worker import Task
from tests.web_helpers import FINISHED, examples_server, stand_in_solve


class _SeenJob(jobs.Job):
    """A job that notes, the moment its state becomes done, whether it has its result then:
    what a poll in another thread would see at that moment."""

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name == "state" and value == jobs.DONE:
            _SEEN.append(self.has_result)


_SEEN: list[bool] = []


class _DoneWorker:
    """A worker process stood in for: each solve says it wrote its result, at once."""

    def __init__(self) -> None:
        self.job: str | None = None
        self.loaded: list[str] = []
        self.events = self

    def takes(self, instance: str) -> None:
        self.loaded.append(instance)

    def send(self, *message: object) -> None:
        """Nothing to send: the solve ends by itself."""

    def recv(self) -> tuple[object, ...]:
        return ("done", self.job, "folder", False)

    def close(self) -> None:
        """Nothing to end."""


def test_the_state_says_done_only_once_the_result_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the moment a solve's state becomes done, its result's folder is already set: the
    state was set first, so a poll at that moment saw done with no result."""
    monkeypatch.setattr(jobs, "WorkerProcess", _DoneWorker)
    monkeypatch.setattr(jobs, "Job", _SeenJob)
    _SEEN.clear()
    job = stand_in_solve(tmp_path / "solves")
    assert job.state == jobs.DONE
    assert _SEEN == [True]


def test_a_seen_job_is_one_moment_of_it(tmp_path: Path) -> None:
    """``seen`` copies the job under the manager's lock: a later change of the job does not
    reach the copy a poll is reading."""
    manager = jobs.JobManager(tmp_path / "solves", 1)
    task = Task(job="", instance="x.yaml", options={}, out="", language="en")
    job = manager.submit("x", task)
    seen = manager.seen(job)
    manager._update(job, folder="folder", state=jobs.DONE)
    assert (seen.state, seen.folder, seen.has_result) == (jobs.QUEUED, None, False)
    assert manager.seen(job).has_result


@pytest.mark.slow
def test_polls_hammering_the_end_of_solves_never_see_done_without_a_result(
    tmp_path: Path,
) -> None:
    """Many quick solves of Heze as S5 states it, each polled as fast as two threads can ask
    (and its events stream read) while it ends, the threads switched as often as Python
    allows: every answer that says done has the result and its status, and every stream
    ends on an event that says done."""
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        _hammer(tmp_path)
    finally:
        sys.setswitchinterval(switching)


def _hammer(tmp_path: Path) -> None:
    with examples_server(tmp_path, "en") as client:
        instance = client.post("/api/examples/heze-as-stated").json()["id"]
        wrong: list[str] = []
        polled = 0

        def poll(solve: str, over: threading.Event) -> None:
            nonlocal polled
            while not over.is_set():
                found = client.get(f"/api/solves/{solve}").json()
                polled += 1
                if found["state"] == "done" and (not found["result"] or not found["status"]):
                    wrong.append(f"{solve}: done, result {found['result']!r}")
                if found["state"] in FINISHED:
                    over.set()

        for seed in range(12):
            body = {"instance": instance, "options": {"seed": seed % 3, "time_limit": 30}}
            solve = client.post("/api/solves", json=body).json()["id"]
            over = threading.Event()
            pollers = [threading.Thread(target=poll, args=(solve, over)) for _ in range(2)]
            for poller in pollers:
                poller.start()
            last = client.get(f"/api/solves/{solve}/events").text.strip().rsplit("\n", 1)[-1]
            for poller in pollers:
                poller.join(240)
            assert '"state":"done"' in last, last
        assert polled > 24
        assert wrong == []
