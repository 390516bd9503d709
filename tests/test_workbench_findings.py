"""What a bureau planner and an IT clerk found testing the workbench (issue 32, part 32G):
each finding's fix, through the API (FastAPI's TestClient) and in the system's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from tests.web_helpers import workbench_page
from tools.workbench_screenshots import chromium, serving

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "instances" / "lists"
BROWSER = chromium()
needs_chromium = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium found (apt-get install chromium): the workbench's browser tests skipped",
)
SOLVE_MS = 120_000
WATCH_OUTCOME = """() => new MutationObserver(() => {
  const outcome = document.querySelector("#outcome");
  if (outcome.classList.contains("previous")) window.greyed = outcome.dataset.label;
}).observe(document.querySelector("#outcome"), { attributes: true })"""
"""Notes the label of the previous result greyed, however briefly the new solve runs."""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("findings")
    config = ServeConfig(data=data, workers=1, language="zh", examples=ROOT / "instances")
    with TestClient(create_app(config), base_url="http://127.0.0.1:8765") as client:
        yield client


def _fewer_helpers(count: int) -> bytes:
    """The attachment's helper list cut to its first ``count`` schools."""
    lines = (LISTS / "heze-helpers.csv").read_bytes().splitlines(keepends=True)
    return b"".join(lines[: count + 1])


def test_a_corrected_list_keeps_the_other_list(client: TestClient) -> None:
    """Finding 1: re-uploading the recipients on 检查 keeps the planner's helper list (not
    the template's sample schools), and the title still names the helpers' file."""
    recipients = (LISTS / "heze-recipients.csv").read_bytes()
    first = client.post(
        "/api/instances",
        files={
            "recipients": ("受援.csv", recipients),
            "helpers": ("帮扶38.csv", _fewer_helpers(38)),
        },
        data={"template": "heze"},
    ).json()
    assert first["helpers"] == 38
    corrected = client.post(
        "/api/instances",
        files={"recipients": ("受援（改）.csv", recipients)},
        data={"base": first["id"]},
    )
    assert corrected.status_code == 201, corrected.text
    found = corrected.json()
    assert found["helpers"] == 38 and found["recipients"] == 21
    assert "帮扶38" in found["title"] and "受援（改）" in found["title"]


def test_a_corrected_list_of_an_example_keeps_its_schools(client: TestClient) -> None:
    """An example has no lists: its own schools stay beside the corrected one."""
    example = client.post("/api/examples/heze").json()
    corrected = client.post(
        "/api/instances",
        files={"helpers": ("帮扶38.csv", _fewer_helpers(38))},
        data={"base": example["id"]},
    ).json()
    assert (corrected["recipients"], corrected["helpers"]) == (example["recipients"], 38)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("findings-page")) as found:
        yield found


@pytest.fixture
def page(url: str) -> Iterator[object]:
    """A fresh Chinese page of the workbench, ready; no script error may happen on it."""
    with workbench_page(url, BROWSER) as opened:
        yield opened


def _solved_example(page: object, name: str, plans: int = 1) -> None:
    """Open the shipped example ``name`` and solve it for ``plans`` plans."""
    page.click(f"button[data-example={name}]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check.current")  # type: ignore[attr-defined]
    page.click("nav button[data-step=solve]")  # type: ignore[attr-defined]
    page.fill("#solve-form input[name=plans]", str(plans))  # type: ignore[attr-defined]
    page.click("#solve-button")  # type: ignore[attr-defined]
    page.wait_for_selector("#result-card", timeout=SOLVE_MS)  # type: ignore[attr-defined]


