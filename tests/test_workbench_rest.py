"""The rest of what a bureau planner and an IT clerk found testing the workbench (issue 32,
part 32I): a stopped solve's state, verify with declared relaxations, the comparison's words."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pairing_planner.api import trade_off
from pairing_planner.cli import main, serve
from pairing_planner.instance.index.instance import Instance
from pairing_planner.solving.options import SolveOptions
from pairing_planner.web import jobs, result_words
from pairing_planner.web.download_names import content_disposition, download_names
from pairing_planner.web.worker import Task
from tests.web_helpers import done, examples_server, free_port, served_page, stand_in_solve
from tools.workbench_screenshots import chromium

BROWSER = chromium()
needs_chromium = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium found (apt-get install chromium): the workbench's browser tests skipped",
)
SOLVE_MS = 120_000
SAYS = "([selector, text]) => document.querySelector(selector).textContent === text"
"""Whether what ``selector`` finds says ``text``: a language switch redraws the page after
it has fetched the words, so a test waits for the words, not for the switch."""
LISTS = Path(__file__).resolve().parent.parent / "instances" / "lists"


class _StoppedWorker:
    """A worker process stood in for: a solve runs until it is asked to stop, and ends as a
    stop ends it, its best plan so far written and marked interrupted."""

    def __init__(self) -> None:
        self.job: str | None = None
        self.loaded: list[str] = []
        self.events = self
        self.stopped = threading.Event()

    def takes(self, instance: str) -> None:
        self.loaded.append(instance)

    def send(self, *message: object) -> None:
        if message[0] == "stop":
            self.stopped.set()

    def recv(self) -> tuple[object, ...]:
        self.stopped.wait(30)
        return ("done", self.job, "folder", True)

    def close(self) -> None:
        """Nothing to end."""


def test_a_stopped_solve_is_interrupted_with_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 6: a stop that kept the best plan so far left the state ``done`` with
    ``stopping`` true for ever; now it is ``interrupted``, no longer stopping, with a result."""
    monkeypatch.setattr(jobs, "WorkerProcess", _StoppedWorker)
    manager = jobs.JobManager(tmp_path / "solves", 1)
    manager.start()
    task = Task(job="", instance="x.yaml", options={}, out="", language="en")
    job = manager.submit("x", task)
    until = time.monotonic() + 30
    while job.state != jobs.RUNNING and time.monotonic() < until:
        time.sleep(0.05)
    manager.stop(job)
    assert job.stopping
    while job.state not in jobs.FINISHED and time.monotonic() < until:
        time.sleep(0.05)
    assert job.state == jobs.INTERRUPTED and not job.stopping
    assert job.has_result and job.folder == "folder"


class _NewsWorker(_StoppedWorker):
    """A worker stood in for that says what a front's solve says: its stages and its points."""

    def __init__(self) -> None:
        super().__init__()
        self.news: list[tuple[object, ...]] = []

    def takes(self, instance: str) -> None:
        super().takes(instance)
        self.news = [
            ("stage", self.job, "reading"),
            ("stage", self.job, "preparing"),
            ("points", self.job, 1, 3),
            ("stage", self.job, "writing"),
            ("done", self.job, "folder", False),
        ]

    def recv(self) -> tuple[object, ...]:
        return self.news.pop(0)


def test_a_solves_stage_and_points_reach_its_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 5: the worker's stages (a large instance is read and split for seconds before
    any progress) and a front's points are kept on the job the API shows; an ended job has no
    stage (its last, writing, is over)."""
    monkeypatch.setattr(jobs, "WorkerProcess", _NewsWorker)
    job = stand_in_solve(tmp_path / "solves")
    assert job.state == jobs.DONE and (job.stage, job.points) == (None, [1, 3])


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with examples_server(tmp_path_factory.mktemp("rest")) as client:
        yield client


def _solved(client: TestClient, example: str, options: dict[str, object]) -> tuple[str, str]:
    """An example stored and solved: its instance id and the solve's id."""
    instance = client.post(f"/api/examples/{example}").json()["id"]
    answer = client.post("/api/solves", json={"instance": instance, "options": options})
    assert answer.status_code == 202, answer.text
    solve = answer.json()["id"]
    assert done(client, solve)["state"] == "done"
    return instance, solve


