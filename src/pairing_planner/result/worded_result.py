"""A :class:`Result` read back with its sentences in the current language: a command that
reads a ``plans.json`` solved in English and writes or prints its words under ``--lang zh``
(``plan export --to plan.json``, the terminal's tables) says them in Chinese throughout, as
the house rule asks, from the message ids the file recorded (:mod:`pairing_planner.said`).
A sentence recorded as text only (a file written before ids were kept) stays as written;
:mod:`pairing_planner.result.worded_json` does the same for the workbench's JSON."""

from __future__ import annotations

from dataclasses import replace

from pairing_planner.result.plan import ConflictRule, Diagnosis, Pair, Plan, Relaxation, Result
from pairing_planner.said import worded


def result_in_current_language(result: Result) -> Result:
    """``result`` with its summary, warnings, plans and conflicting rules worded now."""
    warnings = result.warnings
    if result.warnings_said is not None:
        warnings = [said.text() for said in result.warnings_said]
    return replace(
        result,
        message=worded(result.said, result.message),
        warnings=warnings,
        plans=[plan_in_current_language(plan) for plan in result.plans],
        diagnosis=_diagnosis(result.diagnosis),
    )


def plan_in_current_language(plan: Plan) -> Plan:
    """``plan`` with its constraints, relaxations and each pair's reason for not taking its
    other helper worded now."""
    return replace(
        plan,
        constraints=worded(plan.constraints_said, plan.constraints),
        relaxations=[_relaxation(r) for r in plan.relaxations],
        pairs=[_pair(pair) for pair in plan.pairs],
    )


def _pair(pair: Pair) -> Pair:
    other = pair.alternative
    if other is None or other.blocked_by_said is None:
        return pair
    return replace(pair, alternative=replace(other, blocked_by=other.blocked_by_said.text()))


def _relaxation(relaxation: Relaxation) -> Relaxation:
    return replace(relaxation, message=worded(relaxation.said, relaxation.message))


def _diagnosis(diagnosis: Diagnosis | None) -> Diagnosis | None:
    if diagnosis is None:
        return None
    structural = diagnosis.structural
    if diagnosis.structural_said is not None:
        structural = [said.text() for said in diagnosis.structural_said]
    return replace(
        diagnosis,
        structural=structural,
        note=worded(diagnosis.note_said, diagnosis.note),
        conflict=[_rule(rule) for rule in diagnosis.conflict],
    )


def _rule(rule: ConflictRule) -> ConflictRule:
    return replace(
        rule,
        label=worded(rule.label_said, rule.label),
        summary=worded(rule.summary_said, rule.summary),
    )
