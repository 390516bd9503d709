"""Messages in Chinese and English: a complete, current catalogue, and the language choice."""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from pairing_planner import Instance
from pairing_planner.cli import main
from pairing_planner.i18n import LOCALE, use_language
from tests.conftest import INSTANCES, ROOT
from tests.solved import solved_once

PO = LOCALE / "zh" / "LC_MESSAGES" / "pairing_planner.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "counted": (1, 2)}


def _catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_a_chinese_translation() -> None:
    """Each message marked in the code is in the catalogue with a non-empty translation."""
    catalog = _catalog()
    found = extract_from_dir(str(ROOT / "src"), [("**.py", "python")], keywords=KEYWORDS)
    ids = {m[2] if isinstance(m[2], str) else m[2][0] for m in found}
    assert len(ids) > 90
    for message_id in ids:
        entry = catalog.get(message_id)
        assert entry is not None and entry.string, message_id
        assert not entry.fuzzy


def test_compiled_catalogue_is_current() -> None:
    """The committed .mo is the .po compiled (python -m pairing_planner.docs_gen)."""
    out = BytesIO()
    write_mo(out, _catalog(), use_fuzzy=False)
    assert PO.with_suffix(".mo").read_bytes() == out.getvalue()


def test_placeholders_survive_translation() -> None:
    """A translation keeps every {placeholder} of its message, so .format() cannot fail."""
    import string

    fields = string.Formatter()
    for entry in _catalog():
        if not entry.id:
            continue
        source = entry.id if isinstance(entry.id, str) else entry.id[0]
        target = entry.string if isinstance(entry.string, str) else entry.string[0]
        names = {f[1] for f in fields.parse(source) if f[1]}
        assert names == {f[1] for f in fields.parse(target) if f[1]}, source


def test_diagnosis_in_chinese(heze: Instance) -> None:
    """Messages made under use_language("zh") are Chinese, with names as the file writes them."""
    with use_language("zh"):
        result = solved_once(heze)
    assert result.diagnosis is not None
    assert "12 所初中被帮扶学校只有 11 个帮扶名额（S6）" in result.diagnosis.structural[0]
    assert "没有方案能满足全部规则" in result.message
    assert (
        "济宁市确定 1 所初中帮扶学校，但实际确定了 2 所" in result.plans[0].relaxations[0].message
    )
    assert isinstance(gettext.NullTranslations().gettext("x"), str)


def test_language_from_option_instance_and_locale(tmp_path: Path) -> None:
    """--lang wins; then the instance's language; then the locale (LANG=zh_CN: Chinese)."""
    text = (INSTANCES / "heze-as-stated.yaml").read_text(encoding="utf-8")
    marked = tmp_path / "zh.yaml"
    marked.write_text(text.replace("program: HZ", "program: HZ\nlanguage: zh"), encoding="utf-8")
    from_instance = CliRunner(env={"LANG": "C.UTF-8", "LC_ALL": None}).invoke(
        main, ["check", str(marked)]
    )
    assert "个冲突" in from_instance.stdout
    path = str(INSTANCES / "heze-as-stated.yaml")
    english = CliRunner(env={"LANG": "zh_CN.UTF-8", "LC_ALL": None}).invoke(
        main, ["--lang", "en", "check", path]
    )
    assert "conflict(s)" in english.stdout
    chinese = CliRunner(env={"LANG": "zh_CN.UTF-8", "LC_ALL": None}).invoke(main, ["check", path])
    assert "个冲突" in chinese.stdout


def test_lang_before_or_after_the_command_or_from_the_environment() -> None:
    """--lang zh works after the command's name too, and PLAN_LANG sets it for every command;
    the command line wins over the environment."""
    path = str(INSTANCES / "heze-as-stated.yaml")
    english = {"LANG": "C.UTF-8", "LC_ALL": None}
    after = CliRunner(env=english).invoke(main, ["check", path, "--lang", "zh"])
    assert after.exit_code == 0 and "个冲突" in after.stdout
    from_env = CliRunner(env=english | {"PLAN_LANG": "zh"}).invoke(main, ["check", path])
    assert "个冲突" in from_env.stdout
    overridden = CliRunner(env=english | {"PLAN_LANG": "zh"}).invoke(
        main, ["check", path, "--lang", "en"]
    )
    assert "conflict(s)" in overridden.stdout


def test_stages_read_in_chinese_in_the_table_and_the_ledger(tmp_path: Path) -> None:
    """Under zh the plan table, the ledger's pairs sheet and plan-K.csv say 初中/高中, not
    junior/senior (plan-K.csv is opened in Excel too, issue 30); in English it keeps the ids."""
    import pandas as pd

    path = str(INSTANCES / "heze-as-stated.yaml")
    runner = CliRunner(env={"LANG": "zh_CN.UTF-8", "LC_ALL": None, "COLUMNS": "160"})
    solved = runner.invoke(main, ["solve", path, "--out", str(tmp_path)])
    table = solved.stdout.split("方案 1：")[0] if "方案 1：" in solved.stdout else solved.stdout
    assert "初中" in table and "junior" not in table
    ledger = tmp_path / "l.xlsx"
    assert (
        runner.invoke(
            main, ["export", str(tmp_path / "heze-as-stated"), "--to", str(ledger)]
        ).exit_code
        == 0
    )
    stages = set(pd.read_excel(ledger, sheet_name=0)["学段"])
    assert stages == {"初中", "高中"}
    csv = pd.read_csv(tmp_path / "heze-as-stated" / "plan-1.csv")
    assert set(csv["学段"]) == {"初中", "高中"}
    english = CliRunner(env={"LANG": "C.UTF-8", "LC_ALL": None})
    english.invoke(main, ["solve", path, "--out", str(tmp_path / "en")])
    csv = pd.read_csv(tmp_path / "en" / "heze-as-stated" / "plan-1.csv")
    assert set(csv["stage"]) == {"junior", "senior"}