@pytest.mark.slow
def test_an_interrupted_solve_is_listed_and_its_plans_used(client: TestClient) -> None:
    """Finding 6: GET /api/solves and the endpoints that read a finished solve's plans.json
    (verify, a baseline, last year's result) took only ``done``; an ``interrupted`` solve
    with its best plan kept is as usable."""
    instance, solve = _solved(client, "heze-as-stated", {"time_limit": 30})
    client.app.state.server.jobs.get(solve).state = jobs.INTERRUPTED  # type: ignore[attr-defined]
    listed = {found["id"]: found for found in client.get("/api/solves").json()}
    assert solve in listed
    found = client.get(f"/api/solves/{solve}").json()
    assert found["state"] == "interrupted" and found["result"]["plans"]
    verdict = client.post("/api/verify", json={"instance": instance, "solve": solve, "plan": 1})
    assert verdict.status_code == 200, verdict.text
    assert verdict.json()["ok"] is True


@pytest.mark.slow
def test_verify_takes_the_relaxations_a_plan_declares(client: TestClient) -> None:
    """Finding 9: the pairs of a relaxed plan sent to POST /api/verify gave ok false; with
    the relaxations plans.json records beside them they are declared, not failures; without
    them the bent rule is still a failure."""
    instance, solve = _solved(client, "heze", {"time_limit": 60})
    [plan] = client.get(f"/api/solves/{solve}/plans/1").json()["plans"]
    pairs = [{"helper": p["helper"], "recipient": p["recipient"]} for p in plan["pairs"]]
    assert plan["relaxations"]
    body = {"instance": instance, "pairs": pairs, "relaxations": plan["relaxations"]}
    verdict = client.post("/api/verify", json=body)
    assert verdict.status_code == 200, verdict.text
    assert verdict.json()["ok"] is True and verdict.json()["declared"]
    bare = client.post("/api/verify", json={"instance": instance, "pairs": pairs}).json()
    assert bare["ok"] is False


def test_an_unknown_school_is_refused_without_the_servers_path(client: TestClient) -> None:
    """Finding 9: the 422 for a school the instance lacks named the server's instance.yaml
    (/tmp/…/instances/…/instance.yaml); it names the instance alone."""
    instance = client.post("/api/examples/heze").json()["id"]
    pairs = [{"helper": "nowhere-s9", "recipient": "r-371702-mudanqudiershierzhongxue"}]
    answer = client.post("/api/verify", json={"instance": instance, "pairs": pairs})
    assert answer.status_code == 422, answer.text
    assert "nowhere-s9" in answer.text
    assert "instance.yaml" not in answer.text and "/" not in answer.json()["detail"]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chinese page of the workbench on a server of its own, shared by this module's
    browser tests (each opens what it needs); no script error may happen on it."""
    with served_page(tmp_path_factory.mktemp("rest-page")) as opened:
        yield opened


def _solve(page: Any, plans: int, differ_by: str = "") -> None:
    """Ask the form's solve of the open instance and wait for its result card."""
    page.click("nav button[data-step=solve]")
    page.fill("#solve-form input[name=plans]", str(plans))
    page.select_option("#solve-form select[name=differ_by]", differ_by)
    page.click("#solve-button")
    page.wait_for_selector("#outcome:not(.previous) #result-card", timeout=SOLVE_MS)


