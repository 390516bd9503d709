"""The page's result read from plans.json as JSON (issue 32, part 35D): what the API shows is
what reading it into a Result and out again showed, in either language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pairing_planner import Instance
from pairing_planner.i18n import use_language
from pairing_planner.report.result_folder import load_result, write_result
from pairing_planner.result.worded_json import worded_json
from pairing_planner.web import result_words
from pairing_planner.web.result_words import worded_result
from tests.solved import solved_once


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_result_without_relaxations_is_shown_as_read_into_a_result(
    heze_as_stated: Instance, language: str, tmp_path: Path
) -> None:
    folder = write_result(heze_as_stated, solved_once(heze_as_stated), tmp_path)
    result = load_result(folder)
    assert not any(plan.relaxations for plan in result.plans)
    with use_language(language):  # type: ignore[arg-type]
        expected = worded_json(json.loads(result.to_json()))
    with_controls = result_words._with_controls(json.dumps(expected, ensure_ascii=False), language)  # type: ignore[arg-type]
    assert worded_result(folder, language) == json.loads(with_controls)  # type: ignore[arg-type]
