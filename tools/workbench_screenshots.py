"""Walk the planner's whole job through the workbench in Chromium, and take its screenshots
for docs/workbench.md (under zh, as a bureau sees it).

    python tools/workbench_screenshots.py

The Heze lists are uploaded with the Heze template, the S6 conflict is read, the lists are
solved into the plan that bends the rules least, the best other helper of one school is
locked and the lists solved again, the two plans compared and the ledger downloaded.
tests/test_workbench_browser.py walks the same job (:func:`walk_the_job`) and checks each
step; this script keeps the pictures. Chromium is the system's (``chromium``): Playwright's
own browsers cannot be downloaded on a bureau's machine, nor here.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from pairing_planner.i18n import Language

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
LISTS = ROOT / "instances" / "lists"
SOLVE_SECONDS = 240_000
"""How long a step may wait for a solve, in ms: the machine may be loaded."""
Shoot = Callable[["Page", str], None]


def chromium() -> str | None:
    """The system's Chromium (Debian's ``chromium`` package), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A free port on the loopback address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(
    data: Path, language: Language = "zh", port: int | None = None, token: str | None = None
) -> Iterator[str]:
    """``plan serve``'s app on loopback (``port``, else a free one; ``token`` as ``--token``)
    in a thread of this process, its worker processes started with it; yields its URL, and
    stops it (and them) on leaving: a test restarts it on the same port and data."""
    import uvicorn

    from pairing_planner.web.app import create_app
    from pairing_planner.web.config import ServeConfig

    port = port or free_port()
    config = ServeConfig(
        data=data, port=port, token=token, workers=1, language=language, examples=ROOT / "instances"
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    until = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > until or not thread.is_alive():
            raise RuntimeError("the workbench's server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(30)


@dataclass
class Walked:
    """What the walk saw, for the test to check."""

    conflict: str
    status: str
    proven: bool
    changed: str
    compared: str
    ledger: Path


def walk_the_job(page: Page, url: str, downloads: Path, shoot: Shoot | None = None) -> Walked:
    """Upload the Heze lists → the S6 conflict → solve → the relaxed plan → lock another
    helper → solve again → compare the two plans → download the ledger."""
    picture = shoot or (lambda _page, _name: None)
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    page.select_option("#template", "heze")
    page.set_input_files("#lists-form input[name=recipients]", LISTS / "heze-recipients.csv")
    page.set_input_files("#lists-form input[name=helpers]", LISTS / "heze-helpers.csv")
    page.click("#lists-form button[type=submit]")
    conflict = _text(page, "#check.current .finding.conflict")
    picture(page, "workbench-check")

    page.click("nav button[data-step=solve]")
    page.fill("#solve-form input[name=time_limit]", "60")
    page.click("#solve-button")
    page.wait_for_selector("#result-card", timeout=SOLVE_SECONDS)
    status = page.locator("#result-card").get_attribute("data-status") or ""
    proven = page.locator("#result-card .proven").count() > 0
    picture(page, "workbench-solve")

    page.click("#result-card button")
    page.wait_for_selector("#pairs tbody tr[data-pair]")
    first = page.locator("#pairs tbody tr[data-pair]").first
    first.locator("button.why-button").click()
    page.locator("#pairs tr.why:not([hidden]) button.instead").first.click()
    page.click("#resolve-button")
    changed = _text(page, "#what-changed", SOLVE_SECONDS)
    picture(page, "workbench-changed")

    page.click("nav button[data-step=compare]")
    page.click("#compare-button")
    compared = _text(page, "#compare-count")
    picture(page, "workbench-compare")

    page.click("nav button[data-step=downloads]")
    with page.expect_download() as download:
        page.click("a[data-file^=ledger-]")
    ledger = downloads / download.value.suggested_filename
    download.value.save_as(ledger)
    return Walked(conflict, status, proven, changed, compared, ledger)


def _text(page: Page, selector: str, timeout: float = 30_000) -> str:
    """The text of what ``selector`` finds, once it is there."""
    found = page.locator(selector).first
    found.wait_for(timeout=timeout)
    return found.inner_text()


def main() -> None:
    """Walk the job in Chinese and write the PNGs to docs/images."""
    from playwright.sync_api import sync_playwright

    browser_path = chromium()
    if browser_path is None:
        raise SystemExit("no Chromium found: apt-get install chromium")

    def shoot(page: Page, name: str) -> None:
        page.screenshot(path=IMAGES / f"{name}.png", full_page=True)

    with (
        tempfile.TemporaryDirectory() as scratch,
        serving(Path(scratch) / "data") as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=browser_path)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        walked = walk_the_job(page, url, Path(scratch), shoot)
        browser.close()
    print(walked.status, walked.changed.splitlines()[0], walked.compared, sep="\n")


if __name__ == "__main__":
    main()