@needs_chromium
def test_a_gap_in_per_cent_never_reads_zero(page: Any) -> None:
    """Finding 7: 「比最优高 0 %」 for a gap of 0.02 %: two decimals under 1 %, and
    「< 0.01」 below that; none for none."""
    shown = page.evaluate("() => [0, 0.001, 0.02, 0.456, 3.456].map(percent)")
    assert shown == ["0.00", "< 0.01", "0.02", "0.46", "3.5"]


@needs_chromium
@pytest.mark.slow
def test_the_comparison_names_statuses_cities_and_solves(page: Any) -> None:
    """Finding 7: in a relaxed solve each plan is badged with its status in words, not
    OPTIMAL; other helper cities by name, not id; the plan lists name the instance and the
    time; the table follows the selectors after a new solve, without a click on 比较."""
    page.click("button[data-example=heze]")
    page.wait_for_selector("#check.current")
    _solve(page, 3, "city")
    page.click("nav button[data-step=compare]")
    badges = page.locator("#alternatives .badge").all_inner_texts()
    assert len(badges) == 3 and all(b.startswith("放宽方案") for b in badges), badges
    cities = " ".join(page.locator("#alternatives .cities").all_inner_texts())
    assert cities and not re.search("[a-z]", cities), cities
    _solve(page, 1)
    page.click("nav button[data-step=compare]")
    chosen = page.locator("#compare-a option:checked").inner_text()
    assert "菏泽" in chosen and re.search(r"\d\d:\d\d", chosen), chosen
    heads = page.locator("#compare-terms thead th").all_inner_texts()
    assert chosen.endswith(heads[1]) and heads[2].startswith("第 2 次求解"), heads
    page.select_option("#compare-a", index=0)
    assert page.locator("#compare-terms thead th").all_inner_texts()[1] == "第 1 次求解，方案 1"


@needs_chromium
def test_a_citation_reads_as_the_commands_cite(page: Any) -> None:
    """Finding 10: a list's row was cited 「xlsx, 工作表 附件, 第 11 行」; now as the commands
    cite it, in the language's punctuation."""
    cited = page.evaluate(
        """() => [citation({ file: "菏泽.xlsx", sheet: "附件", row: 11 }),
                  citation({ file: "菏泽.xlsx", sheet: "附件", line: 11, field: "学校名称" }),
                  citation({ field: "options.plans" })]"""
    )
    assert cited == [
        "菏泽.xlsx [附件]，第 11 行",
        "菏泽.xlsx [附件]，第 11 行，列“学校名称”",
        "字段 'options.plans'",
    ]


@needs_chromium
def test_the_progress_panel_follows_the_language(page: Any) -> None:
    """Finding 10: switched to English, the progress panel still said 已完成 · 正在停止…; it is
    shown again in the language switched to (and back). The solve shown running is the one
    the page follows (state.running, as follow() sets it): the box shows the solve of the plan
    chosen last unless a solve runs (review 37, finding 12), and an earlier test's solve may
    be chosen on this shared page."""
    page.evaluate(
        """() => {
          state.running = "following";
          showProgress({ id: "following", state: "running", files: [], stopping: false,
                         progress: { plan: 2, best: 10, bound: 9, gap: 0.1, seconds: 1 } });
        }"""
    )
    assert page.inner_text("#solve-state") == "求解中"
    try:
        page.click("#language")
        page.wait_for_function(SAYS, arg=["#solve-state", "running"])
        assert "best cost of plan 2" in page.inner_text("#progress-best")
    finally:
        page.click("#language")
        page.wait_for_function(SAYS, arg=["#solve-state", "求解中"])
        page.evaluate("() => { state.running = null; }")


