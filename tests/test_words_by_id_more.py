"""A result's warnings recorded by message id, and every reader of a ``plans.json`` wording it
in the language asked (issue 32, part 35M): ``plan export --to plan.json`` and the terminal
under ``--lang zh`` of a result solved in English say it in Chinese throughout, and the
other way round; the workbench shows the warnings in the page's language; a file written
before ids were kept shows its text as written."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from pairing_planner import Instance, instance_from_data, load_instance
from pairing_planner.cli import main
from pairing_planner.diagnosis.checks import warning_lines, warnings, warnings_said
from pairing_planner.i18n import Language, use_language
from pairing_planner.instance.schema.school_models import stage_named
from pairing_planner.instance.yaml_files.yaml_source import load_yaml
from pairing_planner.report.result_folder import write_result
from pairing_planner.report.terminal import render_result
from pairing_planner.result.plan import Result
from pairing_planner.web.result_words import worded_result
from tests.conftest import INSTANCES
from tests.solved import solved_once
from tests.test_all_chinese import english_words

HAN = re.compile(r"[\u4e00-\u9fff]")
OTHER: dict[Language, Language] = {"en": "zh", "zh": "en"}


def _names(instance: Instance) -> set[str]:
    """What stays as the instance spells it in either language: names, the part of a name
    that says a stage (高级中学), ids, clauses, and the file a warning cites."""
    schools = [*instance.recipients.values(), *instance.helpers.values()]
    named = {s.name for s in schools} | {p.name for p in instance.places.values()}
    named |= {mark[0] for s in schools if (mark := stage_named(s.name)) is not None}
    ids = set(instance.helpers) | set(instance.recipients)
    clauses = {"S1", "S4", "S5", "S6", "S7"}
    return named | ids | clauses | {str(instance.path), "xx"}  # a code's digits: 3717xx


def _foreign(language: Language, text: str, allowed: set[str]) -> list[str]:
    """What of the other language ``text`` holds: English words in Chinese, Han characters
    outside the names in English."""
    if language == "zh":
        return english_words(text, allowed)
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, "")
    return HAN.findall(text)


def _assert_in(language: Language, texts: list[str], instance: Instance) -> None:
    """Every one of ``texts`` (some) wholly in ``language``, the instance's names aside."""
    allowed = _names(instance)
    assert texts
    assert {t: found for t in texts if (found := _foreign(language, t, allowed))} == {}


def _sentences(document: dict[str, Any]) -> list[str]:
    """Every sentence a written result holds: summary, warnings, constraints, relaxations,
    the conflicting rules."""
    found = [document["message"], *document["warnings"]]
    for plan in document["plans"]:
        found += [plan["constraints"], *(r["message"] for r in plan["relaxations"])]
    for rule in (document.get("diagnosis") or {}).get("conflict", []):
        found += [rule["label"], rule["summary"]]
    return found


def _solved(instance: Instance, language: Language) -> Result:
    with use_language(language):
        return solved_once(instance)


def _many_warnings() -> Instance:
    """Heze as S5 states it with a mistake of each kind a warning is about: a school listed
    twice, a name that says another county, a flipped longitude, another city's division
    code, a quota that departs from S6, a count S5 does not state."""
    data = load_yaml(INSTANCES / "heze-as-stated.yaml").data
    data.pop("contacts")
    data["recipients"].append(data["recipients"][0] | {"id": "r99"})
    next(r for r in data["recipients"] if r["name"] == "曹县第一初级中学")["place"] = "shanxian"
    data["helpers"][0]["lon"] = -data["helpers"][0]["lon"]
    next(p for p in data["places"] if p["id"] == "mudan")["adcode"] = "370702"
    quota = next(r for r in data["rules"] if r["kind"] == "city_quota" and r["clause"] == "S6")
    first = next(iter(quota["quotas"]))
    quota["quotas"][first] += 1
    return instance_from_data(data)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_each_kind_of_warning_said_by_id_reads_as_the_check_words_it(language: Language) -> None:
    """Recorded by message id, each warning is worded as ``plan check`` words it, in either
    language, for every kind of warning (their place and clause included)."""
    heze = load_instance(INSTANCES / "heze.yaml")
    instance = _many_warnings()
    codes = {f.code for f in warnings(instance, set()) + warnings(heze, set())}
    assert codes >= {"duplicate-school", "name-place", "far-coordinates", "adcode"}
    assert codes >= {"quota-clause", "expected-count", "stage-name", "idle-helper"}
    with use_language(language):
        for case in (instance, heze):
            said = [s.text() for s in warnings_said(case, set())]
            assert said == warning_lines(case, set())
            _assert_in(language, said, case)


