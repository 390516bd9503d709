"""A finished result as the page shows it, worded in the language it is asked in, not the
one it was solved in: ``plans.json`` keeps the solve's sentences, and a page switched to
English showed a Chinese solve's relaxations in Chinese (issue 32). As the ledger does
(:func:`pairing_planner.report.bends.relaxation_words`), each relaxation is worded again from
the rule it bends, the structural diagnosis is found again from the instance, and the cost
terms are named (score_gap → 水平差距)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pairing_planner.i18n import Language, use_language
from pairing_planner.objective import TERM_KINDS, term_label
from pairing_planner.result.plan import Result


def term_names() -> dict[str, str]:
    """Every cost term's id → its name in the current language."""
    return {term.value: term_label(term.value) for term in TERM_KINDS}


def worded_result(folder: Path, language: Language) -> dict[str, Any]:
    """The result in ``folder`` as ``plans.json`` holds it, its relaxations and its
    diagnosis's structural findings in ``language``; kept per result file and language, as
    a page asks again on each switch."""
    written = folder / "plans.json"
    found: dict[str, Any] = json.loads(_worded(str(folder), written.stat().st_mtime_ns, language))
    return found


@lru_cache(maxsize=32)
def _worded(folder: str, stamp: int, language: Language) -> str:
    """The worded result as JSON text (a cached value no caller can change)."""
    from pairing_planner.api import instance_of, load_result
    from pairing_planner.diagnosis.checks import conflict_messages
    from pairing_planner.prepare.candidates import candidate_pairs
    from pairing_planner.report.bends import relaxation_words

    result = load_result(folder)
    stored = result.to_json()
    shown = json.loads(stored)
    structural = result.diagnosis.structural if result.diagnosis else []
    if not structural and not any(plan.relaxations for plan in result.plans):
        return stored
    with use_language(language):
        instance = instance_of(result)
        for plan, read in zip(shown["plans"], result.plans, strict=True):
            for relaxation, words in zip(
                plan["relaxations"], relaxation_words(instance, read), strict=True
            ):
                relaxation["message"] = words
        if structural:
            shown["diagnosis"]["structural"] = conflict_messages(
                instance, candidate_pairs(instance)
            )
    return json.dumps(shown, ensure_ascii=False)


def balanced_point(result: Result) -> int | None:
    """The rank of a trade-off front's balanced plan (:func:`pairing_planner.solving.front.
    balanced`), for the page to mark it; None when the result is no front of three points."""
    from pairing_planner.solving.front import balanced

    if len(result.front) != 2 or len(result.plans) < 3:
        return None
    a, b = result.front
    points = [(plan.term_costs.get(a, 0.0), plan.term_costs.get(b, 0.0)) for plan in result.plans]
    return result.plans[balanced(points)].rank  # type: ignore[arg-type]