@needs_chromium
def test_a_pairs_other_helper_is_explained(page: Any) -> None:
    """Finding 8: 「次优的帮扶学校是…：成本将变化 -541.96」 called a cheaper helper second best
    with a bare change; now the change of this pair alone and why the plan did not take it
    (a rule the library's blocks declarations word, the schools it serves, or the plan as a
    whole), a cheaper one named 另一可选帮扶学校."""
    said = page.evaluate(
        """() => {
          const schools = { h: { name: "甲中学" }, r: { name: "乙中学" } };
          const alternative = (change, more) => ({
            alternative: { helper: "h", cost_change: change, serves: [], blocked_by: "",
                           ...more } });
          return [explanation(alternative(-541.96, { serves: ["r"] }), schools),
                  explanation(alternative(-12, { blocked_by: "已满：容量 1（S6）" }), schools),
                  explanation(alternative(-3, {}), schools),
                  explanation(alternative(8.5, {}), schools)];
        }"""
    )
    cheaper = "另一可选帮扶学校：甲中学。仅就这一对而言，成本将变化 "
    assert said == [
        cheaper + "-541.96。方案未选它的原因：该校已帮扶 乙中学。",
        cheaper + "-12.00。方案未选它的原因：已满：容量 1（S6）。",
        cheaper + "-3.00。方案未选它的原因：就整个方案而言，保留现有帮扶学校总成本更低。",
        "次优帮扶学校：甲中学。仅就这一对而言，成本将变化 +8.50。方案未选它的原因：该校成本更高。",
    ]


@needs_chromium
def test_the_front_chart_reads_and_keeps_its_labels_inside(page: Any) -> None:
    """Finding 11: the front chart had no values on its axes, and the label of its right-hand
    end was clipped (「一端：」); now each axis shows its least and greatest value, and every
    text lies within the chart."""
    found = page.evaluate(
        """() => {
          const plans = [[100, 90], [140, 40], [260, 10]].map(([d, g], i) => ({
            rank: i + 1, term_costs: { distance: d, score_gap: g } }));
          const solve = { id: "s", number: 1, balanced: 2,
                          result: { front: ["distance", "score_gap"], plans } };
          const card = frontChart(solve);
          document.body.append(card);
          const svg = card.querySelector("svg");
          const width = svg.viewBox.baseVal.width;
          const texts = [...svg.querySelectorAll("text")].map((node) => {
            const box = node.getBBox();
            return { text: node.textContent, left: box.x, right: box.x + box.width };
          });
          card.remove();
          return { width, texts };
        }"""
    )
    shown = [text["text"] for text in found["texts"]]
    assert {"100", "260", "10", "90"} <= set(shown), shown
    outside = [t for t in found["texts"] if t["left"] < 0 or t["right"] > found["width"]]
    assert not outside, outside


@needs_chromium
def test_the_progress_panel_counts_a_fronts_points(page: Any) -> None:
    """Finding 5: a front's solve showed only 求解中 until a bare 已完成; the panel counts
    the points found so far."""
    page.evaluate(
        """() => showProgress({ state: "running", files: [], stopping: false, points: [2, 5] })"""
    )
    assert page.inner_text("#solve-state") == "求解中 · 已找到权衡前沿的 2 个点（共求 5 个）"


@pytest.mark.slow
def test_a_front_tells_each_point_as_it_is_found(heze_as_stated: Instance) -> None:
    """Finding 5: the worker is told each point of a front as it is found (what the progress
    panel counts), the points asked beside them."""
    told: list[tuple[int, int]] = []
    options = SolveOptions(plans=3, time_limit=60)
    result = trade_off(
        heze_as_stated, ("distance", "score_gap"), options, lambda *n: told.append(n)
    )
    assert told == [(k, 3) for k in range(1, len(result.plans) + 1)]
    assert len(result.plans) == 3


@needs_chromium
def test_the_progress_panel_says_the_stage_before_the_search(page: Any) -> None:
    """Finding 5: a large instance showed only 求解中 for seconds; the panel says the stage
    until the search's first news, and the writing of the result."""
    said = page.evaluate(
        """() => [{ stage: "reading" }, { stage: "preparing" },
                  { stage: "preparing", parts: [1, 4] }, { stage: "writing", parts: [4, 4] },
                 ].map((found) => {
          showProgress({ state: "running", files: [], stopping: false, ...found });
          return document.querySelector("#solve-state").textContent;
        })"""
    )
    assert said == [
        "求解中 · 正在读取实例",
        "求解中 · 正在准备：候选结对与拆分",
        "求解中 · 已求解 1/4 个部分",
        "求解中 · 已求解 4/4 个部分 · 正在写出结果",
    ]