@pytest.mark.slow
@pytest.mark.parametrize("solved_in", ["en", "zh"])
def test_plan_export_json_words_a_result_in_the_language_asked(
    heze: Instance, solved_in: Language, tmp_path: Path
) -> None:
    """Heze as printed (warnings, a relaxation, 45 conflicting rules) solved in one language
    and exported to JSON under the other: every sentence in the other language, each as a
    solve in it says it; before, the file kept the solve's words."""
    asked = OTHER[solved_in]
    folder = write_result(heze, _solved(heze, solved_in), tmp_path / "results")
    target = tmp_path / "plan.json"
    ran = CliRunner().invoke(
        main, ["--lang", asked, "export", str(folder), "--plan", "1", "--to", str(target)]
    )
    assert ran.exit_code == 0, ran.output
    exported = json.loads(target.read_text(encoding="utf-8"))
    expected = json.loads(_solved(heze, asked).to_json())
    assert exported["warnings"] == expected["warnings"] and len(expected["warnings"]) == 3
    assert exported["message"] == expected["message"]
    assert exported["plans"][0]["relaxations"] == expected["plans"][0]["relaxations"]
    _assert_in(asked, _sentences(exported), heze)


@pytest.mark.slow
@pytest.mark.parametrize("solved_in", ["en", "zh"])
def test_the_terminal_prints_a_result_in_the_language_asked(
    heze: Instance, solved_in: Language
) -> None:
    """The terminal's report of a result read back in the other language: its warnings,
    relaxations and summary in that language, none in the solve's."""
    asked = OTHER[solved_in]
    result = _solved(heze, solved_in)
    shown = io.StringIO()
    with use_language(asked):
        render_result(Console(file=shown, width=400), heze, result, explain=False)
    printed = shown.getvalue()
    expected = _solved(heze, asked)
    for sentence in [*expected.warnings[:3], expected.plans[0].relaxations[0].message]:
        assert sentence in printed
    for sentence in [*result.warnings[:3], result.plans[0].relaxations[0].message]:
        assert sentence not in printed


@pytest.mark.slow
@pytest.mark.parametrize("solved_in", ["en", "zh"])
def test_the_workbench_shows_a_results_warnings_in_the_pages_language(
    heze: Instance, solved_in: Language, tmp_path: Path
) -> None:
    """``GET /api/solves/{id}``'s result (``worded_result``): the warnings follow the page."""
    asked = OTHER[solved_in]
    folder = write_result(heze, _solved(heze, solved_in), tmp_path)
    shown = worded_result(folder, asked)
    assert shown["warnings"] == _solved(heze, asked).warnings
    _assert_in(asked, shown["warnings"], heze)


def test_warnings_of_a_file_written_before_ids_were_kept_show_as_written(
    heze: Instance, tmp_path: Path
) -> None:
    """A plans.json without ``warnings_said`` reads, and its warnings stay as written."""
    result = _solved(heze, "en")
    folder = write_result(heze, result, tmp_path)
    written = json.loads((folder / "plans.json").read_text(encoding="utf-8"))
    del written["warnings_said"]
    (folder / "plans.json").write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    assert worded_result(folder, "zh")["warnings"] == result.warnings
