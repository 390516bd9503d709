"""``plan serve``'s HTTP API (issue 32) through FastAPI's TestClient: every endpoint and its
errors, the guard against other sites and other machines, jobs that survive a restart."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pairing_planner.cli import main
from pairing_planner.instance.spreadsheets.file_caps import MAX_ROWS
from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from tests.web_helpers import LONG_SOLVE, done, long_solve_file

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "instances" / "lists"
BASE = "http://127.0.0.1:8765"


def _client(data: Path, **settings: object) -> TestClient:
    config = ServeConfig(data=data, workers=1, language="en", examples=ROOT / "instances")
    for name, value in settings.items():
        object.__setattr__(config, name, value)
    return TestClient(create_app(config), base_url=BASE)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workbench")


@pytest.fixture(scope="module")
def client(data: Path) -> Iterator[TestClient]:
    with _client(data) as client:
        yield client


def _heze_lists(client: TestClient) -> dict[str, object]:
    files = {
        "recipients": ("名单.csv", (LISTS / "heze-recipients.csv").read_bytes()),
        "helpers": ("helpers.csv", (LISTS / "heze-helpers.csv").read_bytes()),
    }
    answer = client.post("/api/instances", files=files, data={"template": "heze"})
    assert answer.status_code == 201, answer.text
    found: dict[str, object] = answer.json()
    return found


@pytest.fixture(scope="module")
def solved(client: TestClient) -> tuple[str, str]:
    """The Heze lists uploaded and solved: (instance id, solve id)."""
    instance = str(_heze_lists(client)["id"])
    answer = client.post("/api/solves", json={"instance": instance, "options": {"seed": 1}})
    assert answer.status_code == 202, answer.text
    solve = answer.json()["id"]
    assert done(client, solve)["state"] == "done"
    return instance, solve


def test_heze_lists_are_checked_with_the_s6_conflict(client: TestClient) -> None:
    """The attachment's lists under the Heze template: 21 recipients, S6's conflict found,
    and a finding cites the list's row under the name the file was uploaded with."""
    found = _heze_lists(client)
    assert (found["recipients"], found["helpers"], found["conflicts"]) == (21, 40, 1)
    findings = found["findings"]
    assert isinstance(findings, list)
    assert any(f["code"] == "hall-shortfall" and f["severity"] == "conflict" for f in findings)
    assert {"file": "名单.csv", "row": 14} in [f["source"] for f in findings]
    again = client.get(f"/api/instances/{found['id']}/check")
    assert again.status_code == 200
    assert again.json()["findings"] == findings


