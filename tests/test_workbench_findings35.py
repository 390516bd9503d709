"""The workbench's faults a planner's user test and a review found (issue 32, part 35I): the
templates found wherever the server starts, a bad lock or option refused at submit, a gap
never rounded to 0 %, one answer for a plan the result lacks, a queue place only while a job
waits, a calendar poll never ``done`` without files, and a calendar not found in time tried
again rather than called impossible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.result.compare import against_first
from pairing_planner.result.plan import Plan
from pairing_planner.web import calendar_making, calendars
from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.job_failures import TRY_AGAIN
from pairing_planner.web.jobs import DONE, FAILED, RUNNING, Job, JobManager
from pairing_planner.web.worker import CalendarTask, Task
from tests.web_helpers import done, examples_server, free_port

INSTANCES = Path(__file__).resolve().parent.parent / "instances"
LISTS = INSTANCES / "lists"


def _lists() -> dict[str, tuple[str, bytes]]:
    return {"recipients": ("名单.csv", (LISTS / "heze-recipients.csv").read_bytes())}


def test_the_templates_are_found_wherever_the_server_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started in another folder, the server still offers the shipped instances, and school
    lists import with one (before: none, and every upload of lists refused)."""
    monkeypatch.chdir(tmp_path)
    config = ServeConfig(data=tmp_path / "data", workers=1, language="en")
    with TestClient(create_app(config), base_url="http://127.0.0.1:8765") as client:
        names = [example["name"] for example in client.get("/api/examples").json()]
        assert "heze" in names
        added = client.post("/api/instances", files=_lists(), data={"template": "heze"})
        assert added.status_code == 201, added.text


def test_lists_without_a_template_are_told_what_to_give(tmp_path: Path) -> None:
    """School lists sent with no template are refused in a sentence naming the templates
    there are; on a server with none, how to start it with some."""
    with examples_server(tmp_path / "a", "en") as client:
        refused = client.post("/api/instances", files=_lists())
        [problem] = refused.json()["problems"]
        assert refused.status_code == 422 and problem["field"] == "template"
        assert "heze-as-stated" in problem["message"]
    empty = tmp_path / "empty"
    empty.mkdir()
    config = ServeConfig(data=tmp_path / "b", workers=1, language="en", examples=empty)
    with TestClient(create_app(config), base_url="http://127.0.0.1:8765") as client:
        assert client.get("/api/examples").json() == []
        refused = client.post("/api/instances", files=_lists(), data={"template": ""})
        [problem] = refused.json()["problems"]
        assert refused.status_code == 422 and "--examples DIR" in problem["message"]


