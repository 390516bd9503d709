"""``plan compare A B`` labels its columns by folder, told apart even when both folders are
called heze, and says which label is which result (issue 30: "A:1 / B:1")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from pairing_planner.cli import main
from tests.conftest import INSTANCES


def test_two_results_of_one_name_are_told_apart_by_their_parents(tmp_path: Path) -> None:
    """2016/heze-as-stated against 2017/heze-as-stated: labels with the parent folder, and a
    line for each naming the plan and the result it comes from."""
    runner = CliRunner(env={"COLUMNS": "200", "LC_ALL": None, "LANG": "C.UTF-8"})
    stated = str(INSTANCES / "heze-as-stated.yaml")
    solved = runner.invoke(main, ["solve", stated, "--out", str(tmp_path / "2016"), "--quiet"])
    assert solved.exit_code == 0, solved.output
    shutil.copytree(tmp_path / "2016", tmp_path / "2017")
    a, b = tmp_path / "2016" / "heze-as-stated", tmp_path / "2017" / "heze-as-stated"
    ran = runner.invoke(main, ["--lang", "en", "compare", str(a), str(b / "plans.json"), "--json"])
    found = json.loads(ran.stdout)
    assert (found["label_a"], found["label_b"]) == (
        "2016/heze-as-stated:1",
        "2017/heze-as-stated:1",
    )
    shown = runner.invoke(main, ["--lang", "zh", "compare", str(a), str(b)])
    assert f"2016/heze-as-stated:1：{a} 的方案 1" in shown.stdout
    assert f"2017/heze-as-stated:1：{b} 的方案 1" in shown.stdout
    one = runner.invoke(main, ["--lang", "en", "compare", str(a), "--plans", "1,1"])
    assert f"1: plan 1 of {a}" in one.stdout