@pytest.mark.slow
def test_solve_polls_to_a_relaxed_plan_with_its_files(
    client: TestClient, solved: tuple[str, str]
) -> None:
    """The printed lists cannot be paired (S6): the solve ends RELAXED, its result as
    plans.json holds it, its plans as JSON, CSV and the ledger, and the verifier passes it
    with its relaxation declared."""
    instance, solve = solved
    found = client.get(f"/api/solves/{solve}").json()
    assert found["status"] == "RELAXED" == found["result"]["status"]
    assert {"plans.json", "plan-1.csv"} <= set(found["files"])
    plan = client.get(f"/api/solves/{solve}/plans/1").json()
    assert len(plan["plans"][0]["pairs"]) == 21
    csv = client.get(f"/api/solves/{solve}/plans/1", params={"format": "csv"})
    assert csv.text.startswith("\ufeffplan,recipient_id")
    ledger = client.get(f"/api/solves/{solve}/plans/1", params={"format": "xlsx"})
    assert ledger.content[:2] == b"PK"
    report = client.get(f"/api/solves/{solve}/files/report-1.xlsx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    verdict = client.post("/api/verify", json={"instance": instance, "solve": solve, "plan": 1})
    assert verdict.json()["ok"] is True and verdict.json()["declared"]
    pairs = [
        {"helper": p["helper"], "recipient": p["recipient"]} for p in plan["plans"][0]["pairs"]
    ]
    bare = client.post("/api/verify", json={"instance": instance, "pairs": pairs[1:]}).json()
    assert bare["ok"] is False


@pytest.mark.slow
def test_events_stream_ends_with_the_finished_solve(
    client: TestClient, solved: tuple[str, str]
) -> None:
    """A finished solve's events stream says so in one event and ends."""
    _instance, solve = solved
    with client.stream("GET", f"/api/solves/{solve}/events") as stream:
        text = "".join(stream.iter_text())
    event = json.loads(text.split("data: ", 1)[1])
    assert event["state"] == "done" and event["result"] is None


@pytest.mark.slow
def test_a_restarted_server_finds_results_and_marks_running_solves(
    data: Path, solved: tuple[str, str]
) -> None:
    """After a restart the finished result is served again, and a solve recorded as running
    (its worker gone with the old server) is interrupted, saying why."""
    _instance, solve = solved
    running = data / "solves" / "0123456789abcdef"
    running.mkdir()
    record = json.loads((data / "solves" / solve / "job.json").read_text("utf-8"))
    record.update(id=running.name, state="running", folder=None)
    (running / "job.json").write_text(json.dumps(record), encoding="utf-8")
    with _client(data) as again:
        assert again.get(f"/api/solves/{solve}").json()["status"] == "RELAXED"
        found = again.get(f"/api/solves/{running.name}").json()
    assert found["state"] == "interrupted"
    assert "server stopped" in found["problems"][0]["message"]


@pytest.mark.slow
def test_delete_stops_a_running_solve_keeping_its_best_plan(tmp_path: Path) -> None:
    """DELETE reaches the running search as Ctrl-C does: the best plan so far is written,
    interrupted."""
    big = long_solve_file(tmp_path)
    with _client(tmp_path / "data") as client:
        files = {"file": ("county.yaml", big)}
        instance = client.post("/api/instances", files=files).json()["id"]
        solve = client.post("/api/solves", json={"instance": instance, "options": LONG_SOLVE})
        solve_id = solve.json()["id"]
        until = time.monotonic() + 120
        while client.get(f"/api/solves/{solve_id}").json()["progress"] is None:
            assert time.monotonic() < until
            time.sleep(0.1)
        assert client.delete(f"/api/solves/{solve_id}").json()["stopping"] is True
        found = done(client, solve_id)
    assert found["state"] == "interrupted"
    assert found["result"]["interrupted"] is True and found["result"]["plans"]


def test_a_second_solve_waits_in_the_queue(tmp_path: Path) -> None:
    """With one worker busy, the next solve is queued with its place, and DELETE takes it
    off the queue."""
    with _client(tmp_path) as client:
        files = {"file": ("heze.yaml", (ROOT / "instances" / "heze.yaml").read_bytes())}
        instance = client.post("/api/instances", files=files).json()["id"]
        body = {"instance": instance, "options": {"time_limit": 30, "plans": 5}}
        first = client.post("/api/solves", json=body).json()["id"]
        second = client.post("/api/solves", json=body).json()
        assert second["queue_position"] in (1, 2)
        cancelled = client.delete(f"/api/solves/{second['id']}").json()
        assert cancelled["state"] == "cancelled" and cancelled["queue_position"] is None
        client.delete(f"/api/solves/{first}")


def test_bad_instance_file_is_a_problem_naming_its_line(client: TestClient) -> None:
    """An instance file with a bad value: 422 problem+json, the file named as uploaded, the
    line and field given, as plan check says it."""
    text = (ROOT / "instances" / "heze-as-stated.yaml").read_text("utf-8")
    bad = text.replace("format: 1", "format: 7", 1)
    answer = client.post("/api/instances", files={"file": ("我的.yaml", bad.encode())})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()["problems"][0]
    assert problem["file"] == "我的.yaml" and problem["line"] is not None


def test_unknown_ids_and_names_are_not_found(client: TestClient, data: Path) -> None:
    """Unknown ids, a path smuggled as an id or a file name: 404, never a file outside."""
    for path in (
        "/api/instances/0000000000000000/check",
        "/api/instances/..%2F..%2Fetc/check",
        "/api/solves/0000000000000000",
        "/api/solves/nope/files/plans.json",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/problem+json"


def test_options_are_checked_as_the_command_checks_them(client: TestClient) -> None:
    """An option beyond its cap (the request's schema holds an instance's ``solve:`` caps)
    and an unknown one are bad requests, each naming the field."""
    instance = _heze_lists(client)["id"]
    capped = client.post("/api/solves", json={"instance": instance, "options": {"seed": -1}})
    assert capped.status_code == 400 and capped.json()["problems"][0]["field"] == "options.seed"
    unknown = client.post("/api/solves", json={"instance": instance, "options": {"x": 1}})
    assert unknown.status_code == 400
    assert unknown.json()["problems"][0]["field"] == "options.x"


def test_a_template_that_is_not_shipped_is_refused(client: TestClient) -> None:
    """A template is named from the shipped instances, never a path."""
    files = {"recipients": ("a.csv", (LISTS / "heze-recipients.csv").read_bytes())}
    answer = client.post("/api/instances", files=files, data={"template": "../heze"})
    assert answer.status_code == 422
    assert "heze-as-stated" in answer.json()["problems"][0]["message"]


def test_a_hostile_list_is_refused_unread(client: TestClient, data: Path) -> None:
    """A list past plan import's row cap is refused at the first row beyond the cap (the
    rows below it are not read), and no instance is kept of it. No wall time is asserted
    (the machine is loaded): where it stops reading is the behaviour (review 37, finding 10)."""
    rows = b"\n".join([b"a,b"] * 300_000)
    files = {"recipients": ("big.csv", rows)}
    kept = sorted(data.glob("instances/*"))
    answer = client.post("/api/instances", files=files, data={"template": "heze"})
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert problem["file"] == "big.csv" and problem["line"] == MAX_ROWS + 1, problem
    assert sorted(data.glob("instances/*")) == kept


def test_a_body_announced_too_large_is_refused_unread(client: TestClient) -> None:
    """A Content-Length past the caps: 413 before the body is read."""
    headers = {"content-length": str(10**10), "content-type": "multipart/form-data; boundary=x"}
    answer = client.post("/api/instances", headers=headers, content=b"")
    assert answer.status_code == 413


def test_other_host_names_are_refused(client: TestClient) -> None:
    """DNS rebinding: a request naming another host is refused, one naming this one is not."""
    refused = client.get("/api/solves/0000000000000000", headers={"host": "evil.example"})
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("wrong-host")
    local = client.get("/api/solves/0000000000000000", headers={"host": "localhost:8765"})
    assert local.status_code == 404


def test_cross_origin_writes_are_refused(client: TestClient) -> None:
    """CSRF: another site's page may not POST; the server's own page and curl may."""
    body = {"instance": "0000000000000000", "pairs": []}
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        answer = client.post("/api/verify", json=body, headers=headers)
        assert answer.status_code == 403, headers
    own = {"origin": BASE, "sec-fetch-site": "same-origin"}
    assert client.post("/api/verify", json=body, headers=own).status_code == 404
    assert client.post("/api/verify", json=body).status_code == 404


def test_a_token_is_required_off_loopback(tmp_path: Path) -> None:
    """Bound beyond loopback with a token, every request must carry it."""
    client = _client(tmp_path, host="0.0.0.0", token="s3cret")
    path = "/api/solves/0000000000000000"
    assert client.get(path, headers={"host": "10.0.0.5:8765"}).status_code == 401
    carried = {"host": "10.0.0.5:8765", "authorization": "Bearer s3cret"}
    assert client.get(path, headers=carried).status_code == 404
    assert client.get(path + "?token=s3cret", headers={"host": "10.0.0.5"}).status_code == 401


def test_plan_serve_refuses_another_host_without_a_token() -> None:
    """plan serve --host beyond loopback without --token exits 2 saying why."""
    found = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--lang", "en"])
    assert found.exit_code == 2
    assert "needs --token" in found.output


def test_the_committed_schema_is_the_servers(client: TestClient) -> None:
    """schema/api.json is what the server answers at /openapi.json."""
    committed = json.loads((ROOT / "schema" / "api.json").read_text("utf-8"))
    assert client.get("/openapi.json").json() == committed


def test_messages_in_chinese(client: TestClient) -> None:
    """?lang=zh words a problem in Chinese."""
    answer = client.get("/api/solves/0000000000000000", params={"lang": "zh"})
    assert answer.status_code == 404
    assert "0000000000000000" in answer.json()["detail"]
    assert not answer.json()["detail"].isascii()