@needs_chromium
def test_the_change_report_names_a_new_schools_helper(page: Any) -> None:
    """Finding 12: the change report listed 新增被帮扶学校：牡丹区第二十三中学 without the helper
    the plan gave it; it names the helper."""
    said = page.evaluate(
        """() => {
          const changes = { kept: [], moved: [], new_recipients: ["r9"], removed_recipients: [] };
          const plan = { pairs: [{ helper: "h1", recipient: "r9" }], relaxations: [], changes };
          const schools = { r9: { name: "牡丹区第二十三中学" }, h1: { name: "济南市第一中学" } };
          renderChangeReport({ result: { plans: [plan] }, schools });
          return document.querySelector("#changes").textContent;
        }"""
    )
    assert "新增被帮扶学校：牡丹区第二十三中学（由 济南市第一中学 帮扶）" in said, said


@needs_chromium
def test_an_explanation_wraps_beside_the_map(page: Any) -> None:
    """Finding 12: an opened explanation (a row spanning the table) did not wrap, so the table
    grew wider than its place and pushed the map below it; it wraps, the map stays beside.
    Built as index.html and renderPlan build the plan step: the table in its box, the
    explanation in its .why-text, the map in its box."""
    tops = page.evaluate(
        """() => {
          const view = el("div", { class: "plan-view" },
            el("div", { class: "pairs-box" }, el("table", { class: "pairs" }, el("tbody", {},
              el("tr", {}, ...[1, 2, 3, 4].map((n) => el("td", {}, `学校 ${n}`))),
              el("tr", { class: "why" }, el("td", { colspan: 4 },
                 el("div", { class: "why-text" }, "另一可选帮扶学校。".repeat(40))))))),
            el("div", { class: "map-box" }, el("div", { class: "map" }, "map")));
          document.body.prepend(view);
          const found = ["table", ".map"].map((part) => view.querySelector(part).offsetTop);
          view.remove();
          return found;
        }"""
    )
    assert tops[0] == tops[1], tops


def test_a_stage_the_name_contradicts_is_said_once(client: TestClient) -> None:
    """Finding 12: a school marked 初中 whose name says 高级中学 (巨野县高级中学, as the
    attachment lists it) was said twice on 检查, as the check's warning and as the import's
    note at the same row; once now, the warning (with its clause)."""
    recipients = (LISTS / "heze-recipients.csv").read_bytes()
    row = 1 + next(
        i
        for i, line in enumerate(recipients.decode("utf-8-sig").splitlines())
        if "高级中学" in line
    )
    answer = client.post(
        "/api/instances",
        files={
            "recipients": ("受援.csv", recipients),
            "helpers": ("帮扶.csv", (LISTS / "heze-helpers.csv").read_bytes()),
        },
        data={"template": "heze"},
    )
    assert answer.status_code == 201, answer.text
    found = answer.json()
    said = [f for f in found["findings"] if f["code"] == "stage-name"]
    assert len(said) == 1 and said[0]["source"]["row"] == row
    assert not [n for n in found["notes"] if n["line"] == row], found["notes"]


