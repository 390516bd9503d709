"""``plan check`` on a long list with one cause of many conflicts (issue 31, the Chinese
planner's test of session 36): a 5,000-school list imported into the Heze template, which
has no primary-school helper, gave 3,344 conflicts, 13,443 lines and 17 s, most of it
rebuilding the index of the instance's names for every row of the table. The first
:data:`SHOWN_ALIKE` of a kind are printed and the rest counted; ``--json`` keeps them all."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pairing_planner import load_result
from pairing_planner.cli import main
from pairing_planner.report.diagnosis_table import SHOWN_ALIKE
from pairing_planner.report.line_breaks import Names
from tests.conftest import INSTANCES

SCHOOLS = 60
"""Primary schools in the list: more conflicts of one kind than are printed."""


def _list(folder: Path) -> Path:
    """A recipients' list of ``SCHOOLS`` primary schools in Heze's counties (the attachment's
    layout): the Heze program's helpers are junior and senior highs, so none has a helper."""
    counties = ["曹县", "单县", "巨野县", "郓城县"]
    rows = ["序号,县（市、区）,学段,学校名称"]
    rows += [
        f"{n},{counties[n % 4]},小学,{counties[n % 4]}第{n}小学" for n in range(1, SCHOOLS + 1)
    ]
    listed = folder / "primary.csv"
    listed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return listed


def _plan(*args: str) -> tuple[int, str]:
    done = CliRunner(env={"COLUMNS": "80"}).invoke(main, list(args))
    return done.exit_code, done.stdout


def test_many_conflicts_of_one_kind_are_counted_past_the_first(tmp_path: Path) -> None:
    """60 schools without a helper: 20 printed, the other 40 counted in a row right under the
    last printed, the summary counts all 60, and --json lists all 60."""
    out = tmp_path / "primary.yaml"
    template = str(INSTANCES / "heze.yaml")
    code, printed = _plan(
        "--lang", "en", "import", template, "--recipients", str(_list(tmp_path)), "-o", str(out)
    )
    assert code == 0, printed
    code, printed = _plan("--lang", "en", "check", str(out))
    assert code == 1
    alike = [
        f for f in json.loads(_plan("check", str(out), "--json")[1]) if f["code"] == "no-candidate"
    ]
    assert len(alike) == SCHOOLS
    shown = [n for n in range(1, SCHOOLS + 1) if f"第{n}小学" in printed]
    assert len(shown) == SHOWN_ALIKE
    flat = " ".join(printed.split())
    more = SCHOOLS - SHOWN_ALIKE
    said = f"… and {more} more findings like the one above; plan check --json lists every one."
    assert said in flat
    last = max(flat.index(f"第{n}小学") for n in shown)
    assert last < flat.index(said) < flat.index("conflict(s),")


def test_many_alike_are_counted_in_chinese(tmp_path: Path) -> None:
    """The count line under --lang zh."""
    out = tmp_path / "primary.yaml"
    template = str(INSTANCES / "heze.yaml")
    assert _plan("import", template, "--recipients", str(_list(tmp_path)), "-o", str(out))[0] == 0
    flat = "".join(_plan("--lang", "zh", "check", str(out))[1].split())
    assert f"……另有{SCHOOLS - SHOWN_ALIKE}条与上一条同类的发现；plancheck--json会全部列出。" in flat


def test_joined_names_find_the_longest_of_either() -> None:
    """Names joined keep every name of both, the longest found where several start, and a
    set joined to itself again is not searched twice."""
    schools = Names(["曹县第一中学", "曹县"])
    joined = schools | Names(["曹县第一中学附属小学"]) | schools
    text = "帮扶曹县第一中学附属小学"
    assert joined.at(text, 2) == "曹县第一中学附属小学"
    assert (schools | Names(["单县"])).at("单县一中", 0) == "单县"
    assert (schools | Names(["单县"])).at(text, 2) == "曹县第一中学"
    assert joined.at(text, 0) == ""


def test_a_diagnosis_counts_its_reasons_past_the_first(tmp_path: Path) -> None:
    """``plan solve`` on the same list: the diagnosis prints its first 20 counting arguments
    (one per school without a helper) and counts the rest (it printed all 2,937 of a
    5,000-school list, 10,979 lines)."""
    out = tmp_path / "primary.yaml"
    template = str(INSTANCES / "heze.yaml")
    assert _plan("import", template, "--recipients", str(_list(tmp_path)), "-o", str(out))[0] == 0
    result = tmp_path / "result"
    code, printed = _plan("--lang", "en", "solve", str(out), "--out", str(result))
    reasons = load_result(result / "primary" / "plans.json").diagnosis
    assert code == 0 and reasons is not None and len(reasons.structural) > SHOWN_ALIKE
    more = len(reasons.structural) - SHOWN_ALIKE
    flat = " ".join(printed.split())
    assert f"… and {more} more reasons like these; plan check lists every one." in flat
    assert sum(" ".join(line.split()) in flat for line in reasons.structural) == SHOWN_ALIKE
