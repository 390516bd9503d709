"""The ``plan`` command end to end: exit codes, files written, messages without tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pairing_planner.cli import main
from tests.conftest import INSTANCES

DATA = Path(__file__).parent / "data"


ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
"""The tests read English messages, whatever the machine's locale."""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env=ENGLISH).invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_heze_exits_1_with_its_conflict() -> None:
    """plan check on the printed attachment: exit 1 (no plan can keep every rule), and the
    conflicts in the JSON; the 20 schools S5 states exit 0."""
    code, out, _ = run("check", str(INSTANCES / "heze.yaml"), "--json")
    assert code == 1
    codes = {f["code"] for f in json.loads(out)}
    assert {"hall-shortfall", "expected-count", "stage-name"} <= codes
    assert run("check", str(INSTANCES / "heze-as-stated.yaml"))[0] == 0


def test_check_json_reports_bad_input_as_json() -> None:
    """plan check --json on a broken file: exit 2 and the problems as JSON on stdout."""
    code, out, _ = run("check", str(DATA / "bad" / "unknown_field.yaml"), "--json")
    problem = json.loads(out)["errors"][0]
    assert code == 2 and problem["line"] == 13 and problem["field"] == "helpers[1].capcity"


def test_verify_refuses_a_plan_number_for_a_csv(tmp_path: Path) -> None:
    """--plan picks a plan of a plans.json: given with a CSV plan, exit 2, not ignored."""
    instance = str(INSTANCES / "heze-as-stated.yaml")
    assert run("solve", instance, "--out", str(tmp_path))[0] == 0
    csv = str(tmp_path / "heze-as-stated" / "plan-1.csv")
    assert run("verify", instance, csv)[0] == 0
    code, _, err = run("verify", instance, csv, "--plan", "2")
    assert code == 2 and "holds one plan" in err


def test_check_bad_file_exits_2_with_file_and_line() -> None:
    """A broken file: exit 2, file:line and field in the message, no traceback."""
    code, _, err = run("check", str(DATA / "bad" / "unknown_field.yaml"))
    assert code == 2
    assert "unknown_field.yaml:13" in err and "did you mean 'capacity'" in err
    assert "Traceback" not in err


def test_solve_heze_relaxes_or_exits_1_when_strict(tmp_path: Path) -> None:
    """The printed attachment cannot be paired: the reason and a relaxed plan (exit 0), which
    plan verify accepts with its declared relaxation; with --strict exit 1, nothing written."""
    instance = str(INSTANCES / "heze.yaml")
    code, out, _ = run("solve", instance, "--out", str(tmp_path / "strict"), "--strict")
    assert code == 1
    assert "12 junior recipients, 11 helper slots for them (S6)" in " ".join(out.split())
    assert not (tmp_path / "strict" / "heze").exists()
    code, out, _ = run("solve", instance, "--out", str(tmp_path), "--json")
    saved = json.loads(out)
    assert code == 0 and saved["status"] == "RELAXED"
    assert saved["diagnosis"]["minimal"] is True
    assert len(saved["plans"][0]["relaxations"]) == 1
    code, out, _ = run("verify", instance, str(tmp_path / "heze" / "plans.json"))
    assert code == 0 and "declared relaxation" in out


def test_solve_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    """A solve writes plans.json and plan-K.csv; a second refuses without --force."""
    args = ("solve", str(INSTANCES / "heze-as-stated.yaml"), "--out", str(tmp_path), "--plans", "2")
    code, out, _ = run(*args, "--explain")
    folder = tmp_path / "heze-as-stated"
    assert code == 0 and "OPTIMAL" in out and "best other" in out
    saved = json.loads((folder / "plans.json").read_text(encoding="utf-8"))
    assert [p["rank"] for p in saved["plans"]] == [1, 2]
    assert saved["instance_sha256"] and saved["parameters"]["workers"] == 2
    assert (folder / "plan-1.csv").exists() and (folder / "plan-2.csv").exists()
    before = (folder / "plans.json").read_bytes()
    code, _, err = run(*args)
    assert code == 2 and "--force" in err
    assert (folder / "plans.json").read_bytes() == before
    code, _, _ = run(*args, "--force", "--quiet")
    assert code == 0


