"""The workbench's gaps the pages left (issue 32, part 32D): the trade-off front asked from
the API and drawn on the page, cost terms by name, a result worded in the language the page
asks in (not the one it was solved in), the map's labels clear of each other, the next-year
step walked in a browser, and the examples read before the first page asks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from tests.test_web_api import _done

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    config = ServeConfig(
        data=tmp_path_factory.mktemp("workbench"),
        workers=1,
        language="zh",
        examples=ROOT / "instances",
    )
    with TestClient(create_app(config), base_url=BASE) as client:
        yield client


def _example(client: TestClient, name: str) -> str:
    answer = client.post(f"/api/examples/{name}")
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


@pytest.fixture(scope="module")
def heze(client: TestClient) -> str:
    return _example(client, "heze")


def test_the_terms_an_instance_weighs_are_named_in_the_pages_language(
    client: TestClient, heze: str
) -> None:
    chinese = client.get(f"/api/instances/{heze}/terms?lang=zh").json()
    english = client.get(f"/api/instances/{heze}/terms?lang=en").json()
    assert [t["id"] for t in chinese] == [t["id"] for t in english]
    assert {"id": "score_gap", "name": "水平差距"} in chinese
    assert {"id": "score_gap", "name": "score gap"} in english


@pytest.mark.parametrize(
    ("front", "said"),
    [
        ("distance", "two cost terms"),
        ("distance,nearness", "'nearness' is not a cost term"),
        ("distance,distance", "two different cost terms"),
    ],
)
def test_a_front_misnamed_is_refused_before_it_is_queued(
    client: TestClient, heze: str, front: str, said: str
) -> None:
    body = {"instance": heze, "options": {"front": front}}
    answer = client.post("/api/solves?lang=en", json=body)
    assert answer.status_code == 422, answer.text
    assert said in answer.text


def test_a_front_takes_no_lock(client: TestClient, heze: str) -> None:
    body = {"instance": heze, "options": {"front": "distance,score_gap"}, "lock": ["h01:r01"]}
    answer = client.post("/api/solves?lang=en", json=body)
    assert answer.status_code == 422
    assert "leave out lock" in answer.text


@pytest.mark.slow
def test_a_front_by_its_chinese_names_gives_its_points_and_the_balanced_one(
    client: TestClient,
) -> None:
    """Heze as stated (a plan keeps every rule): the front between 距离 and 水平差距, asked
    by the names the tool prints, comes back with both terms, its points least distance
    first, and the balanced point among them."""
    stated = _example(client, "heze-as-stated")
    body = {"instance": stated, "options": {"front": "距离，水平差距", "plans": 5}}
    answer = client.post("/api/solves", json=body)
    assert answer.status_code == 202, answer.text
    found = _done(client, answer.json()["id"])
    assert found["state"] == "done", found
    result = found["result"]
    assert isinstance(result, dict)
    assert result["front"] == ["distance", "score_gap"]
    distances = [plan["term_costs"]["distance"] for plan in result["plans"]]
    assert distances == sorted(distances) and len(distances) >= 3
    assert found["balanced"] in range(2, len(distances))
    assert found["terms"]["distance"] == "距离"  # type: ignore[index]


@pytest.mark.slow
def test_a_result_is_worded_in_the_language_asked(client: TestClient, heze: str) -> None:
    """Heze as printed, solved in Chinese: asked in English, its relaxation and diagnosis
    are English (as the ledger words them), and in Chinese again, Chinese."""
    answer = client.post("/api/solves", json={"instance": heze, "options": {"seed": 1}})
    solve = answer.json()["id"]
    assert _done(client, solve)["state"] == "done"
    chinese = client.get(f"/api/solves/{solve}?lang=zh").json()
    english = client.get(f"/api/solves/{solve}?lang=en").json()
    said = chinese["result"]["plans"][0]["relaxations"][0]["message"]  # type: ignore[index]
    assert "济宁市" in said and "supplies" not in said
    bent = english["result"]["plans"][0]["relaxations"][0]["message"]
    assert "supplies" in bent and "(S6)" in bent
    assert "junior recipients" in english["result"]["diagnosis"]["structural"][0]
    again = client.get(f"/api/solves/{solve}?lang=zh").json()
    assert again["result"]["plans"][0]["relaxations"][0]["message"] == said
