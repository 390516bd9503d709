"""Why a plan did not take a pair's cheaper other helper, recorded by message id and worded in
the language it is read in (issue 32, part 35U): a Chinese solve of Heze as printed read in
English (the terminal's and export's reading, the workbench's) and back; a file written before
the id was kept shows its reason as written."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from pairing_planner import Instance
from pairing_planner.i18n import Language, use_language
from pairing_planner.result.plan import Result
from pairing_planner.result.worded_result import result_in_current_language
from pairing_planner.web.result_words import worded_result
from tests.solved import solved_once, written_in

HAN = re.compile(r"[\u4e00-\u9fff]")
FULL = {"en": "it is full: capacity 1 (S6)", "zh": "已满：容量 1（S6）"}
OTHER: dict[Language, Language] = {"en": "zh", "zh": "en"}


def _reasons(result: Result) -> list[str]:
    return [
        pair.alternative.blocked_by
        for plan in result.plans
        for pair in plan.pairs
        if pair.alternative is not None and pair.alternative.blocked_by
    ]


def _shown_reasons(shown: dict[str, Any]) -> list[str]:
    return [
        pair["alternative"]["blocked_by"]
        for plan in shown["plans"]
        for pair in plan["pairs"]
        if pair.get("alternative") and pair["alternative"]["blocked_by"]
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_reason_reads_in_the_other_language(heze: Instance, language: Language) -> None:
    """Solved in one language, every blocked_by reads in the other, none left in the first."""
    with use_language(language):
        result = solved_once(heze)
    assert FULL[language] in _reasons(result)
    other = OTHER[language]
    with use_language(other):
        reasons = _reasons(result_in_current_language(result))
    assert FULL[other] in reasons
    if other == "en":
        assert not [r for r in reasons if HAN.search(r)]
    else:
        assert not [r for r in reasons if re.search("[A-Za-z]{3}", r)]


def test_the_workbench_shows_a_chinese_solves_reason_in_english(
    heze: Instance, tmp_path: Path
) -> None:
    """The page in English of a Chinese solve: 'it is full: capacity 1 (S6)', not 已满."""
    folder = written_in(heze, "zh", tmp_path / "zh")
    shown = worded_result(folder, "en")
    reasons = _shown_reasons(shown)
    assert FULL["en"] in reasons
    assert not [r for r in reasons if HAN.search(r)]


def test_an_older_files_reason_is_shown_as_written(heze: Instance, tmp_path: Path) -> None:
    """A plans.json written before blocked_by_said was kept: its text, not an empty reason."""
    folder = written_in(heze, "zh", tmp_path / "old")
    path = folder / "plans.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for plan in data["plans"]:
        for pair in plan["pairs"]:
            if pair.get("alternative"):
                pair["alternative"].pop("blocked_by_said", None)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shown = worded_result(folder, "en")
    reasons = _shown_reasons(shown)
    assert FULL["zh"] in reasons