def test_verify_json_and_edited_csv(tmp_path: Path) -> None:
    """plan verify accepts the written plan, and names the rule an edit breaks."""
    instance = str(INSTANCES / "heze-as-stated.yaml")
    run("solve", instance, "--out", str(tmp_path))
    folder = tmp_path / "heze-as-stated"
    code, out, _ = run("verify", instance, str(folder / "plans.json"))
    assert code == 0 and "satisfies every rule" in out
    edited = tmp_path / "edited.csv"
    lines = (folder / "plan-1.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = header.index("helper_id")
    row = lines[2].split(",")
    row[col] = lines[1].split(",")[col]
    edited.write_text(
        "\n".join([lines[0], lines[1], ",".join(row), *lines[3:]]) + "\n", encoding="utf-8"
    )
    code, out, _ = run("verify", instance, str(edited), "--json")
    verdict = json.loads(out)
    assert code == 1 and not verdict["ok"]
    assert {"capacity", "coverage"} & {v["kind"] for v in verdict["violations"]}


def test_solve_json_on_stdout(tmp_path: Path) -> None:
    """--json prints the result document and nothing else on stdout."""
    shutil.copy(INSTANCES / "heze-as-stated.yaml", tmp_path / "i.yaml")
    code, out, _ = run("solve", str(tmp_path / "i.yaml"), "--out", str(tmp_path), "--json")
    assert code == 0
    assert json.loads(out)["status"] == "OPTIMAL"


def test_solve_alternatives_options(tmp_path: Path) -> None:
    """--min-diff and --within reach the solver and are recorded with each plan."""
    instance = str(INSTANCES / "heze-as-stated.yaml")
    code, out, _ = run("solve", instance, "--out", str(tmp_path), "--plans", "3", "--min-diff", "3")
    assert code == 0 and "vs plan 1" in out
    saved = json.loads((tmp_path / "heze-as-stated" / "plans.json").read_text(encoding="utf-8"))
    assert saved["parameters"]["min_diff"] == 3
    assert [len(p["changed_recipients"]) >= 3 for p in saved["plans"][1:]] == [True, True]
    code, out, _ = run(
        "solve", instance, "--out", str(tmp_path), "--force", "--plans", "2", "--within", "1"
    )
    saved = json.loads((tmp_path / "heze-as-stated" / "plans.json").read_text(encoding="utf-8"))
    assert code == 0 and saved["plans"][1]["bound"] is None
    assert saved["plans"][1]["gap_to_first_pct"] <= 1.0


def test_internal_error_is_one_line_unless_debug(monkeypatch: object) -> None:
    """A bug inside the tool: exit 3 and one line without --debug; the traceback with it."""
    import pairing_planner.diagnosis.checks as checks

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checks, "check_instance", broken)  # type: ignore[attr-defined]
    instance = str(INSTANCES / "heze-as-stated.yaml")
    result = CliRunner(env=ENGLISH).invoke(main, ["check", instance])
    assert result.exit_code == 3 and "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr
    debug = CliRunner(env=ENGLISH).invoke(main, ["--debug", "check", instance])
    assert isinstance(debug.exception, RuntimeError)


def test_reproduce_twice(tmp_path: Path) -> None:
    """plan solve --reproduce re-runs a recorded solve: identical plans, exit 0, twice; an
    edited plans.json is reported as not reproduced (exit 1)."""
    run("solve", str(INSTANCES / "heze-as-stated.yaml"), "--out", str(tmp_path), "--plans", "2")
    recorded = tmp_path / "heze-as-stated" / "plans.json"
    for _ in range(2):
        code, out, _err = run("solve", "--reproduce", str(recorded))
        assert code == 0 and "Reproduced: the same 2 plan(s)" in out
    saved = json.loads(recorded.read_text(encoding="utf-8"))
    first = saved["plans"][0]["pairs"]
    first[0]["helper"], first[1]["helper"] = first[1]["helper"], first[0]["helper"]
    recorded.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run("solve", "--reproduce", str(recorded))
    assert code == 1 and "differing: 1" in out


