"""The workbench's page keeps hold of its solves, in a real Chromium (review 37, part E):

- a finished result opens again from the Start step's list of the server's solves, and after
  a reload (its id kept in the address, ``#solve=ID``), in the Plan and Downloads steps; a
  reload during a solve follows it again, Stop enabled (finding 1);
- locks and forbids belong to the instance they were made on: another instance opened shows
  and sends none, and its solve is not refused for the first one's schools (finding 2);
- a server gone mid-solve is said so, and the page recovers once it is started again on the
  same port and data folder (finding 8);
- ``?token=`` leaves the address once the page has its cookie (finding 9).

The browser is the system's Chromium (Debian's ``chromium``): Playwright cannot download its
own here. Without one the tests are skipped, and say so."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from tests.web_helpers import (
    LONG_SOLVE,
    NEEDS_CHROMIUM,
    PAGE_SOLVE_MS,
    chromium,
    chromium_at,
    free_port,
    long_solve_file,
    opened_in_page,
    solved_in_page,
)
from tools.workbench_screenshots import serving

pytestmark = [NEEDS_CHROMIUM, pytest.mark.slow]

SUBMIT = """async ([file, options]) => {
  const data = new FormData();
  data.append("file", new Blob([file]), "county.yaml");
  const instance = await (await fetch("/api/instances", { method: "POST", body: data })).json();
  const asked = await fetch("/api/solves", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ instance: instance.id, options }) });
  return (await asked.json()).id;
}"""
"""A long solve submitted as another tab or a client would: the page is not told of it."""


def _server(data: Path, port: int, token: str | None = None) -> AbstractContextManager[str]:
    """``plan serve --data DATA --port PORT`` (one worker, the shipped examples) in a thread
    of this process; yields its URL, and stops it, as SIGTERM does, on leaving."""
    return serving(data, port=port, token=token)


@contextlib.contextmanager
def _browser() -> Iterator[tuple[Any, list[str]]]:
    """A Chinese browser context of the system's Chromium, and the script errors of its
    pages (none may happen)."""
    with chromium_at(chromium()) as launched:
        context = launched.new_context(locale="zh-CN")
        errors: list[str] = []
        context.on("page", lambda page: page.on("pageerror", lambda e: errors.append(str(e))))
        yield context, errors
        context.close()
    assert not errors


def _ready(page: Any, url: str) -> None:
    """Open ``url`` and wait until the page is ready."""
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")


def _example_solved(page: Any, example: str) -> str:
    """Open a shipped example and solve it from the page (one plan); the solve's id."""
    opened_in_page(page, example)
    return solved_in_page(page)


def _shows_the_result(page: Any) -> None:
    """The Plan step lists the result's pairs and the Downloads step its files."""
    page.wait_for_selector("#outcome #result-card", timeout=PAGE_SOLVE_MS)
    page.click("nav button[data-step=plan]")
    assert page.locator("#pairs tbody tr[data-pair]").count() > 0
    page.click("nav button[data-step=downloads]")
    assert page.locator("#download-list a[data-file='plans.json']").count() == 1


def test_a_finished_result_opens_after_a_reload_and_from_the_start_list(tmp_path: Path) -> None:
    """Solved, reloaded: the result is back (it said 还没有方案：请先求解。); a fresh page
    opens it from the Start step's list, which says its title and plan count."""
    with _server(tmp_path, free_port()) as url, _browser() as (context, _errors):
        page = context.new_page()
        _ready(page, url)
        solve = _example_solved(page, "heze-as-stated")
        assert page.url.endswith(f"#solve={solve}")
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
        _shows_the_result(page)
        fresh = context.new_page()
        _ready(fresh, url)
        listed = fresh.locator(f"#solve-list li[data-solve='{solve}']")
        listed.wait_for()
        assert "1 个方案" in listed.inner_text()
        listed.locator("button").click()
        _shows_the_result(fresh)
        assert fresh.url.endswith(f"#solve={solve}")


def test_a_reload_mid_solve_follows_it_and_stop_stops_it(tmp_path: Path) -> None:
    """A solve running when the page is reloaded (or opened at its address) is followed
    again, Stop enabled (it showed an empty box, Stop disabled, the solve running on); it is
    listed on the Start step as running."""
    with _server(tmp_path / "data", free_port()) as url, _browser() as (context, _errors):
        page = context.new_page()
        _ready(page, url)
        solve = page.evaluate(SUBMIT, [long_solve_file(tmp_path).decode(), LONG_SOLVE])
        page.goto(f"{url}#solve={solve}")
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
        page.wait_for_selector("#solve-state[data-state=running]", timeout=PAGE_SOLVE_MS)
        assert page.is_enabled("#stop-button")
        page.click("#stop-button")
        page.wait_for_selector("#solve-state[data-state=interrupted]", timeout=PAGE_SOLVE_MS)
        page.wait_for_function("!state.running")
        assert not page.is_enabled("#stop-button")


