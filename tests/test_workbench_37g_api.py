"""Review 37, part G, through the API and the commands: no server path in an answer, each in
the language asked (finding 7); a blank stage cell said to be empty, and no import note
citing the instance file the server wrote (finding 12); S6's bend one English sentence."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pairing_planner.cli import main
from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from tests.web_helpers import solve_done

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "instances" / "lists"


def _client(data: Path) -> TestClient:
    config = ServeConfig(data=data, workers=1, language="zh", examples=ROOT / "instances")
    return TestClient(create_app(config), base_url="http://127.0.0.1:8765")


def _lists(recipients: bytes, **form: str) -> tuple[dict[str, object], dict[str, str]]:
    files = {
        "recipients": ("名单2016.csv", recipients),
        "helpers": ("帮扶学校.csv", (LISTS / "heze-helpers.csv").read_bytes()),
    }
    return files, {"template": "heze", **form}


def _blank_stage() -> bytes:
    """The Heze recipients' list with the 学段 cell of its third school left empty."""
    rows = list(csv.reader(io.StringIO((LISTS / "heze-recipients.csv").read_text("utf-8-sig"))))
    rows[3][rows[0].index("学段")] = ""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.slow
def test_a_replan_names_its_baseline_by_solve_never_by_the_servers_path(tmp_path: Path) -> None:
    """The change report's source, the result's instance and its baseline name the solve
    and instance by id (and title), in the language asked: the source was the server's
    absolute path with 的方案 under English."""
    data = tmp_path / "data"
    with _client(data) as client:
        files, form = _lists((LISTS / "heze-recipients.csv").read_bytes())
        first = client.post("/api/instances", files=files, data=form).json()
        last_year = solve_done(client, {"instance": first["id"], "options": {"seed": 1}})["id"]
        files, form = _lists((LISTS / "heze-recipients-2017.csv").read_bytes(), previous=last_year)
        later = client.post("/api/instances", files=files, data=form).json()
        body = {"instance": later["id"], "baseline": {"solve": last_year}, "options": {"seed": 1}}
        replanned = solve_done(client, body)["id"]
        english = client.get(f"/api/solves/{replanned}/changes/1", params={"lang": "en"}).json()
        chinese = client.get(f"/api/solves/{replanned}/changes/1", params={"lang": "zh"}).json()
        solve = client.get(f"/api/solves/{replanned}", params={"lang": "en"})
    assert english["source"] == f"the solve '{last_year}' ({first['title']}), plan 1"
    assert chinese["source"] == f"求解“{last_year}”（{first['title']}）的方案 1"
    assert str(data) not in solve.text and str(data.resolve()) not in solve.text
    result = solve.json()["result"]
    assert result["instance_path"] == later["id"]
    assert result["replan"]["baseline"] == last_year
    assert all(note["file"] != "instance.yaml" for note in later["notes"])
    gone = [n for n in later["notes"] if "今年的名单里没有" in n["message"]]
    assert gone and all(n["file"] is None and n["line"] is None for n in gone)


def test_a_blank_stage_cell_is_said_to_be_empty_on_the_page_and_the_command(
    tmp_path: Path,
) -> None:
    """A blank 学段 cell: 学段为空, not “”不是学段, in the API's answer and plan import's."""
    with _client(tmp_path / "data") as client:
        files, form = _lists(_blank_stage())
        answer = client.post("/api/instances", files=files, data=form)
    assert answer.status_code == 422, answer.text
    said = [p["message"] for p in answer.json()["problems"]]
    assert any(m.startswith("学段为空；请填写以下之一：小学、初中") for m in said), said
    assert not any("不是学段" in m for m in said)
    blank = tmp_path / "blank.csv"
    blank.write_bytes(_blank_stage())
    args = ["--lang", "en", "import", str(ROOT / "instances" / "heze.yaml"), "--recipients"]
    args += [str(blank), "--helpers", str(LISTS / "heze-helpers.csv"), "-o"]
    ran = CliRunner().invoke(main, [*args, str(tmp_path / "out.yaml")])
    assert ran.exit_code == 2, ran.output
    assert "row 4: column '学段': 学段 is empty; write one of 小学、初中" in " ".join(
        ran.output.split()
    )


def test_the_city_quotas_bend_is_one_english_sentence(tmp_path: Path) -> None:
    """Heze as printed bends S6: '济宁市 must supply exactly 1 junior helper school but
    supplies 2 (S6)', where it read '… supplies exactly 1 …, but supplies 2'."""
    out = tmp_path / "out"
    ran = CliRunner().invoke(
        main, ["--lang", "en", "solve", str(ROOT / "instances" / "heze.yaml"), "--out", str(out)]
    )
    assert ran.exit_code in (0, 1), ran.output
    said = " ".join(ran.output.split())
    assert "济宁市 must supply exactly 1 junior helper school but supplies 2" in said, said