def test_jobs_and_no_decompose_reach_the_solver(tmp_path: Path) -> None:
    """--jobs 1 solves parts in one process; --no-decompose solves one model."""
    instance = str(INSTANCES / "heze-as-stated.yaml")
    code, out, _ = run("solve", instance, "--out", str(tmp_path), "--jobs", "1", "--json")
    message = json.loads(out)["message"]
    assert code == 0 and "each on its own" in message
    assert "on 1 process(es)" in message or "process(es)" not in message
    code, out, _ = run(
        "solve", instance, "--out", str(tmp_path), "--force", "--no-decompose", "--json"
    )
    saved = json.loads(out)
    assert code == 0 and saved["parameters"]["decompose"] is False
    assert "each on its own" not in saved["message"]


def test_more_workers_than_cores_is_warned(tmp_path: Path) -> None:
    """--workers above the core count still solves, with a warning naming the core count."""
    import os

    cores = os.cpu_count() or 1
    instance = str(INSTANCES / "heze-as-stated.yaml")
    code, _, err = run(
        "solve", instance, "--out", str(tmp_path), "--workers", str(cores + 2), "--quiet"
    )
    assert code == 0 and f"use --workers {cores}" in " ".join(err.split())


def test_solve_with_a_baseline_reports_the_changes(tmp_path: Path) -> None:
    """plan solve --baseline: exit 0, the change report on stdout and in plans.json, and the
    ledger export carries the changes sheet; --forbid of a baseline pair forces its move;
    --keep-first without --baseline and a malformed --lock exit 2 without a traceback."""
    out = tmp_path / "results"
    code, _, _ = run("solve", str(INSTANCES / "heze.yaml"), "--out", str(out), "--quiet")
    assert code == 0
    baseline = out / "heze" / "plans.json"
    first = json.loads(baseline.read_text(encoding="utf-8"))["plans"][0]["pairs"][0]
    pair = f"{first['helper']}:{first['recipient']}"
    code, stdout, _ = run(
        "solve",
        str(INSTANCES / "heze-2019.yaml"),
        "--out",
        str(out),
        "--baseline",
        str(baseline),
        "--forbid",
        pair,
    )
    assert code == 0
    words = " ".join(stdout.split())
    assert "Against the baseline" in words and "(1 forced by the new instance)" in words
    written = json.loads((out / "heze-2019" / "plans.json").read_text(encoding="utf-8"))
    moved = written["plans"][0]["changes"]["moved"]
    assert [m["recipient"] for m in moved if m["forced"]] == [first["recipient"]]
    assert written["replan"]["forbid"] == [pair]
    ledger = tmp_path / "ledger.xlsx"
    code, _, _ = run("export", str(out / "heze-2019"), "--plan", "1", "--to", str(ledger))
    assert code == 0
    assert "changes" in pd.read_excel(ledger, sheet_name=None)
    code, _, err = run("solve", str(INSTANCES / "heze.yaml"), "--keep-first", "--out", str(out))
    assert code == 2 and "Traceback" not in err
    code, _, err = run(
        "solve", str(INSTANCES / "heze.yaml"), "--lock", "nocolon", "--out", str(tmp_path / "x")
    )
    assert code == 2 and "--lock" in err and "Traceback" not in err


def test_a_large_plan_is_shown_per_city(tmp_path: Path) -> None:
    """Over 60 pairs the terminal shows one row per helper city (schools, cost) instead of
    every pair, with the time used of the limit; every pair is still in plan-1.csv."""
    instance = tmp_path / "county.yaml"
    code, _out, err = run("generate", "--recipients", "120", "--seed", "2", "-o", str(instance))
    assert code == 0, err
    code, out, err = run("solve", str(instance), "--time-limit", "20", "--out", str(tmp_path))
    assert code == 0, err
    assert "pairs by helper city (every pair: plan-1.csv)" in out
    assert "s used of the 20 s limit" in out
    plan = pd.read_csv(next(tmp_path.glob("*/plan-1.csv")))
    assert len(plan) >= 120 and not any(name in out for name in plan["recipient"])
    from pairing_planner import instance_of, load_result
    from pairing_planner.report.frames import city_frame

    result = load_result(next(tmp_path.glob("*/plans.json")))
    cities = city_frame(instance_of(result), result.plans[0])
    assert all(f"{cost:.2f}" in out for cost in cities["cost"])
    assert cities["cost"].sum() == pytest.approx(result.plans[0].objective, abs=0.05)
