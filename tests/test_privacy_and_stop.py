"""Contacts stay out of every output; a stopped solve still writes its best plan."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pairing_planner import SolveOptions, solve, verify_plan
from pairing_planner.cli import main
from pairing_planner.report.live_progress import LiveProgress
from pairing_planner.result.solver_progress import SolverProgress
from tests.conftest import INSTANCES, build, fake_contacts, instance_dict, random_school


def _text_of(path: Path) -> str:
    """A file's text; a workbook's every cell."""
    if path.suffix == ".xlsx":
        sheets = pd.read_excel(path, sheet_name=None, dtype=str)
        return "\n".join(frame.to_csv() for frame in sheets.values())
    return path.read_text(encoding="utf-8")


def test_no_contact_in_any_output(tmp_path: Path) -> None:
    """Every person and phone of the bureau's contacts file is absent from stdout, stderr and
    every file written, unless the ledger is asked for with its contacts."""
    (tmp_path / "bureau").mkdir()
    instance, secrets = fake_contacts(tmp_path / "bureau")
    out = tmp_path / "out"
    runner = CliRunner(env={"LANG": "zh_CN.UTF-8", "LC_ALL": None})
    outputs = []
    (out / "x").mkdir(parents=True)
    result_dir = out / "heze-as-stated"
    for args in (
        ["check", str(instance)],
        ["check", str(instance), "--json"],
        ["solve", str(instance), "--out", str(out), "--explain", "--plans", "2"],
        ["solve", str(instance), "--out", str(out / "j"), "--json"],
        ["verify", str(instance), str(result_dir / "plans.json"), "--json"],
        ["compare", str(result_dir), "--json"],
        ["compare", str(result_dir)],
        ["export", str(result_dir), "--to", str(out / "x" / "l.xlsx")],
        ["export", str(result_dir), "--to", str(out / "x" / "p.csv")],
        ["export", str(result_dir), "--to", str(out / "x" / "p.json")],
        ["plot", str(result_dir), "--to", str(out / "x" / "m.svg")],
        ["plot", str(result_dir), "--to", str(out / "x" / "l.svg"), "--kind", "load"],
    ):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stderr)
        outputs += [result.stdout, result.stderr]
    outputs += [_text_of(p) for p in out.rglob("*") if p.is_file()]
    text = "\n".join(outputs)
    assert len(secrets) == 2 * (40 + 20)
    for secret in secrets:
        assert secret not in text
    asked = ["export", str(result_dir), "--to", str(out / "c.xlsx"), "--with-contacts"]
    assert runner.invoke(main, asked, catch_exceptions=False).exit_code == 0
    assert secrets[-1] in _text_of(out / "c.xlsx")


def test_no_mobile_number_in_any_tracked_file() -> None:
    """No tracked file holds a mainland mobile number: contacts live only in the file a bureau
    keeps beside its instance."""
    root = INSTANCES.parent
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    mobile = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
    found = [
        name
        for name in tracked
        if name and (root / name).is_file() and mobile.search(_raw_text(root / name))
    ]
    assert found == []


def _raw_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def test_progress_line_reports_incumbent_bound_and_gap() -> None:
    """The live line shows best, bound and gap of the latest solution."""
    from rich.console import Console

    live = LiveProgress(Console(file=open(os.devnull, "w")))  # noqa: SIM115
    live(SolverProgress(plan=1, objective=200.0, bound=150.0, seconds=2.0))
    text = live.render().plain
    assert "best 200.00" in text and "bound 150.00" in text and "gap 25.0%" in text


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_returns_best_plan_marked_feasible(sig: signal.Signals) -> None:
    """SIGINT (Ctrl-C) or SIGTERM after the first plan: the search stops and returns it,
    FEASIBLE and valid."""
    rng = random.Random(5)
    subjects = ["a", "b", "c", "d"]
    helpers = [
        random_school(rng, "h", i, 4)
        | {"capacity": rng.randint(2, 5), "strengths": rng.sample(subjects, 2)}
        for i in range(80)
    ]
    recipients = [
        random_school(rng, "r", i, 4) | {"needs": rng.sample(subjects, 2)} for i in range(250)
    ]
    rules = [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S1"}]
    weights = {"distance": 1.0, "load_balance": 30.0, "score_gap": 1.0, "uncovered_needs": 25.0}
    instance = build(instance_dict(helpers, recipients, rules, weights, cities=4))
    sent: list[float] = []

    def interrupt(progress: SolverProgress) -> None:
        if not sent:
            sent.append(progress.seconds)
            os.kill(os.getpid(), sig)

    start = time.monotonic()
    result = solve(instance, SolveOptions(time_limit=120, decompose=False), interrupt)
    assert sent and time.monotonic() - start < 60
    assert result.interrupted and result.status == "FEASIBLE"
    assert result.plans[0].status == "FEASIBLE"
    assert verify_plan(instance, [(p.helper, p.recipient) for p in result.plans[0].pairs]).ok


def test_kill_during_write_leaves_old_or_new_never_partial(tmp_path: Path) -> None:
    """A process killed (SIGKILL) while it writes the temporary file of a 50 MB replacement
    leaves the old file whole (or, had the rename happened, the new one), never a mix."""
    target = tmp_path / "plans.json"
    target.write_text("old\n", encoding="utf-8")
    script = (
        "import sys; from pathlib import Path\n"
        "from pairing_planner.io.atomic import write_atomic\n"
        "write_atomic(Path(sys.argv[1]), 'new ' * 12_500_000)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(target)])
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".plans.json.*")) and time.monotonic() < deadline:
        time.sleep(0.001)
    child.kill()
    child.wait()
    assert list(tmp_path.glob(".plans.json.*")), "the kill came after the write"
    content = target.read_text(encoding="utf-8")
    assert content == "old\n" or content == "new " * 12_500_000
