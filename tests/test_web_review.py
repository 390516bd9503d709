"""The rest of the web review (issue 32, part 32H): what ``plan serve`` says as it ends, the
token a page carries, the held instances, a worker slot that outlives its worker, the
calendar's files written whole, and the shapes the API shares with the library."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import ClassVar

import httpx2
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pairing_planner.cli import main
from pairing_planner.errors import InputError
from pairing_planner.report import calendar_files
from pairing_planner.solving.options import SolveOptions
from pairing_planner.web import jobs
from pairing_planner.web.app import create_app
from pairing_planner.web.calendar_making import calendar_folder, made, make_calendar, zip_of
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.models import Options
from pairing_planner.web.worker import Task
from tests.web_helpers import SERVE, free_port, listening


@pytest.mark.slow
def test_plan_serve_says_its_closing_lines_after_sigterm(tmp_path: Path) -> None:
    """uvicorn raised SIGTERM again once it had ended, so the process died of it before
    saying what became of its solves; now it says so and exits 0."""
    port = free_port()
    serve = ["serve", "--port", str(port), "--data", str(tmp_path / "data"), "--lang", "en"]
    child = subprocess.Popen(
        [sys.executable, "-c", SERVE, *serve], cwd=tmp_path, stderr=subprocess.PIPE
    )
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            listening(client, child)
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=90)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err.decode()
    assert "No solve was running." in err.decode()


def _remote(tmp_path: Path) -> TestClient:
    """A server bound beyond loopback with a token, its lifetime not begun (no workers)."""
    config = ServeConfig(
        data=tmp_path / "data", host="0.0.0.0", token="s3 cret", workers=1, examples=None
    )
    return TestClient(create_app(config), base_url="http://10.0.0.5:8765")


def test_the_token_in_an_address_opens_only_the_page(tmp_path: Path) -> None:
    """``?token=`` was taken on every request (an address a log or a history keeps); now on
    the page alone, which sets an HttpOnly SameSite cookie its scripts, streams and
    downloads then carry."""
    client = _remote(tmp_path)
    assert client.get("/api/examples", params={"token": "s3 cret"}).status_code == 401
    assert client.get("/static/workbench.js").status_code == 401
    page = client.get("/", params={"token": "s3 cret"})
    assert page.status_code == 200
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("plan-serve-token-8765=s3%20cret;")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/static/workbench.js").status_code == 200
    assert client.get("/api/examples").status_code == 200
    client.cookies.clear()
    client.cookies.set("plan-serve-token-8765", "old")
    assert client.get("/api/examples").status_code == 401
    assert client.get("/", params={"token": "s3 cret"}).status_code == 200
    bearer = {"authorization": "Bearer s3 cret"}
    assert client.get("/api/examples", headers=bearer).status_code == 200


class _Worker:
    """A worker process stood in for: its first solve's news cannot be read (a fault of the
    server's, not a closed pipe), every later one is done at once."""

    made: ClassVar[list[_Worker]] = []

    def __init__(self) -> None:
        self.job: str | None = None
        self.loaded: list[str] = []
        self.closed = False
        self.events = self
        self.asked: tuple[object, ...] = ()
        _Worker.made.append(self)

    def takes(self, instance: str) -> None:
        self.loaded.append(instance)

    def send(self, *message: object) -> None:
        self.asked = message

    def recv(self) -> tuple[object, ...]:
        if self is _Worker.made[0]:
            raise RuntimeError("an event of no known kind")
        return ("done", self.job, "folder", False)

    def close(self) -> None:
        self.closed = True


def test_a_slot_outlives_a_fault_following_its_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any error but a closed pipe ended the slot's thread silently, its job left running
    for ever and no later job started; now the job fails saying why, the worker is ended and
    forgotten, and a new one takes the next job."""
    monkeypatch.setattr(jobs, "WorkerProcess", _Worker)
    monkeypatch.setattr(_Worker, "made", [])
    manager = jobs.JobManager(tmp_path / "solves", 1)
    manager.start()
    task = Task(job="", instance="x.yaml", options={}, out="", language="en")
    first, second = manager.submit("x", task), manager.submit("x", task)
    until = time.monotonic() + 30
    while second.state != jobs.DONE and time.monotonic() < until:
        time.sleep(0.05)
    assert first.state == jobs.FAILED and second.state == jobs.DONE
    [problem] = first.problems
    assert "RuntimeError: an event of no known kind" in str(problem["message"])
    broken = _Worker.made[0]
    assert broken.closed and broken not in manager._workers
    assert len(_Worker.made) >= 2
    manager.close()


@pytest.mark.slow
def test_a_calendar_failing_part_way_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure writing the schools' .ics files left calendar.xlsx in its folder, which
    marked the calendar made: it was served ever after without its .ics files. Now the
    folder is there whole or not at all, and the next request makes it."""
    instance = Path(__file__).parents[1] / "instances" / "heze-as-stated.yaml"
    out = tmp_path / "solve"
    solved = CliRunner().invoke(main, ["solve", str(instance), "--out", str(out), "--seed", "1"])
    assert solved.exit_code == 0, solved.output
    [result] = [p.parent for p in out.rglob("plans.json")]

    def failing(*_args: object) -> list[Path]:
        raise OSError(28, "No space left on device")

    folder = calendar_folder(result, 1, "en")
    with monkeypatch.context() as patched:
        patched.setattr(calendar_files, "write_ics", failing)
        with pytest.raises(InputError):
            make_calendar(result, 1, folder, 30.0)
    assert not folder.exists() and not made(folder)
    assert make_calendar(result, 1, folder, 30.0) and made(folder)
    assert len(zipfile.ZipFile(zip_of(folder)).namelist()) == 40


def test_the_api_takes_every_solve_option_a_worker_can_use() -> None:
    """Options is derived from ``SolveDefaults`` (an instance's ``solve:``), not from
    ``SolveOptions`` itself: a solve option added to ``SolveOptions`` but not to
    ``SolveDefaults`` would be refused by the API. Every field but the executor and the
    scheduler (parts run in the worker's processes, no Dask from a server: ``SERVER_SET``) is
    an Option; ``front`` is the one more."""
    solving = {f.name for f in dataclasses.fields(SolveOptions)} - {"executor", "scheduler"}
    assert set(Options.model_fields) == solving | {"front"}
