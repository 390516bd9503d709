"""What the tests of plan serve's API share: waiting for a solve to finish, and a real
``plan serve`` in a child process."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient

from pairing_planner.i18n import Language
from pairing_planner.web.jobs import FINISHED as ENDED
from pairing_planner.web.jobs import Job, JobManager
from pairing_planner.web.worker import Task
from tools.workbench_screenshots import chromium, serving

SERVE = "from pairing_planner.cli import main; main()"
"""The code a child process runs as ``plan``, followed by the arguments."""

FINISHED = {"done", "failed", "interrupted", "cancelled"}
"""The states a solve ends in."""
NEEDS_CHROMIUM = pytest.mark.skipif(
    chromium() is None,
    reason="no Chromium found (apt-get install chromium): the workbench's browser tests skipped",
)
"""A browser test's mark: skipped, saying why, where the system has no Chromium."""


def examples_server(data: Path, language: Language = "zh") -> TestClient:
    """The app of ``plan serve --data DATA`` with the shipped examples and one worker, as
    the workbench's page talks to it (its Host header a loopback one); enter it to start."""
    from pairing_planner.web.app import create_app
    from pairing_planner.web.config import ServeConfig

    examples = Path(__file__).resolve().parent.parent / "instances"
    config = ServeConfig(data=data, workers=1, language=language, examples=examples)
    return TestClient(create_app(config), base_url="http://127.0.0.1:8765")


def done(client: TestClient, solve_id: str, timeout: float = 240) -> dict[str, object]:
    """The solve ``solve_id`` once it has finished, asked every 0.1 s; an assertion error
    when it has not within ``timeout`` seconds."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        found: dict[str, object] = client.get(f"/api/solves/{solve_id}").json()
        if found["state"] in FINISHED:
            return found
        time.sleep(0.1)
    raise AssertionError(f"solve {solve_id} not finished in {timeout} s")


def solved_example(client: TestClient, example: str, options: dict[str, Any]) -> str:
    """The id of a solve of the shipped example ``example`` with ``options``, once it is
    done (an assertion error when it ended otherwise)."""
    opened = client.post(f"/api/examples/{example}").json()
    body = {"instance": opened["id"], "options": options}
    solve: str = client.post("/api/solves", json=body).json()["id"]
    assert done(client, solve)["state"] == "done"
    return solve


LONG_SOLVE = {"time_limit": 120, "plans": 100, "differ_by": "county", "workers": 1}
"""Options under which the county preset's solve runs for tens of seconds (its hundred plans
took 30 s on the quiet machine, its first in under one): a test finds it still running once
it has progress, however loaded the machine. Three plans end in under a second, and a
test that looked later found the solve done."""


def long_solve_file(folder: Path) -> bytes:
    """The county preset (50 recipients) as an instance file's bytes, made in ``folder``."""
    from click.testing import CliRunner

    from pairing_planner.cli import main

    county = folder / "county.yaml"
    made = CliRunner().invoke(main, ["generate", "--preset", "county", "-o", str(county)])
    assert made.exit_code == 0, made.output
    return county.read_bytes()


def free_port() -> int:
    """A port nothing listens on now, for a child ``plan serve``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def listening(client: httpx2.Client, child: subprocess.Popen[bytes]) -> None:
    """Wait until the child ``plan serve`` answers (it imports the solver first)."""
    until = time.monotonic() + 120
    while time.monotonic() < until:
        assert child.poll() is None, "plan serve ended before it listened"
        try:
            client.get("/api/examples")
            return
        except httpx2.TransportError:
            time.sleep(0.2)
    raise AssertionError("plan serve did not listen within 120 s")


@contextlib.contextmanager
def chromium_at(browser: str | None) -> Iterator[Any]:
    """Playwright's Chromium launched from the system's (``playwright install`` cannot
    download here), closed after."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=browser)
        yield launched
        launched.close()


@contextlib.contextmanager
def workbench_page(url: str, browser: str | None) -> Iterator[Any]:
    """A fresh Chinese page of the workbench at ``url`` in the Chromium at ``browser``,
    ready; no script error may happen on it."""
    with chromium_at(browser) as chromium:
        opened = chromium.new_page(locale="zh-CN")
        errors: list[str] = []
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.goto(url)
        opened.wait_for_selector("body[data-ready=true]")
        yield opened
        assert not errors


