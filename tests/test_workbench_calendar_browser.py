"""The workbench's calendar downloads and language switch in a real Chromium (issue 32): a
calendar is a job in a worker, so its link says 排课中… until it is made and then saves the
file; a finished result's summary sentence and relaxations follow the page's language.

The browser is the system's Chromium (Debian's ``chromium``): Playwright cannot download its
own here. Without one the tests are skipped, and say so."""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from pairing_planner.instance.yaml_files.load import load_instance
from tests.web_helpers import (
    NEEDS_CHROMIUM,
    PAGE_SOLVE_MS,
    opened_in_page,
    served_page,
    solved_in_page,
)

HAN = re.compile(r"[\u4e00-\u9fff]")
"""A Chinese character."""

pytestmark = NEEDS_CHROMIUM
INSTANCES = Path(__file__).resolve().parent.parent / "instances"
SAYS = "([selector, text]) => document.querySelector(selector).textContent === text"
"""Whether what ``selector`` finds says ``text``."""
STARTS = "([selector, text]) => document.querySelector(selector).textContent.startsWith(text)"
FULL_WIDTH = re.compile("[。，：；（）]")
"""Chinese punctuation: an English sentence has none (the schools' names are Chinese)."""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chinese page of the workbench on a server of its own; no script error may happen."""
    with served_page(tmp_path_factory.mktemp("calendar-page")) as opened:
        yield opened


def _solved(page: Any, example: str) -> None:
    """Open a shipped example and solve it from the page, waiting for its result."""
    opened_in_page(page, example)
    solved_in_page(page)


def _downloaded(page: Any, links: list[str], folder: Path) -> dict[str, Path]:
    """Click each calendar link twice; each says 排课中… while its job runs, then its file is
    saved once (by the name the server gives it); the saved files by their suffix.

    No fixed wait decides that no second file comes (a late one slipped past a 3 s wait on a
    loaded machine; review 37, finding 11): a file is saved only after the page's request
    for the link schedules or finds its job, and that request is made at the click, long
    before the job is done. So once each link says its job is done and its file is saved,
    exactly one such request per link means no second file can follow."""
    saved: list[Any] = []
    asked: list[str] = []
    page.on("download", lambda download: saved.append(download))
    page.on("request", lambda r: asked.append(r.url) if r.resource_type == "fetch" else None)
    for name in links:
        page.click(f"a[data-file='{name}']")
        page.click(f"a[data-file='{name}']")
    for name in links:
        page.wait_for_function(STARTS, arg=[f"a[data-file='{name}'] + .cite", "排课中…"])
    for name in links:
        page.wait_for_function(
            SAYS, arg=[f"a[data-file='{name}'] + .cite", name], timeout=PAGE_SOLVE_MS
        )
    until = time.monotonic() + PAGE_SOLVE_MS / 1000
    while len(saved) < len(links):
        assert time.monotonic() < until, f"{len(saved)} of {len(links)} calendars saved"
        page.wait_for_timeout(100)
    for name in links:
        scheduling = [url for url in asked if urlsplit(url).path.endswith(f"/files/{name}")]
        assert len(scheduling) == 1, scheduling
    assert len(saved) == len(links), [d.suggested_filename for d in saved]
    found = {}
    for download in saved:
        assert download.failure() is None
        path = folder / download.suggested_filename
        download.save_as(path)
        found[path.suffix] = path
    return found


@pytest.mark.slow
def test_the_calendar_links_schedule_then_save_the_sheet_and_the_ics(
    page: Any, tmp_path: Path
) -> None:
    """Heze as S5 states it, solved; its calendar's .xlsx and .zip links each say 排课中…,
    then save their file: its sheet (R2's 台账, 活动安排) names every school of plan 1, and the
    zip holds one
    calendar (.ics, with its events) per school."""
    _solved(page, "heze-as-stated")
    page.click("nav button[data-step=downloads]")
    files = _downloaded(page, ["calendar-1.xlsx", "calendar-1.zip"], tmp_path)

    pairs = page.evaluate("() => state.current.solve.result.plans[0].pairs")
    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    schools = {s.id: s.name for s in [*instance.recipients.values(), *instance.helpers.values()]}
    paired = {schools[p[role]] for p in pairs for role in ("helper", "recipient")}
    workbook = load_workbook(files[".xlsx"], read_only=True)
    assert workbook.sheetnames == ["活动安排"], workbook.sheetnames
    cells = {str(c) for row in workbook["活动安排"].iter_rows(values_only=True) for c in row if c}
    assert paired <= cells, paired - cells
    with zipfile.ZipFile(files[".zip"]) as bundle:
        names = bundle.namelist()
        calendars = [bundle.read(name).decode("utf-8") for name in names]
    assert len(names) == len(paired) and all(n.endswith(".ics") for n in names), names
    assert all(c.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in c for c in calendars)


@pytest.mark.slow
def test_a_relaxed_results_summary_and_relaxations_follow_the_language(page: Any) -> None:
    """Heze as printed, solved under zh (its S6 conflict relaxed): switched to English, the
    summary sentence (#result-message) and each relaxation are English; switched back, they
    are the Chinese ones again."""
    _solved(page, "heze")
    chinese = _said(page)
    assert len(chinese) > 1 and all(HAN.search(text) for text in chinese), chinese
    try:
        page.click("#language")
        page.wait_for_function("document.documentElement.lang === 'en'")
        page.wait_for_function(
            "(said) => document.querySelector('#result-message').textContent !== said",
            arg=chinese[0],
        )
        english = _said(page)
        assert len(english) == len(chinese)
        for text in english:
            assert re.search(r"\b(plan|rule|school|helper)", text, re.I), text
            assert not FULL_WIDTH.search(text), text
    finally:
        page.click("#language")
        page.wait_for_function("document.documentElement.lang === 'zh'")
    page.wait_for_function(SAYS, arg=["#result-message", chinese[0]])
    assert _said(page) == chinese


def _said(page: Any) -> list[str]:
    """The result card's summary sentence and relaxations, as shown."""
    message = page.inner_text("#result-message")
    return [message, *page.locator("#result-card .relaxations li").all_inner_texts()]


def test_a_calendar_waiting_behind_solves_says_its_place(page: Any) -> None:
    """A calendar's job queued behind solves says its place in the workers' queue beside
    排课中…; running, 排课中… alone."""
    said = page.evaluate(
        """() => [calendarNote({ state: "queued", queue_position: 2 }),
                  calendarNote({ state: "running", queue_position: null })]"""
    )
    assert said == ["排课中… · 排在第 2 位", "排课中…"]
