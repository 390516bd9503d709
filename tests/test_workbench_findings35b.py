"""A planner's and an IT clerk's user test of the workbench (issue 32, part 35T): the calendar
in the language asked for, at ``plan calendar``'s default time, the API's messages, and the
list of solves read from a small summary."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from pairing_planner.report import result_folder
from pairing_planner.web import calendars
from tests.web_helpers import calendar_file, examples_server, solved_example


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """An English server with Heze as stated solved: the client and the solve's id."""
    with examples_server(tmp_path_factory.mktemp("data"), "en") as client:
        yield client, solved_example(client, "heze-as-stated", {"seed": 1})


@pytest.mark.slow
def test_the_calendar_follows_the_language_asked_and_is_scheduled_once(
    solved: tuple[TestClient, str],
) -> None:
    """The English page's download first, then ``?lang=zh``: the sheet and the .ics are in
    Chinese, where both came in English; the Chinese files hold the same calendar."""
    client, solve = solved
    english = calendar_file(client, solve, "calendar-1.xlsx", "en")
    chinese = calendar_file(client, solve, "calendar-1.xlsx", "zh")
    assert english.status_code == chinese.status_code == 200, chinese.text
    en_book = openpyxl.load_workbook(io.BytesIO(english.content))
    zh_book = openpyxl.load_workbook(io.BytesIO(chinese.content))
    assert en_book.sheetnames != zh_book.sheetnames
    assert "calendar" not in zh_book.sheetnames
    zh_cells = " ".join(str(c.value) for c in zh_book.worksheets[0]["A"] if c.value)
    assert "first term" not in zh_cells
    en_rows = en_book.worksheets[0].max_row
    assert zh_book.worksheets[0].max_row == en_rows
    en_ics, zh_ics = (_ics(client, solve, lang) for lang in ("en", "zh"))
    assert "PRODID:-//pairing-planner//calendar//ZH" in zh_ics
    assert "选派" in zh_ics and "选派" not in en_ics
    assert _dates(zh_ics) == _dates(en_ics)


def _ics(client: TestClient, solve: str, lang: str) -> str:
    """The first school's .ics of plan 1's calendar in ``lang``."""
    ics = calendar_file(client, solve, "calendar-1.zip", lang)
    with zipfile.ZipFile(io.BytesIO(ics.content)) as z:
        return z.read(sorted(z.namelist())[0]).decode()


def _dates(ics: str) -> list[str]:
    return [line for line in ics.splitlines() if line.startswith(("DTSTART", "DTEND"))]


def test_the_server_schedules_a_calendar_within_plan_calendars_default() -> None:
    """One constant for both: the server's calendar job is given the seconds ``plan
    calendar --time-limit`` defaults to (10 s; the server gave 30)."""
    from pairing_planner.cli.calendar import command

    [limit] = [p for p in command.params if p.name == "time_limit"]
    assert limit.default == calendars.CALENDAR_SECONDS == 10.0


@pytest.mark.slow
def test_the_list_of_solves_reads_a_result_once_and_again_when_rewritten(
    solved: tuple[TestClient, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing the solves parsed every plans.json whole each time (134–348 ms with 31 kept):
    a result is read once, and again only once its plans.json is written anew."""
    client, solve = solved
    [first] = [s for s in client.get("/api/solves").json() if s["id"] == solve]
    parsed: list[str] = []
    loads = json.loads

    def listing() -> Any:
        """The list as the server answers it, the results it parsed for it counted."""
        with monkeypatch.context() as patched:
            patched.setattr(result_folder.json, "loads", lambda t: parsed.append(t) or loads(t))
            answer = client.get("/api/solves")
        return answer.json()

    assert listing() == [first] and parsed == []
    [plans] = Path(client.app.state.server.jobs.root, solve).rglob("plans.json")  # type: ignore[attr-defined]
    written = loads(plans.read_text("utf-8"))
    written["status"] = "FEASIBLE"
    plans.write_text(json.dumps(written), "utf-8")
    later = plans.stat().st_mtime_ns + 1_000_000_000
    os.utime(plans, ns=(later, later))
    assert listing() == [{**first, "status": "FEASIBLE"}] and len(parsed) == 1
