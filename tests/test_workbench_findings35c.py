"""The workbench's API from a user test (issue 32, part 35X): its messages in one language
with the language's separators, each field named once, and a decomposed solve's stage and
progress while its parts are solved."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pairing_planner.errors import Problem
from pairing_planner.web.language import speaking
from pairing_planner.web.problems import ApiProblem
from tests.web_helpers import done, examples_server


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with examples_server(tmp_path_factory.mktemp("workbench")) as client:
        yield client


@pytest.fixture(scope="module")
def heze(client: TestClient) -> str:
    answer = client.post("/api/examples/heze")
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _refused(client: TestClient, heze: str, options: dict[str, object], lang: str) -> dict:
    answer = client.post(f"/api/solves?lang={lang}", json={"instance": heze, "options": options})
    assert answer.status_code in (400, 422), answer.text
    return dict(answer.json())


def test_choices_are_joined_as_the_language_joins_them(client: TestClient, heze: str) -> None:
    """pydantic's "'school', 'city' or 'county'" put an English 'or' in a Chinese message."""
    chinese = _refused(client, heze, {"differ_by": "town"}, "zh")["detail"]
    english = _refused(client, heze, {"differ_by": "town"}, "en")["detail"]
    assert "'school'、'city' 或 'county'" in chinese and " or " not in chinese
    assert "'school', 'city' or 'county'" in english
    pdf = client.get("/api/solves/none/plans/1?format=pdf&lang=zh").json()["detail"]
    assert "'json'、'csv' 或 'xlsx'" in pdf


def test_a_requests_field_is_named_once(client: TestClient, heze: str) -> None:
    detail = _refused(client, heze, {"within": "30"}, "zh")["detail"]
    assert detail.count("options.within") == 1
    assert detail.startswith("字段 'options.within' 必须是数")


def test_a_text_that_is_no_number_gets_no_hint_about_quotes(client: TestClient, heze: str) -> None:
    """'30, not "30"' told the planner who wrote "abc" nothing."""
    words = _refused(client, heze, {"within": "abc"}, "zh")["detail"]
    quoted = _refused(client, heze, {"within": "30"}, "zh")["detail"]
    assert '"30"' not in words and "例如 30" in words
    assert '"30"' in quoted


def test_a_misnamed_front_term_names_its_field(client: TestClient, heze: str) -> None:
    """A bad front term had field null where the front's other refusals named options.front."""
    answer = _refused(client, heze, {"front": "distance,nearness"}, "zh")
    assert [p["field"] for p in answer["problems"]] == ["options.front"]
    assert answer["detail"].startswith("字段 'options.front'：")


def test_a_lists_row_is_told_with_the_languages_colon() -> None:
    problem = Problem("找不到该县。", Path("名单.xlsx"), 4, "县（市、区）", "附件")
    with speaking("zh"):
        body = json.loads(ApiProblem(422, "bad-input", "输入有问题。", [problem]).response().body)
    assert body["detail"] == "名单.xlsx [附件]，第 4 行：列“县（市、区）”：找不到该县。"
    with speaking("en"):
        body = json.loads(ApiProblem(422, "bad-input", "x", [problem]).response().body)
    assert body["detail"] == "名单.xlsx [附件], row 4: column '县（市、区）': 找不到该县。"


@pytest.mark.slow
def test_a_decomposed_solve_says_solving_while_its_parts_are_solved(tmp_path: Path) -> None:
    """ur-sample-city said 'preparing' through parts 2/16 to 14/16, and 'writing' when done."""
    seen: set[tuple[str, str | None]] = set()
    with examples_server(tmp_path, "en") as client:
        city = client.post("/api/examples/ur-sample-city").json()["id"]
        body = {"instance": city, "options": {"time_limit": 20}}
        solve_id = client.post("/api/solves", json=body).json()["id"]
        for _ in range(2000):
            found = client.get(f"/api/solves/{solve_id}").json()
            if found["state"] != "running" and found["state"] != "queued":
                break
            if found["parts"]:
                seen.add(("parts", found["stage"]))
            time.sleep(0.05)
        final = done(client, solve_id)
    assert seen and seen <= {("parts", "solving"), ("parts", "writing")}
    assert final["state"] == "done" and final["stage"] is None