@needs_chromium
@pytest.mark.slow
def test_locks_are_chips_a_click_removes_and_never_go_with_a_front(page: object) -> None:
    """Finding 2: a lock shows as 「已锁定：…」 where the solve is asked, a click on it
    removes it; a front asked with a lock pending is solved without it (no refusal), and a
    re-solve after that front reads the form again, so it is not refused either."""
    p = page
    _solved_example(p, "heze-as-stated")
    p.click("#result-card button")  # type: ignore[attr-defined]
    first = p.locator("#pairs tbody tr[data-pair]").first  # type: ignore[attr-defined]
    first.locator("button.lock").click()
    chip = p.locator("#pending-list .chip.lock")  # type: ignore[attr-defined]
    assert chip.inner_text().startswith("已锁定：")
    chip.click()
    assert p.locator("#pending-list .chip").count() == 0  # type: ignore[attr-defined]
    p.locator("#pairs tbody tr[data-pair]").first.locator("button.lock").click()  # type: ignore[attr-defined]
    p.click("nav button[data-step=solve]")  # type: ignore[attr-defined]
    assert p.locator("#solve-pending .chip.lock").count() == 1  # type: ignore[attr-defined]
    p.select_option("#front-choice", index=1)  # type: ignore[attr-defined]
    p.click("#solve-button")  # type: ignore[attr-defined]
    p.wait_for_selector("#result-card .front-chart", timeout=SOLVE_MS)  # type: ignore[attr-defined]
    assert "不带锁定" in p.inner_text("#solve-note")  # type: ignore[attr-defined]
    assert p.inner_text("#solve-problems").strip() == ""  # type: ignore[attr-defined]
    p.click("nav button[data-step=plan]")  # type: ignore[attr-defined]
    p.click("#resolve-button")  # type: ignore[attr-defined]
    p.wait_for_selector("#what-changed", timeout=SOLVE_MS)  # type: ignore[attr-defined]
    assert "options.front" not in p.inner_text("#solve-problems")  # type: ignore[attr-defined]


def test_finished_solves_are_listed_newest_first(client: TestClient) -> None:
    """Finding 3: GET /api/solves lists the solves with a result, newest first, with the
    instance's title, when asked, status and plan count, so last year's result can be
    picked after the tab that solved it was closed."""
    from tests.web_helpers import done

    example = client.post("/api/examples/heze-as-stated").json()
    asked = []
    for plans in (1, 2):
        body = {"instance": example["id"], "options": {"plans": plans, "differ_by": "school"}}
        asked.append(client.post("/api/solves", json=body).json()["id"])
        assert done(client, asked[-1])["state"] == "done"
    listed = client.get("/api/solves").json()
    ours = [solve for solve in listed if solve["id"] in asked]
    assert [solve["id"] for solve in ours] == asked[::-1]
    assert [solve["plans"] for solve in ours] == [2, 1]
    assert all(s["title"] == example["title"] and s["status"] == "OPTIMAL" for s in ours)
    assert ours[0]["created"][:4].isdigit() and "T" in ours[0]["created"]


@needs_chromium
@pytest.mark.slow
def test_last_years_result_is_picked_in_a_fresh_tab(page: object) -> None:
    """Finding 3 on the page: after the tab that solved is gone, 下一年 still lists the
    result by its instance's title, and each of its plans can be named as the one adopted."""
    p = page
    _solved_example(p, "heze-as-stated", plans=2)
    p.reload()  # type: ignore[attr-defined]
    p.wait_for_selector("body[data-ready=true]")  # type: ignore[attr-defined]
    p.click("nav button[data-step=next-year]")  # type: ignore[attr-defined]
    p.wait_for_selector("#adopted-choice option", state="attached")  # type: ignore[attr-defined]
    first = p.inner_text("#baseline-choice option:first-child")  # type: ignore[attr-defined]
    assert "求解" in first and "最优" in first
    options = p.locator("#adopted-choice option").all_inner_texts()  # type: ignore[attr-defined]
    assert options == ["方案 1", "方案 2"]


def test_the_notices_own_template_comes_first_with_its_year(client: TestClient) -> None:
    """Finding 4: the default template (the first) is the notice's own list, heze.yaml, of
    2016, before heze-2019; each example says its year."""
    examples = client.get("/api/examples").json()
    assert examples[0]["name"] == "heze" and examples[0]["year"] == 2016
    years = {example["name"]: example["year"] for example in examples}
    assert years["heze-2019"] == 2019 and years["heze-as-stated"] == 2016
    assert years["ur-sample-city"] is None


@needs_chromium
@pytest.mark.slow
def test_the_previous_result_is_greyed_while_a_new_solve_runs(page: object) -> None:
    """Finding 5 (in part): a new solve greys the previous result, labelled as such, until
    its own is shown."""
    p = page
    _solved_example(p, "heze-as-stated")
    p.evaluate(WATCH_OUTCOME)  # type: ignore[attr-defined]
    p.click("#solve-button")  # type: ignore[attr-defined]
    p.wait_for_function("() => window.greyed !== undefined", timeout=SOLVE_MS)  # type: ignore[attr-defined]
    assert p.evaluate("() => window.greyed") == "上一次的结果"  # type: ignore[attr-defined]
    p.wait_for_selector("#outcome:not(.previous) #result-card", timeout=SOLVE_MS)  # type: ignore[attr-defined]