def test_a_refused_request_says_why_in_sentences(client: TestClient) -> None:
    """Finding 10: pydantic's own words (Extra inputs are not permitted; Input should be a
    valid dictionary), a body that is no JSON called a file, and the title 'Not Found' came
    through untranslated; now sentences in the planner's language, naming the field."""
    extra = client.post("/api/solves", json={"instance": "x", "options": {"bogus": 1}}).json()
    assert extra["problems"][0]["field"] == "options.bogus"
    assert extra["problems"][0]["message"].startswith("请求中有 API 不接受的字段 'options.bogus'")
    listed = client.post("/api/solves", json={"instance": "x", "options": [1]}).json()
    assert listed["problems"][0]["message"].startswith("字段 'options' 应包含")
    broken = client.post(
        "/api/solves", content=b"{bad", headers={"content-type": "application/json"}
    ).json()
    [problem] = broken["problems"]
    assert problem["message"].startswith("请求正文不是有效的 JSON") and problem["field"] is None
    nothing = client.get("/api/nothing").json()
    assert nothing["title"] == "未找到。"
    wrong = client.put("/api/solves").json()
    assert "不接受 PUT 请求" in wrong["detail"]
    assert not any("Input should" in str(p) or "permitted" in str(p) for p in (extra, listed))


def test_a_results_advice_names_the_pages_control() -> None:
    """Finding 10: a result's advice said 增加时间（--time-limit）, an option of a command line
    the planner at the page does not have; it names the Solve step's control."""
    text = json.dumps(
        {"message": "增加时间（--time-limit）；或更多方案（--plans）"}, ensure_ascii=False
    )
    shown = json.loads(result_words._with_controls(text, "zh"))["message"]
    assert shown == "增加时间（求解步骤的「时间上限（秒）」）；或更多方案（求解步骤的「方案数」）"
    english = json.loads(result_words._with_controls(text, "en"))["message"]
    assert "the Solve step's Time limit (seconds)" in english


def test_the_servers_start_line_is_in_the_workbenchs_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Finding 10: plan serve said its start line in the terminal's language (English) while
    the workbench spoke Chinese; it says it in the workbench's."""
    monkeypatch.delenv("PLAN_LANG", raising=False)
    monkeypatch.setattr(serve, "_serve", lambda config, listening, opened: None)
    port = free_port()
    ran = CliRunner().invoke(main, ["serve", "--data", str(tmp_path / "data"), "--port", str(port)])
    assert ran.exit_code == 0, ran.output
    assert f"服务地址 http://127.0.0.1:{port}/" in ran.output


@pytest.mark.slow
def test_a_download_is_named_by_instance_and_plan(client: TestClient) -> None:
    """Finding 12: every download was ledger-1.xlsx whichever instance and solve it came
    from; it is named by the instance's title, the plan and what it is, with an ASCII name
    for clients that take only ``filename`` (RFC 6266)."""
    _instance, solve = _solved(client, "heze-as-stated", {"time_limit": 30})
    title = client.get(f"/api/solves/{solve}").json()
    answer = client.get(f"/api/solves/{solve}/files/ledger-1.xlsx")
    assert answer.status_code == 200 and answer.content[:2] == b"PK", title
    disposition = answer.headers["content-disposition"]
    plain = re.search(r'filename="([^"]*)"', disposition)
    worded = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    assert plain and worded, disposition
    assert plain[1] == "heze-as-stated-plan1-pairing-ledger.xlsx"
    assert unquote(worded[1]).endswith("-方案 1-结对帮扶台账.xlsx") and plain[1].isascii()
    assert (
        client.get(f"/api/solves/{solve}/plans/1?format=csv")
        .headers["content-disposition"]
        .startswith('attachment; filename="heze-as-stated-plan1-pairs.csv"')
    )


def test_a_download_name_holds_no_path_and_stays_ascii_where_asked() -> None:
    """A title with a slash or a colon cannot make the name a path, and an id in Chinese
    still gives an ASCII fallback."""
    worded, plain = download_names("菏泽/2016: 方案", "菏泽", "plans.json")
    assert "/" not in worded and ":" not in worded and plain == "instance-plans.json"
    header = content_disposition("菏泽2016", "heze", "list-3.docx")
    assert header.startswith(
        'attachment; filename="heze-plan3-official-pairing-list.docx"; filename*=UTF-8'
    )
