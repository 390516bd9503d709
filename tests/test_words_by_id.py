"""A result's sentences recorded by message id and values and worded in the language asked
(issue 32, part 35J): the summary, each plan's constraints and relaxations and the conflicting
rules, en→zh and zh→en, as the workbench shows them (``worded_result``), equal to what a solve
in that language says; a file without ids shows its text as it is."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from pairing_planner import Instance, SolveOptions, stop
from pairing_planner.i18n import Language, use_language
from pairing_planner.report.result_folder import write_result
from pairing_planner.result.plan import Result
from pairing_planner.said import joined, named, said
from pairing_planner.solving.result_notes import floored_note
from pairing_planner.web.result_words import worded_result
from tests.solved import solved_once
from tests.test_all_chinese import english_words

HAN = re.compile(r"[\u4e00-\u9fff]")
OTHER: dict[Language, Language] = {"en": "zh", "zh": "en"}
WITHIN = SolveOptions(plans=3, within=0.0001, decompose=False, seed=0, time_limit=20)
"""Heze as stated has one plan within 0.0001 % of its optimum: the message says no plan 2
exists under a budget written ``{budget:.2f}``, which the backward matching filled with a
str (a 500 error)."""


def _sentences(shown: dict[str, Any]) -> dict[str, Any]:
    """Every sentence the page shows of a result, by where it is."""
    diagnosis = shown.get("diagnosis") or {}
    return {
        "message": shown["message"],
        "constraints": [plan["constraints"] for plan in shown["plans"]],
        "relaxations": [[r["message"] for r in plan["relaxations"]] for plan in shown["plans"]],
        "conflict": [(c["label"], c["summary"]) for c in diagnosis.get("conflict", [])],
    }


def _solved(instance: Instance, options: SolveOptions | None, language: Language) -> Result:
    with use_language(language):
        return solved_once(instance, options)


def _shown(instance: Instance, result: Result, folder: Path, language: Language) -> Any:
    return _sentences(worded_result(write_result(instance, result, folder), language))


def _names(instance: Instance) -> set[str]:
    """What may stay Latin or Chinese whatever the language: the instance's names and ids."""
    schools = [*instance.recipients.values(), *instance.helpers.values()]
    return {s.name for s in schools} | {p.name for p in instance.places.values()} | {"S6", "S7"}


def _assert_in(language: Language, texts: list[str], instance: Instance) -> None:
    """Chinese has no English word left; English no Han character outside a name."""
    for text in texts:
        if language == "zh":
            assert english_words(text, _names(instance) | {"S1", "S4", "S5"}) == [], text
        else:
            rest = text
            for name in sorted(_names(instance), key=len, reverse=True):
                rest = rest.replace(name, "")
            assert not HAN.search(rest), text


def _all(sentences: dict[str, Any]) -> list[str]:
    found = [sentences["message"], *sentences["constraints"]]
    found += [text for plan in sentences["relaxations"] for text in plan]
    return found + [text for pair in sentences["conflict"] for text in pair]


@pytest.mark.slow
@pytest.mark.parametrize("solved_in", ["en", "zh"])
def test_a_relaxed_result_is_worded_in_the_other_language_as_a_solve_in_it(
    heze: Instance, solved_in: Language, tmp_path: Path
) -> None:
    """Heze as printed (RELAXED: a summary, relaxations, 45 conflicting rules): each sentence
    shown in the other language is the very sentence a solve in that language writes."""
    shown_in = OTHER[solved_in]
    result = _solved(heze, None, solved_in)
    assert result.diagnosis is not None and len(result.diagnosis.conflict) > 10
    shown = _shown(heze, result, tmp_path, shown_in)
    expected = _sentences(json.loads(_solved(heze, None, shown_in).to_json()))
    assert shown == expected
    _assert_in(shown_in, _all(shown), heze)


@pytest.mark.parametrize("solved_in", ["en", "zh"])
def test_a_within_solve_without_a_next_plan_is_worded_in_the_other_language(
    heze_as_stated: Instance, solved_in: Language, tmp_path: Path
) -> None:
    """The --within solve whose plan 2 does not exist: its cost budget filled as a number."""
    shown_in = OTHER[solved_in]
    result = _solved(heze_as_stated, WITHIN, solved_in)
    assert len(result.plans) == 1 and "6,815.33" in result.message
    shown = _shown(heze_as_stated, result, tmp_path, shown_in)
    assert shown == _sentences(json.loads(_solved(heze_as_stated, WITHIN, shown_in).to_json()))
    _assert_in(shown_in, _all(shown), heze_as_stated)


@pytest.mark.parametrize("solved_in", ["en", "zh"])
def test_a_stopped_solve_is_worded_in_the_other_language(
    heze_as_stated: Instance, solved_in: Language, tmp_path: Path
) -> None:
    """A solve stopped at once (every part takes its greedy plan): "Solved in 求解被中止…" was
    the summary after 中文→English."""
    from pairing_planner import solve

    with stop.handling_signals(), use_language(solved_in):
        stop.request()
        result = solve(heze_as_stated, SolveOptions(seed=0, time_limit=20))
    assert result.interrupted and result.said is not None
    with use_language(solved_in):
        assert result.said.text() == result.message
    shown = _shown(heze_as_stated, result, tmp_path, OTHER[solved_in])
    _assert_in(OTHER[solved_in], _all(shown), heze_as_stated)
    stopped = "stopped" if solved_in == "zh" else "中止"
    assert stopped in shown["message"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_summary_naming_chinese_schools_is_worded_in_either_language(
    language: Language,
) -> None:
    """The names stay as the instance spells them; the words around them follow the language
    (a Han character once made an English summary pass for Chinese, and part of one was
    left English after zh→en)."""
    schools = joined(
        [named("牡丹区第二十二中学"), named("郓城县第一中学"), said("{n} more", n=8)], ", "
    )
    part = said("part {i} of {n} ({schools})", i=1, n=2, schools=schools)
    rule = said("{label} ({clause}) {n} time(s)", label=said("city quota"), clause="S6", n=10)
    with use_language("en"):
        english = floored_note([part], [rule]).text()
    with use_language("zh"):
        chinese = floored_note([part], [rule]).text()
    assert english.startswith(
        "Time ran out before part 1 of 2 (牡丹区第二十二中学, 郓城县第一中学, 8 more)"
    )
    assert "city quota (S6) 10 time(s)" in english and not HAN.search(
        english.replace("牡丹区第二十二中学", "").replace("郓城县第一中学", "")
    )
    assert "牡丹区第二十二中学、郓城县第一中学" in chinese
    assert english_words(chinese, {"S6"}) == [], chinese


def test_a_file_written_before_ids_were_kept_shows_its_text(
    heze_as_stated: Instance, tmp_path: Path
) -> None:
    """plans.json of an older tool (no ``said``) reads, and its message is shown as written."""
    with use_language("en"):
        result = solved_once(heze_as_stated, WITHIN)
    folder = write_result(heze_as_stated, result, tmp_path)
    written = json.loads((folder / "plans.json").read_text(encoding="utf-8"))
    del written["said"]
    for plan in written["plans"]:
        del plan["constraints_said"]
    (folder / "plans.json").write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    shown = worded_result(folder, "zh")
    assert shown["message"] == result.message
    assert shown["plans"][0]["constraints"] == result.plans[0].constraints
