"""A finished result as the page shows it, worded in the language it is asked in, not the
one it was solved in: ``plans.json`` keeps the solve's sentences, and a page switched to
English showed a Chinese solve's relaxations in Chinese (issue 32). Each sentence recorded by
message id and values (the summary, the plans' constraints and relaxations, the conflicting
rules: :mod:`pairing_planner.result.worded_json`) is worded in the language asked; a file
written before ids were kept shows its relaxations worded again from the rule each bends, as
the ledger does (:func:`pairing_planner.report.bends.relaxation_words`), its other sentences
as they are. A structural diagnosis recorded as text only is found again from the instance;
the cost terms are named (score_gap → 水平差距)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pairing_planner.i18n import N_, Language, _, use_language
from pairing_planner.objective import TERM_KINDS, term_label
from pairing_planner.result.plan import Result
from pairing_planner.result.worded_json import worded_json


def term_names() -> dict[str, str]:
    """Every cost term's id → its name in the current language."""
    return {term.value: term_label(term.value) for term in TERM_KINDS}


def worded_result(folder: Path, language: Language) -> dict[str, Any]:
    """The result in ``folder`` as ``plans.json`` holds it, its relaxations and its
    diagnosis's structural findings in ``language``, its advice naming the page's controls,
    not the command's options; kept per result file and language, as a page asks again on
    each switch."""
    written = folder / "plans.json"
    text = _worded(str(folder), written.stat().st_mtime_ns, language)
    found: dict[str, Any] = json.loads(_with_controls(text, language))
    return found


PAGE_CONTROLS = {"--time-limit": N_("Time limit (seconds)"), "--plans": N_("Number of plans")}
"""The options a result's advice names (allow more time (--time-limit)), by the label of the
Solve step's control that sets them: a planner at the page has no command line."""


def _with_controls(text: str, language: Language) -> str:
    """``text`` (JSON) with each option of :data:`PAGE_CONTROLS` named as the page names it."""
    with use_language(language):
        for option, control in PAGE_CONTROLS.items():
            named = _("the Solve step's {control}").format(control=_(control))
            text = text.replace(option, json.dumps(named, ensure_ascii=False)[1:-1])
    return text


@lru_cache(maxsize=32)
def _worded(folder: str, stamp: int, language: Language) -> str:
    """The worded result as JSON text (a cached value no caller can change). ``plans.json``
    is read as JSON and the result made of it only when a relaxation or a structural finding
    is worded again: reading a province's 8 MB result into a :class:`Result` and writing it
    out again took 0.45 s of CPU at each solve's done (issue 32, part 35D)."""
    from pairing_planner.api import instance_of
    from pairing_planner.diagnosis.checks import conflict_messages
    from pairing_planner.instance.yaml_files.yaml_source import MAX_RESULT_BYTES, read_text
    from pairing_planner.prepare.candidates import candidate_pairs
    from pairing_planner.report.bends import relaxation_words
    from pairing_planner.report.result_folder import load_result, plans_file

    shown = json.loads(
        read_text(plans_file(folder), what=N_("result file"), limit=MAX_RESULT_BYTES)
    )
    with use_language(language):
        worded_json(shown)
    diagnosis = shown["diagnosis"] or {}
    recorded = diagnosis.get("structural_said") is not None
    structural = [] if recorded else diagnosis.get("structural") or []
    unrecorded = [
        plan for plan in shown["plans"] if any(r.get("said") is None for r in plan["relaxations"])
    ]
    if not structural and not unrecorded:
        return json.dumps(shown, ensure_ascii=False)
    result = load_result(folder)
    with use_language(language):
        instance = instance_of(result)
        for plan, read in zip(shown["plans"], result.plans, strict=True):
            if plan in unrecorded:
                for relaxation, words in zip(
                    plan["relaxations"], relaxation_words(instance, read), strict=True
                ):
                    relaxation["message"] = words
        if structural:
            found = conflict_messages(instance, candidate_pairs(instance))
            shown["diagnosis"]["structural"] = [message.text() for message in found]
    return json.dumps(shown, ensure_ascii=False)


def balanced_point(result: Result) -> int | None:
    """The rank of a trade-off front's balanced plan
    (:func:`pairing_planner.solving.methods.front_words.balanced`), for the page to mark it;
    None when the result is no front of three points."""
    from pairing_planner.solving.methods.front_words import balanced

    if len(result.front) != 2 or len(result.plans) < 3:
        return None
    a, b = result.front
    points = [(plan.term_costs.get(a, 0.0), plan.term_costs.get(b, 0.0)) for plan in result.plans]
    return result.plans[balanced(points)].rank  # type: ignore[arg-type]
