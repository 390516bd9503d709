"""The rest of what a bureau planner and an IT clerk found testing the workbench (issue 32,
part 32I): a stopped solve's state, verify with declared relaxations, the comparison's words."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pairing_planner.web import jobs
from pairing_planner.web.worker import Task
from tests.web_helpers import done, examples_server


class _StoppedWorker:
    """A worker process stood in for: a solve runs until it is asked to stop, and ends as a
    stop ends it, its best plan so far written and marked interrupted."""

    def __init__(self) -> None:
        self.job: str | None = None
        self.loaded: list[str] = []
        self.events = self
        self.stopped = threading.Event()

    def takes(self, instance: str) -> None:
        self.loaded.append(instance)

    def send(self, *message: object) -> None:
        if message[0] == "stop":
            self.stopped.set()

    def recv(self) -> tuple[object, ...]:
        self.stopped.wait(30)
        return ("done", self.job, "folder", True)

    def close(self) -> None:
        """Nothing to end."""


def test_a_stopped_solve_is_interrupted_with_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 6: a stop that kept the best plan so far left the state ``done`` with
    ``stopping`` true for ever; now it is ``interrupted``, no longer stopping, with a result."""
    monkeypatch.setattr(jobs, "_Worker", _StoppedWorker)
    manager = jobs.JobManager(tmp_path / "solves", 1)
    manager.start()
    task = Task(job="", instance="x.yaml", options={}, out="", language="en")
    job = manager.submit("x", task)
    until = time.monotonic() + 30
    while job.state != jobs.RUNNING and time.monotonic() < until:
        time.sleep(0.05)
    manager.stop(job)
    assert job.stopping
    while job.state not in jobs.FINISHED and time.monotonic() < until:
        time.sleep(0.05)
    assert job.state == jobs.INTERRUPTED and not job.stopping
    assert job.has_result and job.folder == "folder"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with examples_server(tmp_path_factory.mktemp("rest")) as client:
        yield client


def _solved(client: TestClient, example: str, options: dict[str, object]) -> tuple[str, str]:
    """An example stored and solved: its instance id and the solve's id."""
    instance = client.post(f"/api/examples/{example}").json()["id"]
    answer = client.post("/api/solves", json={"instance": instance, "options": options})
    assert answer.status_code == 202, answer.text
    solve = answer.json()["id"]
    assert done(client, solve)["state"] == "done"
    return instance, solve


@pytest.mark.slow
def test_an_interrupted_solve_is_listed_and_its_plans_used(client: TestClient) -> None:
    """Finding 6: GET /api/solves and the endpoints that read a finished solve's plans.json
    (verify, a baseline, last year's result) took only ``done``; an ``interrupted`` solve
    with its best plan kept is as usable."""
    instance, solve = _solved(client, "heze-as-stated", {"time_limit": 30})
    client.app.state.server.jobs.get(solve).state = jobs.INTERRUPTED  # type: ignore[attr-defined]
    listed = {found["id"]: found for found in client.get("/api/solves").json()}
    assert solve in listed
    found = client.get(f"/api/solves/{solve}").json()
    assert found["state"] == "interrupted" and found["result"]["plans"]
    verdict = client.post("/api/verify", json={"instance": instance, "solve": solve, "plan": 1})
    assert verdict.status_code == 200, verdict.text
    assert verdict.json()["ok"] is True


@pytest.mark.slow
def test_verify_takes_the_relaxations_a_plan_declares(client: TestClient) -> None:
    """Finding 9: the pairs of a relaxed plan sent to POST /api/verify gave ok false; with
    the relaxations plans.json records beside them they are declared, not failures; without
    them the bent rule is still a failure."""
    instance, solve = _solved(client, "heze", {"time_limit": 60})
    [plan] = client.get(f"/api/solves/{solve}/plans/1").json()["plans"]
    pairs = [{"helper": p["helper"], "recipient": p["recipient"]} for p in plan["pairs"]]
    assert plan["relaxations"]
    body = {"instance": instance, "pairs": pairs, "relaxations": plan["relaxations"]}
    verdict = client.post("/api/verify", json=body)
    assert verdict.status_code == 200, verdict.text
    assert verdict.json()["ok"] is True and verdict.json()["declared"]
    bare = client.post("/api/verify", json={"instance": instance, "pairs": pairs}).json()
    assert bare["ok"] is False


def test_an_unknown_school_is_refused_without_the_servers_path(client: TestClient) -> None:
    """Finding 9: the 422 for a school the instance lacks named the server's instance.yaml
    (/tmp/…/instances/…/instance.yaml); it names the instance alone."""
    instance = client.post("/api/examples/heze").json()["id"]
    pairs = [{"helper": "nowhere-s9", "recipient": "r-371702-mudanqudiershierzhongxue"}]
    answer = client.post("/api/verify", json={"instance": instance, "pairs": pairs})
    assert answer.status_code == 422, answer.text
    assert "nowhere-s9" in answer.text
    assert "instance.yaml" not in answer.text and "/" not in answer.json()["detail"]