def test_plan_serve_says_as_it_starts_that_it_found_no_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``plan serve --examples DIR`` with no instance there says so in its start-up lines
    (the server itself stood in for: it ends at once)."""
    from pairing_planner.cli import main
    from pairing_planner.web import serving

    monkeypatch.setattr(serving.EndingServer, "run", lambda self, sockets: None)
    empty = tmp_path / "empty"
    empty.mkdir()
    args = ["--lang", "en", "serve", "--data", str(tmp_path / "data"), "--examples", str(empty)]
    args += ["--port", str(free_port())]
    said = CliRunner().invoke(main, args)
    assert said.exit_code == 0, said.output
    assert f"No templates found in {empty}" in " ".join(said.output.split())


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, str]]:
    """A server with one worker and one plan of Heze as S5 states it: (client, instance id,
    solve id)."""
    with examples_server(tmp_path_factory.mktemp("findings35"), "en") as client:
        instance = client.post("/api/examples/heze-as-stated").json()["id"]
        body = {"instance": instance, "options": {"seed": 1, "time_limit": 60}}
        solve = client.post("/api/solves", json=body).json()["id"]
        assert done(client, solve)["state"] == "done"
        yield client, instance, solve


def test_a_bad_lock_or_forbid_is_refused_at_submit_in_the_command_s_words(
    solved: tuple[TestClient, str, str],
) -> None:
    """An unknown school or a text that is no pair is 422 naming where it is in the request,
    in the words of ``plan solve --lock``; no solve is queued (before: 202, then the job
    failed citing --lock and the server's instance.yaml)."""
    client, instance, _solve = solved
    before = client.get("/api/solves").json()
    body = {"instance": instance, "lock": ["nobody:R1"], "forbid": ["H1-R1"]}
    refused = client.post("/api/solves", json=body)
    assert refused.status_code == 422, refused.text
    problems = refused.json()["problems"]
    assert [(p["field"], p["file"]) for p in problems] == [("lock.0", None), ("forbid.0", None)]
    assert problems[0]["message"] == "no helper school 'nobody'"
    assert problems[1]["message"] == "'H1-R1' is not HELPER:RECIPIENT"
    assert client.get("/api/solves").json() == before


@pytest.mark.parametrize(
    "options",
    [{"time_limit": True}, {"strict": "yes"}, {"plans": True}, {"time_limit": "30"}],
)
def test_the_options_take_their_json_types_only(
    solved: tuple[TestClient, str, str], options: dict[str, Any]
) -> None:
    """A yes-or-no is true or false and a number a JSON number: ``"time_limit": true`` was
    solved with 1 s, and ``"strict": "yes"`` taken as true."""
    client, instance, _solve = solved
    refused = client.post("/api/solves", json={"instance": instance, "options": options})
    assert refused.status_code == 400, refused.text
    [problem] = refused.json()["problems"]
    [name] = options
    assert problem["field"] == f"options.{name}" and "Input should" not in problem["message"]


def test_a_gap_below_a_hundredth_of_a_percent_is_not_rounded_to_0() -> None:
    """Plan 2 at 21,441.35 against 21,441.23 is 0.00056 % above it, not 0 (the page shows it
    as "< 0.01")."""
    instance = load_instance(INSTANCES / "heze.yaml")
    first = Plan(1, "OPTIMAL", 21441.23, 21441.23, 0.0, [], {})
    second = against_first(instance, first, Plan(2, "FEASIBLE", 21441.35, None, 0.0, [], {}))
    assert second.gap_to_first == pytest.approx(0.12)
    assert second.gap_to_first_pct == pytest.approx(100 * 0.12 / 21441.23)


@pytest.mark.parametrize(
    ("path", "rank"),
    [
        ("plans/0", 0),
        ("plans/9", 9),
        ("plans/9?format=xlsx", 9),
        ("files/calendar-7.xlsx", 7),
        ("files/ledger-9.xlsx", 9),
        ("files/plan-0.json", 0),
        ("calendars/9", 9),
        ("changes/9", 9),
    ],
)
def test_a_plan_the_result_lacks_is_one_answer(
    solved: tuple[TestClient, str, str], path: str, rank: int
) -> None:
    """Every route taking a plan's number answers a number the result lacks with 404 naming
    the plans there are, never a file the server keeps (plans/0 named plan-0.json, plans/9
    was 422)."""
    client, _instance, solve = solved
    answer = client.get(f"/api/solves/{solve}/{path}")
    assert answer.status_code == 404, answer.text
    [problem] = answer.json()["problems"]
    assert problem["message"] == f"the solve '{solve}' has no plan {rank} (its plans: 1)"


class _Idle:
    """A worker slot with nothing to do, holding no instance."""

    job: str | None = None
    loaded: tuple[str, ...] = ()


def _calendar_task(folder: str = "f") -> CalendarTask:
    return CalendarTask("", "result", 1, folder, "en", 1.0)


def test_a_queue_place_is_shown_only_while_a_job_waits_for_a_busy_worker(
    tmp_path: Path,
) -> None:
    """A job a free worker takes at once has no place (it was shown "place 1" for the second
    before the page asked again); behind a busy worker it is place 1, the next to start.
    ``queued()`` counts the solves only: a calendar does not run at the next start."""
    manager = JobManager(tmp_path, 1)
    worker = _Idle()
    manager._workers.append(worker)  # type: ignore[arg-type]
    solve = manager.submit("x", Task(job="", instance="x.yaml", options={}, out="", language="en"))
    assert manager.position(solve) is None
    worker.job = "busy"
    assert manager.position(solve) == 1
    calendar = manager.calendar(_calendar_task())
    assert manager.position(calendar) == 2
    assert manager.queued() == 1


def test_a_calendar_not_found_in_time_is_tried_again_and_a_proven_one_is_not(
    tmp_path: Path,
) -> None:
    """A calendar job that failed for want of time is not kept as the plan's failure: the
    next download queues it again; one proven impossible (409) is kept until asked again."""
    manager = JobManager(tmp_path, 1)
    first = manager.calendar(_calendar_task("a"))
    manager._update(first, state=FAILED, failure=TRY_AGAIN)
    assert manager.calendar(_calendar_task("a")).id != first.id
    proven = manager.calendar(_calendar_task("b"))
    manager._update(proven, state=FAILED, failure=409)
    assert manager.calendar(_calendar_task("b")).id == proven.id


@pytest.mark.parametrize(
    ("status", "raised"),
    [("UNKNOWN", calendar_making.NotInTime), ("INFEASIBLE", calendar_making.NoCalendar)],
)
def test_no_calendar_is_said_impossible_only_when_proven(
    solved: tuple[TestClient, str, str],
    monkeypatch: pytest.MonkeyPatch,
    status: str,
    raised: type[Exception],
) -> None:
    """A calendar search that ran out of time (UNKNOWN) is "not found in the time given",
    not "no calendar can hold this plan", which only a proof (INFEASIBLE) says."""
    import pairing_planner.api

    client, _instance, solve = solved
    result = Path(client.app.state.server.jobs.get(solve).folder)  # type: ignore[attr-defined]
    found = SimpleNamespace(interrupted=False, placements=[], status=status, problems=["why"])
    monkeypatch.setattr(pairing_planner.api, "activity_calendar", lambda *a, **k: found)
    with pytest.raises(raised):
        calendar_making.make_calendar(result, 1, result.parent / "exports" / "calendar-1", 1.0)


def test_a_calendar_poll_reads_its_job_before_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job that ends while its poll looks for its files is shown as it was when the poll
    began (running), never ``done`` without its files."""
    manager = JobManager(tmp_path, 1)
    job = manager.calendar(_calendar_task())
    manager._update(job, state=RUNNING)

    def ended_meanwhile(folder: Path) -> bool:
        manager._update(job, state=DONE)
        return False

    monkeypatch.setattr(calendars, "made", ended_meanwhile)
    monkeypatch.setattr(calendars, "_folder", lambda at, solve_id, rank, lang: tmp_path)
    shown = calendars._shown(SimpleNamespace(jobs=manager), "s", 1, job, "zh")  # type: ignore[arg-type]
    assert (shown.state, shown.files) == ("running", [])
    assert isinstance(job, Job) and job.state == DONE
