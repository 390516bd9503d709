"""``plan serve``'s gaps closed (issue 32, part 32C): warm re-solves (proven parts kept
between solves), the calendar and next year through the API, an imported instance titled by
the lists' own names, and what the server says of running solves as it ends."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from pairing_planner.api import load_instance, solve
from pairing_planner.result.plan import Replan
from pairing_planner.solving.decomposition.proven_parts import KeptParts, proven
from pairing_planner.solving.execution.part_tasks import PartOutcome
from pairing_planner.solving.options import SolveOptions
from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.job_endings import ending_lines
from tests.web_helpers import LONG_SOLVE, calendar_file, long_solve_file, solve_done

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "instances" / "lists"
BASE = "http://127.0.0.1:8765"


def _client(data: Path) -> TestClient:
    config = ServeConfig(data=data, workers=1, language="en", examples=ROOT / "instances")
    return TestClient(create_app(config), base_url=BASE)


def _lists(recipients: str, **form: str) -> tuple[dict[str, object], dict[str, str]]:
    files = {
        "recipients": ("名单2016.csv", (LISTS / recipients).read_bytes()),
        "helpers": ("帮扶学校.csv", (LISTS / "heze-helpers.csv").read_bytes()),
    }
    return files, {"template": "heze", **form}


def test_a_relock_solves_only_the_part_it_changed() -> None:
    """A lock in one part hands the other parts back from what earlier solves proved, with
    the plan and objective of a solve that keeps nothing."""
    instance = load_instance(ROOT / "instances" / "heze-as-stated.yaml")
    kept = KeptParts()
    first = solve(instance, SolveOptions(seed=1), kept=kept)
    assert first.status == "OPTIMAL" and len(kept) == 2 and kept.hits == 0
    pair = first.plans[0].pairs[0]
    again = Replan(lock=(f"{pair.helper}:{pair.recipient}",))
    warm = solve(instance, SolveOptions(seed=1), replan=again, kept=kept)
    cold = solve(instance, SolveOptions(seed=1), replan=again)
    assert kept.hits == 1 and len(kept) == 3
    assert warm.plans[0].objective == cold.plans[0].objective
    assert [(p.helper, p.recipient) for p in warm.plans[0].pairs] == [
        (p.helper, p.recipient) for p in cold.plans[0].pairs
    ]


def test_only_proven_outcomes_are_kept() -> None:
    """A plan the clock cut short, or a greedy floor, is never handed back: another run may
    do better."""
    assert proven(PartOutcome((), "OPTIMAL", True))
    assert proven(PartOutcome((), "INFEASIBLE", False))
    assert not proven(PartOutcome((), "FEASIBLE", False))
    assert not proven(PartOutcome((), "OPTIMAL", False, complete=False))
    assert not proven(PartOutcome((), "OPTIMAL", False, floored=True))
    kept = KeptParts()
    kept.keep(b"cut", PartOutcome((), "UNKNOWN", False))
    assert len(kept) == 0 and kept.get(b"cut") is None


def test_imported_lists_are_titled_by_their_own_names(tmp_path: Path) -> None:
    """The title names the lists as the planner's machine called them, not the server's
    stored recipients.csv."""
    with _client(tmp_path) as client:
        files, form = _lists("heze-recipients.csv")
        found = client.post("/api/instances", files=files, data=form).json()
    assert found["title"] == "Heze support — 名单2016, 帮扶学校"
    assert "recipients.csv" not in found["title"]


def test_nothing_running_is_said_as_the_server_ends(tmp_path: Path) -> None:
    """A server that ends with no solve running says so."""
    client = _client(tmp_path)
    with client:
        pass
    assert ending_lines(client.app.state.server.jobs) == ["No solve was running."]  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_calendar_downloads_from_a_finished_plan(tmp_path: Path) -> None:
    """calendar-1.xlsx (the 台账 sheet) and calendar-1.zip (a .ics per school) as plan
    calendar writes them, by the files route."""
    instance = (ROOT / "instances" / "heze-as-stated.yaml").read_bytes()
    with _client(tmp_path) as client:
        stored = client.post("/api/instances", files={"file": ("h.yaml", instance)}).json()
        solve_id = solve_done(client, {"instance": stored["id"]})["id"]
        sheet = calendar_file(client, solve_id, "calendar-1.xlsx")
        bundle = client.get(f"/api/solves/{solve_id}/files/calendar-1.zip")
        missing = client.get(f"/api/solves/{solve_id}/files/calendar-0.xlsx")
    assert sheet.status_code == 200, sheet.text
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    assert book.worksheets[0].max_row > 20
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert len(names) == 40 and all(n.endswith(".ics") for n in names)
    assert missing.status_code == 404


@pytest.mark.slow
def test_next_year_keeps_last_years_ids_and_reports_the_changes(tmp_path: Path) -> None:
    """Next year's list uploaded with last year's solve keeps its ids; re-planned from that
    solve, the change report counts what was kept and moved, row by row."""
    with _client(tmp_path) as client:
        files, form = _lists("heze-recipients.csv")
        first = client.post("/api/instances", files=files, data=form).json()
        last_year = solve_done(client, {"instance": first["id"], "options": {"seed": 1}})["id"]
        files, form = _lists("heze-recipients-2017.csv", previous=last_year)
        later = client.post("/api/instances", files=files, data=form)
        assert later.status_code == 201, later.text
        body = {"instance": later.json()["id"], "baseline": {"solve": last_year}}
        replanned = solve_done(client, body | {"options": {"seed": 1}})["id"]
        report = client.get(f"/api/solves/{replanned}/changes/1")
        none = client.get(f"/api/solves/{last_year}/changes/1")
    assert report.status_code == 200, report.text
    changes = report.json()
    assert changes["kept"] >= 15 and changes["source"].endswith("plan 1")
    assert len(changes["rows"]) >= changes["moved"] + changes["new"]
    assert none.status_code == 409
    assert "not re-planned" in none.json()["problems"][0]["message"]


@pytest.mark.slow
def test_a_running_solve_is_stopped_with_its_plan_as_the_server_ends(tmp_path: Path) -> None:
    """Ending the server stops a running solve as DELETE does: its best plan is written,
    marked interrupted, and the server says where."""
    big = long_solve_file(tmp_path)
    client = _client(tmp_path / "data")
    with client:
        stored = client.post("/api/instances", files={"file": ("c.yaml", big)})
        body = {"instance": stored.json()["id"], "options": LONG_SOLVE}
        solve_id = client.post("/api/solves", json=body).json()["id"]
        until = time.monotonic() + 120
        while client.get(f"/api/solves/{solve_id}").json()["progress"] is None:
            assert time.monotonic() < until
            time.sleep(0.1)
    jobs = client.app.state.server.jobs  # type: ignore[attr-defined]
    [ended] = jobs.ended
    assert ended.id == solve_id and ended.state == "interrupted"
    assert (Path(str(ended.folder)) / "plans.json").is_file()
    [line] = ending_lines(jobs)
    assert "stopped as the server ended" in line and str(ended.folder) in line
