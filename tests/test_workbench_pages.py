"""The workbench's pages and what they ask beyond the commands' API (issue 32, part 32B):
served from the package, their words all in the catalogue, the shipped examples, an
instance's schools with places, and plan K's calendar as .xlsx and zipped .ics."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.page_words import WORDS
from tests.web_helpers import calendar_file

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "src" / "pairing_planner" / "web" / "static"
BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    config = ServeConfig(
        data=tmp_path_factory.mktemp("pages"), workers=1, examples=ROOT / "instances"
    )
    with TestClient(create_app(config), base_url=BASE) as client:
        yield client


def test_the_page_and_its_files_come_from_the_package(client: TestClient) -> None:
    """The page, its script and style are served; no other name is (never a path), and the
    page names nothing outside this server."""
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for name in ("workbench.js", "workbench.css", "map.js"):
        assert client.get(f"/static/{name}").status_code == 200
    assert client.get("/static/index.html").status_code == 404
    assert client.get("/static/..%2Fpages.py").status_code == 404
    for path in (p for p in STATIC.iterdir() if p.is_file()):
        assert not re.search(r"(src|href)=\"(https?:)?//", path.read_text("utf-8")), path.name


def test_every_word_of_the_page_is_in_the_list_the_catalogue_translates() -> None:
    """Each t("…") of the script and data-t of the page is in page_words, so it is shown in
    Chinese (tests/test_languages.py holds the catalogue to page_words)."""
    script = (STATIC / "workbench.js").read_text("utf-8")
    page = (STATIC / "index.html").read_text("utf-8")
    used = set(re.findall(r'\bt\(\s*"((?:[^"\\]|\\.)*)"', script))
    used |= set(re.findall(r'data-t="([^"]*)"', page))
    assert used == set(WORDS)


def test_the_words_in_chinese_and_english(client: TestClient) -> None:
    """/workbench/words answers in the language asked for."""
    chinese = client.get("/workbench/words", params={"lang": "zh"}).json()
    english = client.get("/workbench/words", params={"lang": "en"}).json()
    assert chinese["1 Start"] == "1 开始" and english["1 Start"] == "1 Start"
    assert set(chinese) == set(WORDS)


def test_the_shipped_examples_and_opening_one(client: TestClient) -> None:
    """The examples are the shipped instances (a calendar file is none); opening one checks
    it, and its schools come with city, county and coordinates."""
    names = {e["name"] for e in client.get("/api/examples").json()}
    assert {"heze", "heze-as-stated", "ur-sample-city"} <= names
    assert "calendar-2016-illustrative" not in names
    opened = client.post("/api/examples/heze")
    assert opened.status_code == 201
    assert opened.json()["conflicts"] == 1
    schools = client.get(f"/api/instances/{opened.json()['id']}/schools").json()
    recipients = [s for s in schools if s["role"] == "recipient"]
    assert len(recipients) == 21
    assert {s["city"] for s in recipients} == {"菏泽市"}
    assert all(30 < s["lat"] < 40 and 110 < s["lon"] < 125 for s in schools)
    missing = client.post("/api/examples/nowhere", params={"lang": "en"})
    assert missing.status_code == 404
    assert "no example 'nowhere'" in missing.json()["problems"][0]["message"]


@pytest.mark.slow
def test_the_calendar_of_a_plan_as_xlsx_and_ics(client: TestClient) -> None:
    """Plan 1's calendar: the 台账 sheet as .xlsx and each school's .ics in one zip."""
    opened = client.post("/api/examples/heze-as-stated").json()
    solve = client.post("/api/solves", json={"instance": opened["id"]}).json()
    until = time.monotonic() + 240
    while client.get(f"/api/solves/{solve['id']}").json()["state"] in ("queued", "running"):
        assert time.monotonic() < until
        time.sleep(0.1)
    sheet = calendar_file(client, solve["id"], "calendar-1.xlsx")
    assert sheet.status_code == 200, sheet.text
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert len(rows) > 20
    bundle = client.get(f"/api/solves/{solve['id']}/files/calendar-1.zip")
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert len(names) == 40 and all(n.endswith(".ics") for n in names)
    assert client.get(f"/api/solves/{solve['id']}/files/calendar.py").status_code == 404
