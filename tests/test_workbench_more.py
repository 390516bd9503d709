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
from tests.web_helpers import chromium_at, done, lists_in_page
from tools.workbench_screenshots import LISTS, SOLVE_SECONDS, chromium, serving

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
    body = {"instance": heze, "options": {"front": "distance,score_gap"}, "lock": ["jining-j1:r01"]}
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
    found = done(client, answer.json()["id"])
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
    assert done(client, solve)["state"] == "done"
    chinese = client.get(f"/api/solves/{solve}?lang=zh").json()
    english = client.get(f"/api/solves/{solve}?lang=en").json()
    said = chinese["result"]["plans"][0]["relaxations"][0]["message"]  # type: ignore[index]
    assert "济宁市" in said and "supplies" not in said
    bent = english["result"]["plans"][0]["relaxations"][0]["message"]
    assert "supplies" in bent and "(S6)" in bent
    assert "junior recipients" in english["result"]["diagnosis"]["structural"][0]
    again = client.get(f"/api/solves/{solve}?lang=zh").json()
    assert again["result"]["plans"][0]["relaxations"][0]["message"] == said


BROWSER = chromium()
needs_chromium = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium found (apt-get install chromium): the workbench's browser tests skipped",
)
LABELS_CLEAR = """() => {
  const boxes = [...document.querySelectorAll('#plan-map svg text')]
    .map((t) => t.getBoundingClientRect());
  const clash = boxes.some((a, i) => boxes.slice(i + 1).some((b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
  return [boxes.length, clash];
}"""


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("pages")) as found:
        yield found


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium_at(BROWSER) as launched:
        yield launched


@needs_chromium
@pytest.mark.slow
def test_next_year_with_clear_labels_and_the_change_report(page_url: str, browser: object) -> None:
    """Heze's 2016 lists solved, the map's labels clear of each other (the county seats sit
    close together), then 2017's lists re-planned from that result: the change report."""
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_url)
    page.wait_for_selector("body[data-ready=true]")
    lists_in_page(page)
    page.fill("#solve-form input[name=time_limit]", "60")
    page.click("#solve-button")
    page.wait_for_selector("#result-card", timeout=SOLVE_SECONDS)
    page.click("#result-card button")
    page.wait_for_selector("#plan-map svg text.school")
    labels, clash = page.evaluate(LABELS_CLEAR)
    assert labels > 10 and not clash
    assert "曹县：" in page.inner_text("#plan-map")  # its schools under it, as on the PNG map

    page.click("nav button[data-step=next-year]")
    form = "#next-year-form"
    page.select_option(f"{form} select[name=template]", "heze")
    page.set_input_files(f"{form} input[name=recipients]", LISTS / "heze-recipients-2017.csv")
    page.set_input_files(f"{form} input[name=helpers]", LISTS / "heze-helpers.csv")
    page.click(f"{form} button[type=submit]")
    report = page.locator("#changes")
    report.wait_for(timeout=SOLVE_SECONDS)
    assert report.locator("h3").inner_text() == "变化报告"
    assert "保留" in report.inner_text()
    assert not errors


@needs_chromium
@pytest.mark.slow
def test_the_front_from_the_page_is_a_chart_whose_points_open_plans(
    page_url: str, browser: object
) -> None:
    """Heze as stated, the front between 距离 and 水平差距 asked on the page: a chart with
    both ends and the balanced point marked; a point opens its plan."""
    page = browser.new_page(locale="zh-CN")  # type: ignore[attr-defined]
    page.goto(page_url)
    page.wait_for_selector("body[data-ready=true]")
    page.click("button[data-example=heze-as-stated]")
    page.wait_for_selector("#check.current")
    page.click("nav button[data-step=solve]")
    assert "距离 与 水平差距" in page.inner_text("#front-choice")
    page.select_option("#front-choice", "distance,score_gap")
    page.fill("#solve-form input[name=plans]", "5")
    page.click("#solve-button")
    chart = page.locator("#result-card .front-chart")
    chart.wait_for(timeout=SOLVE_SECONDS)
    assert chart.locator("circle.point").count() >= 3
    assert chart.locator("circle.end").count() == 2
    assert chart.locator("circle.balanced").count() == 1
    assert "最均衡" in (chart.text_content() or "")
    rank = chart.locator("circle.balanced").get_attribute("data-rank")
    chart.locator("circle.balanced").click()
    page.wait_for_selector("#plan.current")
    chosen = page.locator("#plan-choice option:checked").inner_text()
    assert chosen.endswith(f"方案 {rank}")