def test_a_running_solve_is_listed_and_opens_from_the_list(tmp_path: Path) -> None:
    """The Start step lists a running solve as running; opening it follows it, Stop enabled."""
    with _server(tmp_path / "data", free_port()) as url, _browser() as (context, _errors):
        page = context.new_page()
        _ready(page, url)
        solve = page.evaluate(SUBMIT, [long_solve_file(tmp_path).decode(), LONG_SOLVE])
        page.click("nav button[data-step=check]")
        page.click("nav button[data-step=start]")
        listed = page.locator(f"#solve-list li[data-solve='{solve}']")
        listed.wait_for()
        assert "求解中" in listed.inner_text() or "排队中" in listed.inner_text()
        listed.locator("button").click()
        page.wait_for_selector("#solve.current")
        page.wait_for_function("state.running !== null")
        assert page.is_enabled("#stop-button")
        page.click("#stop-button")
        page.wait_for_function("!state.running", timeout=PAGE_SOLVE_MS)


def test_locks_and_forbids_stay_with_their_instance(tmp_path: Path) -> None:
    """A pair locked on Heze as S5 states it is neither shown nor sent with the printed
    Heze's solve (refused: 没有帮扶学校 … 字段 'lock.0'), nor does its result stay on the Solve
    step; the first solve opened again shows its lock again."""
    with _server(tmp_path, free_port()) as url, _browser() as (context, _errors):
        page = context.new_page()
        _ready(page, url)
        first = _example_solved(page, "heze-as-stated")
        page.click("nav button[data-step=plan]")
        page.locator("#pairs button.small.lock").first.click()
        page.locator("#pending-list .chip.lock").wait_for()
        page.click("nav button[data-step=start]")
        page.click("button[data-example=heze]")
        page.wait_for_selector("#check.current")
        page.click("nav button[data-step=solve]")
        assert page.locator("#solve-pending .chip").count() == 0
        assert page.locator("#outcome #result-card").count() == 0
        _example_solved(page, "heze")
        assert page.inner_text("#solve-problems").strip() == ""
        assert page.evaluate("state.current.solve.instance.name") == "heze"
        page.click("nav button[data-step=start]")
        page.locator(f"#solve-list li[data-solve='{first}'] button").click()
        page.wait_for_function(f"state.current && state.current.solve.id === '{first}'")
        assert page.locator("#solve-pending .chip.lock").count() == 1
        page.click("nav button[data-step=plan]")
        assert page.locator("#pending-list .chip.lock").count() == 1


def test_a_server_gone_mid_solve_is_said_and_the_page_recovers(tmp_path: Path) -> None:
    """The server stopped during a solve: the page says it cannot reach it (it showed
    正在停止… and said nothing); started again on the same port and data folder, the notice
    goes and the solve's end, with the best plan kept, is shown."""
    port, data = free_port(), tmp_path / "data"
    with _browser() as (context, _errors):
        page = context.new_page()
        with _server(data, port) as url:
            _ready(page, url)
            solve = page.evaluate(SUBMIT, [long_solve_file(tmp_path).decode(), LONG_SOLVE])
            page.goto(f"{url}#solve={solve}")
            page.reload()
            page.wait_for_selector("#solve-state[data-state=running]", timeout=PAGE_SOLVE_MS)
            assert page.is_hidden("#unreachable")
        page.wait_for_selector("#unreachable", state="visible", timeout=PAGE_SOLVE_MS)
        assert "无法连接服务器" in page.inner_text("#unreachable")
        with _server(data, port):
            page.wait_for_selector("#unreachable", state="hidden", timeout=PAGE_SOLVE_MS)
            page.wait_for_function("!state.running", timeout=PAGE_SOLVE_MS)
            # The stop at shutdown keeps the best plan so far: interrupted, or done where the
            # search had ended before the restart was recorded (37C's adoption at start).
            assert page.get_attribute("#solve-state", "data-state") in ("interrupted", "done")
            page.wait_for_selector("#outcome #result-card")


def test_the_token_leaves_the_address(tmp_path: Path) -> None:
    """Opened at /?token=T, the page takes the token out of its address (it stayed in the bar
    and the history); reloaded, it still reaches the API by its cookie."""
    with _server(tmp_path, free_port(), token="s3cret-tok") as url, _browser() as (context, _e):
        page = context.new_page()
        _ready(page, f"{url}?token=s3cret-tok")
        assert "token" not in page.url
        assert page.url == url
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
        assert page.locator("button[data-example=heze]").count() == 1
