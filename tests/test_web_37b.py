"""Review 37B of ``plan serve`` (issue 32): downloads made on demand by several clients at
once, the 413 of a list in the server's language, ``POST /api/verify`` without a plan, and
the schema's error responses."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from tests.web_helpers import examples_server, solved_example


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """An English server with the Heze example as S5 states it solved: (client, solve id)."""
    with examples_server(tmp_path_factory.mktemp("b37"), "en") as client:
        yield client, solved_example(client, "heze-as-stated", {"seed": 0, "plans": 1})


def _chinese(names: list[str]) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for name in names for ch in name)


@pytest.mark.slow
def test_parallel_ledgers_in_two_languages_are_each_their_own(
    served: tuple[TestClient, str],
) -> None:
    """Ledgers asked at once in Chinese and English each come in their own language, whole:
    before, every request rewrote one shared exports/ledger-1.xlsx and served it by path, so
    a Chinese request could get the English sheets, or a torn file."""
    client, solve = served
    wrong: list[tuple[str, object]] = []

    def download(lang: str) -> None:
        answer = client.get(f"/api/solves/{solve}/plans/1", params={"format": "xlsx", "lang": lang})
        try:
            names = load_workbook(io.BytesIO(answer.content), read_only=True).sheetnames
        except Exception as error:  # a torn file is what this test looks for
            wrong.append((lang, repr(error)))
            return
        if _chinese(names) != (lang == "zh"):
            wrong.append((lang, names))

    for _round in range(40):
        threads = [threading.Thread(target=download, args=(lang,)) for lang in ("zh", "en") * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert wrong == []


def test_a_list_past_its_cap_is_refused_in_the_requests_language(
    served: tuple[TestClient, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list past its cap is 413 wholly in the language asked (title, field and message):
    before, read outside the request's language, it came in English on a Chinese page."""
    client, _solve = served
    monkeypatch.setattr("pairing_planner.web.instances.upload_cap", lambda role: 1000)
    lists = {"recipients": ("名单.csv", b"x" * 5000)}
    answer = client.post(
        "/api/instances", files=lists, data={"template": "heze"}, params={"lang": "zh"}
    )
    assert answer.status_code == 413
    found = answer.json()
    assert not found["title"].isascii()
    assert "名单.csv" in found["detail"]
    assert "field" not in found["detail"]
    assert "larger" not in found["detail"]
    assert found["problems"][0]["field"] == "recipients"


def test_verify_without_a_plan_is_a_bad_request(served: tuple[TestClient, str]) -> None:
    """POST /api/verify with neither ``pairs`` nor ``solve`` is 400 naming what to give, in
    the language asked, as a request the schema refuses is: before, 409 "Not possible now."."""
    client, _solve = served
    instance = client.post("/api/examples/heze-as-stated").json()["id"]
    answer = client.post("/api/verify", json={"instance": instance}, params={"lang": "zh"})
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    found = answer.json()
    assert found["type"].endswith(":bad-request")
    assert found["problems"][0]["field"] == "pairs"
    assert "'pairs'" in found["detail"]
    assert "'solve'" in found["detail"]
    assert not found["detail"].isascii()


def _declared(schema: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    """The responses the schema declares for ``method`` on the route ``path`` matches."""
    for template, operations in schema["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            found: dict[str, Any] = operations[method.lower()]["responses"]
            return found
    raise AssertionError(f"no route in the schema for {path}")


def _refusals(
    client: TestClient, solve: str, monkeypatch: pytest.MonkeyPatch, data: Path
) -> list[Any]:
    """A real request failing in each way the API fails (401 from a server over ``data``
    started with a token)."""
    instance = client.post("/api/examples/heze-as-stated").json()["id"]
    monkeypatch.setattr("pairing_planner.web.instances.upload_cap", lambda role: 1000)
    config = ServeConfig(data=data, token="s3cret")
    return [
        client.post("/api/solves", json={"instance": instance, "options": {"seed": "x"}}),
        TestClient(create_app(config), base_url="http://127.0.0.1:8765").get("/api/solves"),
        client.get(f"/api/solves/{solve}", headers={"host": "evil.example"}),
        client.get("/api/solves/0000000000000000"),
        client.get(f"/api/solves/{solve}/changes/1"),
        client.post("/api/instances", files={"recipients": ("a.csv", b"x" * 5000)}),
        client.post("/api/solves", json={"instance": instance, "lock": ["nobody:none"]}),
    ]


def test_every_error_is_as_the_schema_declares(
    served: tuple[TestClient, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each way a request fails (400, 401, 403, 404, 409, 413, 422) is answered with a status
    and a media type the schema declares for its route, and a body holding the schema's
    Problem: before, the schema listed only a 422 HTTPValidationError as JSON."""
    client, solve = served
    schema = client.get("/openapi.json").json()
    problem = schema["components"]["schemas"]["Problem"]
    answers = _refusals(client, solve, monkeypatch, tmp_path)
    assert [a.status_code for a in answers] == [400, 401, 403, 404, 409, 413, 422]
    for answer in answers:
        declared = _declared(schema, answer.request.method, answer.request.url.path)
        media = answer.headers["content-type"]
        assert media in declared[str(answer.status_code)]["content"], answer.request.url
        assert set(problem["required"]) <= set(answer.json()), answer.text
        assert set(answer.json()) <= set(problem["properties"]), answer.text


def test_downloads_and_events_are_declared_as_sent(served: tuple[TestClient, str]) -> None:
    """A plan as CSV and as the ledger, and the events stream, come as media types their
    routes declare (they were all declared JSON)."""
    client, solve = served
    schema = client.get("/openapi.json").json()
    asked = [
        client.get(f"/api/solves/{solve}/plans/1", params={"format": "csv"}),
        client.get(f"/api/solves/{solve}/plans/1", params={"format": "xlsx"}),
        client.get(f"/api/solves/{solve}/events"),
    ]
    for answer in asked:
        assert answer.status_code == 200
        declared = _declared(schema, "GET", answer.request.url.path)["200"]["content"]
        assert answer.headers["content-type"].split(";")[0] in declared
    assert "application/json" not in _declared(schema, "GET", f"/api/solves/{solve}/events")