@contextlib.contextmanager
def served_page(data: Path) -> Iterator[Any]:
    """A fresh Chinese page of the workbench on a server of its own over ``data``, in the
    system's Chromium, ready; no script error may happen on it."""
    with serving(data) as url, workbench_page(url, chromium()) as opened:
        yield opened


def calendar_file(
    client: TestClient, solve_id: str, name: str, lang: str | None = None, timeout: float = 120
) -> Any:
    """The answer to ``GET /api/solves/{id}/files/{name}`` for a calendar file once it is
    made: the first request starts its job (202, ``Location`` to poll), polled every 0.1 s;
    with ``lang``, every request asks ``?lang=LANG``."""
    asked = {} if lang is None else {"lang": lang}
    where = f"/api/solves/{solve_id}/files/{name}"
    answer = client.get(where, params=asked)
    until = time.monotonic() + timeout
    while answer.status_code == 202 and time.monotonic() < until:
        state = client.get(answer.headers["Location"], params=asked).json()["state"]
        if state not in ("queued", "running"):
            return client.get(where, params=asked)
        time.sleep(0.1)
    return answer


def stand_in_solve(root: Path) -> Job:
    """A solve of ``x.yaml`` run by a job manager under ``root`` whose workers the test stood
    in for (``jobs.WorkerProcess`` patched), waited for (30 s at most) until it ended."""
    manager = JobManager(root, 1)
    manager.start()
    task = Task(job="", instance="x.yaml", options={}, out="", language="en")
    job = manager.submit("x", task)
    changes, until = -1, time.monotonic() + 30
    while job.state not in ENDED and time.monotonic() < until:
        changes = manager.wait(job, changes, 1)
    return job


PAGE_SOLVE_MS = 240_000
"""How long a page waits for a solve's outcome: a deadline that fails saying so, not a target."""


def opened_in_page(page: Any, example: str) -> None:
    """Open the shipped example ``example`` from the page's Start step, wait for its check,
    and go to 求解."""
    page.click("nav button[data-step=start]")
    page.click(f"button[data-example={example}]")
    page.wait_for_selector("#check.current")
    page.click("nav button[data-step=solve]")


def solved_in_page(page: Any) -> str:
    """Solve from the 求解 step with the form as it is (60 s at most), wait for the outcome
    and the solve's end; the solve's id."""
    page.fill("#solve-form input[name=time_limit]", "60")
    page.click("#solve-button")
    page.wait_for_selector("#outcome:not(.previous) #result-card", timeout=PAGE_SOLVE_MS)
    page.wait_for_function("!state.running")
    return str(page.evaluate("state.current.solve.id"))


def solve_done(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    """The record of the solve ``body`` asks for (``POST /api/solves``) once it is done; an
    assertion error when it is refused or ends otherwise."""
    answer = client.post("/api/solves", json=body)
    assert answer.status_code == 202, answer.text
    found: dict[str, Any] = done(client, answer.json()["id"])
    assert found["state"] == "done", found
    return found


def stand_in_solve_ended(root: Path, task: Task, timeout: float = 60) -> Job:
    """The job of ``task`` submitted to a job manager of one slot over ``root`` (its worker
    process stood in for by the caller), once it ended or ``timeout`` seconds passed."""
    manager = JobManager(root, 1)
    manager.start()
    job = manager.submit("x", task)
    until = time.monotonic() + timeout
    while job.state not in ENDED and time.monotonic() < until:
        time.sleep(0.05)
    manager.close()
    return job


HEZE_LISTS = Path(__file__).resolve().parent.parent / "instances" / "lists"
"""The shipped Heze school lists (the attachment's layout)."""


def lists_in_page(page: Any, recipients: str = "heze-recipients.csv") -> None:
    """Upload the Heze lists (``recipients`` among them, with the helpers' list) under the
    Heze template from the page's Start step, wait for their check, and go to 求解."""
    page.click("nav button[data-step=start]")
    page.select_option("#template", "heze")
    page.set_input_files("#lists-form input[name=recipients]", HEZE_LISTS / recipients)
    page.set_input_files("#lists-form input[name=helpers]", HEZE_LISTS / "heze-helpers.csv")
    page.click("#lists-form button[type=submit]")
    page.wait_for_selector("#check.current")
    page.click("nav button[data-step=solve]")
