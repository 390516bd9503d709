"""A diagnosis's structural findings and note recorded by message id, worded in the language
asked (issue 32, part 35Q): Heze as printed (S6's twelve junior recipients for eleven slots)
solved in one language reads in the other; a file written before ids were kept shows its text
as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pairing_planner import Instance
from pairing_planner.i18n import N_, Language, use_language
from pairing_planner.result.plan import Diagnosis, Result
from pairing_planner.result.worded_result import result_in_current_language
from pairing_planner.said import said
from pairing_planner.solving.decomposition.merge_parts import merge_diagnoses
from pairing_planner.web.result_words import worded_result
from tests.solved import solved_once, written_in

HAN = re.compile(r"[\u4e00-\u9fff]")
OTHER: dict[Language, Language] = {"en": "zh", "zh": "en"}
SLOTS = {
    "en": "12 junior recipients, 11 helper slots for them",
    "zh": "12 所初中被帮扶学校只有 11 个帮扶名额",
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_structural_findings_read_in_the_other_language(heze: Instance, language: Language) -> None:
    """Solved in one language, the structural finding reads in the other: by the terminal's
    and export's reading (result_in_current_language) and the workbench's (worded_result)."""
    with use_language(language):
        result = solved_once(heze)
    assert result.diagnosis is not None and result.diagnosis.structural_said
    assert SLOTS[language] in result.diagnosis.structural[0]
    other = OTHER[language]
    with use_language(other):
        read = result_in_current_language(result)
    assert read.diagnosis is not None
    assert SLOTS[other] in read.diagnosis.structural[0]


def test_the_workbench_words_the_structural_findings_from_their_ids(
    heze: Instance, tmp_path: Path
) -> None:
    """The page in English shows a Chinese solve's structural findings in English, from the
    ids (no Han outside the schools' and cities' names)."""
    folder = written_in(heze, "zh", tmp_path / "zh")
    shown = worded_result(folder, "en")
    assert SLOTS["en"] in shown["diagnosis"]["structural"][0]
    assert shown["diagnosis"]["structural_said"]


def test_a_merged_note_is_worded_in_the_language_asked() -> None:
    """Two parts' diagnoses merged: the note, and each part's note within it, by id."""
    unproven = said(N_("Not proven minimal within the time given."))
    parts = [Diagnosis(note=unproven.text(), note_said=unproven), Diagnosis()]
    merged = merge_diagnoses(parts)
    with use_language("zh"):
        note = _note(merged)
    assert HAN.search(note) and not re.search("[A-Za-z]{3}", note)
    assert "。 " not in note
    with use_language("en"):
        assert _note(merged).startswith("Rules conflict in 2")
        assert _note(merged).endswith("Not proven minimal within the time given.")


def _note(diagnosis: Diagnosis) -> str:
    """The note of a result holding ``diagnosis``, read in the current language."""
    result = Result("x", "", "", "", {}, "INFEASIBLE", 0.0, [], diagnosis=diagnosis)
    read = result_in_current_language(result).diagnosis
    assert read is not None
    return read.note


def test_a_diagnosis_written_before_ids_were_kept_shows_as_written(
    heze: Instance, tmp_path: Path
) -> None:
    """An older plans.json (no structural_said, no note_said) keeps its note as written."""
    folder = written_in(heze, "en", tmp_path / "old")
    document = json.loads((folder / "plans.json").read_text("utf-8"))
    document["diagnosis"].pop("structural_said")
    document["diagnosis"].pop("note_said")
    document["diagnosis"]["note"] = "As written."
    (folder / "plans.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    assert worded_result(folder, "zh")["diagnosis"]["note"] == "As written."
