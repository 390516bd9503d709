"""Issue 32's loose ends of the workbench: the API's solve options written once (those of an
instance's ``solve:``), a result's sentences in the language asked, and a calendar scheduled as
a job in a worker process, served by the one files route."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from pairing_planner.i18n import Language
from pairing_planner.instance.schema.models import SolveDefaults
from pairing_planner.web.models import SERVER_SET, Options
from tests.test_all_chinese import english_words
from tests.web_helpers import calendar_file, done, examples_server, solved_example

HAN = re.compile(r"[\u4e00-\u9fff]")
"""A Chinese character."""

ENGLISH = re.compile(r"\b(plan|rule|school|helper|supplies)", re.IGNORECASE)
FULL_WIDTH = re.compile("[。，：；（）]")
"""Chinese punctuation: an English sentence has none (the schools' names are Chinese)."""


def _limits(field: dict[str, Any]) -> dict[str, Any]:
    """A field's JSON Schema without its null branch: type, limits, description."""
    [given] = [branch for branch in field.get("anyOf", [field]) if branch.get("type") != "null"]
    return {k: v for k, v in given.items() if k != "title"} | {
        "description": field.get("description")
    }


def test_the_api_options_take_the_caps_and_words_of_the_instance_solve_defaults() -> None:
    """Each API option is an instance's ``solve:`` default with its type, limits and
    description (written once, in ``SolveDefaults``), left out unless given; a cap added
    there reaches the API's schema."""
    defaults = SolveDefaults.model_json_schema()["properties"]
    options = Options.model_json_schema()["properties"]
    assert set(options) == set(defaults) - set(SERVER_SET) | {"front"}
    for name in set(defaults) - set(SERVER_SET):
        expected = {
            k: v for k, v in _limits(defaults[name]).items() if k not in ("default", "title")
        }
        assert _limits(options[name]) == expected, name
        assert options[name]["default"] is None, name
    assert Options().model_dump(exclude_none=True) == {}


@pytest.fixture(scope="module")
def heze(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """A server with one worker, two plans of Heze as S5 states it: (client, solve id)."""
    with examples_server(tmp_path_factory.mktemp("loose-ends"), "en") as client:
        yield client, solved_example(client, "heze-as-stated", {"seed": 1, "plans": 2})


@pytest.mark.slow
def test_a_calendar_is_a_job_polled_where_the_first_download_says(
    heze: tuple[TestClient, str],
) -> None:
    """The first download of a calendar answers at once, 202, with the job (queued in a
    worker, as a solve is) and where to poll it; the same job is answered until it is made,
    then the file; its job is no solve."""
    client, solve = heze
    first = client.get(f"/api/solves/{solve}/files/calendar-1.xlsx")
    assert first.status_code == 202, first.text
    job = first.json()
    assert first.headers["Location"] == f"/api/solves/{solve}/calendars/1"
    assert job["state"] in ("queued", "running") and job["plan"] == 1
    again = client.get(f"/api/solves/{solve}/files/calendar-1.zip")
    assert again.status_code == 202 and again.json()["id"] == job["id"]
    assert client.get(f"/api/solves/{job['id']}").status_code == 404
    sheet = calendar_file(client, solve, "calendar-1.xlsx")
    assert sheet.status_code == 200, sheet.text
    assert load_workbook(io.BytesIO(sheet.content)).worksheets[0].max_row > 20
    polled = client.get(first.headers["Location"]).json()
    assert polled["state"] == "done"
    assert polled["files"] == ["calendar-1.xlsx", "calendar-1.zip"]
    bundle = client.get(f"/api/solves/{solve}/files/calendar-1.zip")
    assert len(zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()) == 40


@pytest.mark.slow
def test_a_calendar_job_stopped_keeps_nothing_and_is_asked_again(
    heze: tuple[TestClient, str],
) -> None:
    """POST starts a plan's calendar; DELETE stops it (a queued one cancelled, a running one
    stopped) and nothing is kept, so the next download schedules it again. A plan the result
    lacks is refused naming the plans there are; one never asked for is not found."""
    client, solve = heze
    where = f"/api/solves/{solve}/calendars/2"
    assert client.get(where).status_code == 404
    assert client.post(f"/api/solves/{solve}/calendars/9").status_code == 404
    body = {"instance": _instance(client, solve), "options": {"seed": 2}}
    blocker = client.post("/api/solves", json=body).json()
    started = client.post(where)
    assert started.status_code == 202 and started.json()["state"] in ("queued", "running")
    stopped = client.delete(where).json()
    assert stopped["state"] in ("cancelled", "interrupted"), stopped
    assert done(client, blocker["id"])["state"] == "done"
    assert client.get(where).json()["state"] in ("cancelled", "interrupted")
    assert client.get(f"/api/solves/{solve}/files/calendar-2.xlsx").status_code == 202
    assert calendar_file(client, solve, "calendar-2.xlsx").status_code == 200


def _instance(client: TestClient, solve: str) -> str:
    return str(client.get(f"/api/solves/{solve}").json()["instance"])


@pytest.mark.slow
@pytest.mark.parametrize(("solved_in", "asked_in"), [("en", "zh"), ("zh", "en")])
def test_a_result_is_worded_in_the_language_asked_not_the_one_it_was_solved_in(
    tmp_path: Path, solved_in: Language, asked_in: Language
) -> None:
    """Heze as printed, solved in one language (its S6 conflict relaxed, its summary sentence
    saying so) and fetched in the other: the summary and every relaxation in the second,
    and in the first again when asked so."""
    with examples_server(tmp_path, solved_in) as client:
        opened = client.post("/api/examples/heze").json()
        body = {"instance": opened["id"], "options": {"seed": 1}}
        solve = client.post("/api/solves", json=body).json()["id"]
        result = done(client, solve)["result"]
        assert isinstance(result, dict) and result["message"]
        again = client.get(f"/api/solves/{solve}", params={"lang": asked_in}).json()["result"]
        first = client.get(f"/api/solves/{solve}", params={"lang": solved_in}).json()["result"]
    said = [again["message"], *(r["message"] for p in again["plans"] for r in p["relaxations"])]
    assert len(said) > 1
    for text in said:
        if asked_in == "zh":
            assert HAN.search(text) and english_words(text, {"S6"}) == [], text
        else:
            assert ENGLISH.search(text) and not FULL_WIDTH.search(text), text
    assert first["message"] == result["message"]
