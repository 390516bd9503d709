"""A result as ``plans.json`` holds it (JSON data, not a ``Result``: a province's 8 MB result
read into one cost half a second at each solve's end), each sentence
recorded by message id worded again in the current language: the summary, the warnings, each
plan's constraints and relaxations, why a pair's cheaper other helper was not taken, the
diagnosis's structural findings and note, the conflicting rules' labels and summaries
(issue 32). A sentence recorded without one (an older file) keeps its text."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from pairing_planner.said import Said

SAID: TypeAdapter[Said] = TypeAdapter(Said)


def worded_json(shown: dict[str, Any]) -> dict[str, Any]:
    """``shown`` (``plans.json`` as JSON data) with its sentences in the current language,
    changed in place and returned."""
    _reword(shown, "message", "said")
    _reword_each(shown, "warnings", "warnings_said")
    for plan in shown.get("plans", []):
        _reword(plan, "constraints", "constraints_said")
        for relaxation in plan.get("relaxations", []):
            _reword(relaxation, "message", "said")
        for pair in plan.get("pairs", []):
            _reword(pair.get("alternative") or {}, "blocked_by", "blocked_by_said")
    diagnosis = shown.get("diagnosis") or {}
    _reword(diagnosis, "note", "note_said")
    _reword_each(diagnosis, "structural", "structural_said")
    for rule in diagnosis.get("conflict", []):
        _reword(rule, "label", "label_said")
        _reword(rule, "summary", "summary_said")
    return shown


def _reword(item: dict[str, Any], text: str, said_as: str) -> None:
    recorded = item.get(said_as)
    if recorded is not None:
        item[text] = SAID.validate_python(recorded).text()


def _reword_each(item: dict[str, Any], texts: str, said_as: str) -> None:
    recorded = item.get(said_as)
    if recorded is not None:
        item[texts] = [SAID.validate_python(said).text() for said in recorded]
