"""Relaxed plans mark the pairs that bend a rule, and are never called optimal (issue 29).

The pairs each output marks are checked against the relaxations independently: from the
instance's own numbers (a helper's pairs against its capacity, a city's helpers of a stage
against its quota), never from the marks themselves.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pandas as pd
import pytest

from pairing_planner import (
    Instance,
    SolveOptions,
    export_plan,
    instance_from_data,
    solve,
    trade_off,
)
from pairing_planner.i18n import use_language
from pairing_planner.instance.schema.rule_models import CityQuotaRule
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.frames import pairs_frame
from pairing_planner.report.ledger import PAIRS, PROVENANCE
from pairing_planner.report.terminal import render_result
from pairing_planner.result.plan import Plan, Result
from pairing_planner.solving.result_notes import with_proof_note
from tests.conftest import build, instance_dict

Key = tuple[str, str]
OPTIMAL = re.compile(r"optimal|最优", re.IGNORECASE)
STATUS = {
    "en": ("relaxed, not proven least", "relaxed, least bend proven", ", cost not proven"),
    "zh": ("放宽方案，未证明放宽最少", "放宽方案，放宽最少已证明", "，成本未证明"),
}
"""A relaxed plan's status: bend not proven least; proven least; and its cost not proven."""


def expected_status(plan: Plan, language: str) -> str:
    """What a relaxed plan's status must say, from what the solve proved."""
    unproven, proven, cost = STATUS[language]
    if not plan.least_bend_proven:
        return unproven
    return proven if plan.status == "OPTIMAL" else proven + cost


@pytest.fixture(scope="module")
def quota_bent(heze: Instance) -> tuple[Instance, Result]:
    """The attachment as printed (12 junior highs, 11 junior helper slots): by the default
    penalties one city sends a second junior high (S6 city quota)."""
    return heze, solve(heze, SolveOptions(time_limit=30))


@pytest.fixture(scope="module")
def capacity_bent(heze: Instance) -> tuple[Instance, Result]:
    """The same list with the city quotas made dearer than a capacity: one helper school
    serves two junior highs (S6: 一校帮扶两校)."""
    data = heze.data.model_dump(mode="json", exclude_none=True)
    for rule in data["rules"]:
        if rule["kind"] == "city_quota":
            rule["penalty"] = 500
    instance = instance_from_data(data)
    return instance, solve(instance, SolveOptions(time_limit=30))


def expected_bent(instance: Instance, plan: Plan) -> set[Key]:
    """The pairs that bend a rule, counted from the instance: a helper's pairs when it
    serves more schools than its capacity; a city's pairs of a stage when more of its
    helpers serve that stage than its quota; a recipient's when it has more than one."""
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    found: set[Key] = set()
    for helper in instance.helpers.values():
        mine = [p for p in pairs if p[0] == helper.id]
        if len(mine) > helper.capacity:
            found |= set(mine)
    for rule in instance.data.rules:
        if not isinstance(rule, CityQuotaRule):
            continue
        for city in {instance.city_of(h).id for h in instance.helpers.values()}:
            mine = [
                (h, r)
                for h, r in pairs
                if instance.city_of(instance.helpers[h]).id == city
                and rule.stage in instance.helpers[h].stages
                and rule.stage in instance.recipients[r].stages
            ]
            if len({h for h, _r in mine}) > rule.quotas.get(city, 0):
                found |= set(mine)
    for recipient in instance.recipients:
        mine = [p for p in pairs if p[1] == recipient]
        if len(mine) > 1:
            found |= set(mine)
    return found


def _names(instance: Instance, key: Key) -> tuple[str, str]:
    return instance.helpers[key[0]].name, instance.recipients[key[1]].name


def _terminal(instance: Instance, result: Result, width: int = 220) -> str:
    out = io.StringIO()
    render_result(PlainConsole(file=out, width=width), instance, result, explain=False)
    return out.getvalue()


def _table_marks(instance: Instance, printed: str) -> dict[tuple[str, str], str]:
    """(helper name, recipient name) → the bends cell of each row of the printed table."""
    found = {}
    for line in printed.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) > 6 and cells[0] in {r.name for r in instance.recipients.values()}:
            found[(cells[3], cells[0])] = cells[-1]
    return found


def _sheet_rows(path: Path, sheet: int | str = 0, header: int = 2) -> list[list[str]]:
    """The rows under a printed list's header (row 3), empty cells as ''."""
    book = openpyxl.load_workbook(path)
    found = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return [[c.value or "" for c in row] for row in found.iter_rows(min_row=header + 2)]


@pytest.mark.slow
@pytest.mark.parametrize("case", ["quota_bent", "capacity_bent"])
def test_every_output_marks_exactly_the_bent_pairs(
    case: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The table, plan-K.csv, the ledger's pairs sheet, the official list (.xlsx, .docx) and
    the R4 report mark exactly the pairs that bend a rule, counted from the instance."""
    instance, result = request.getfixturevalue(case)
    plan = result.plans[0]
    assert result.status == "RELAXED" and plan.relaxations
    bent = expected_bent(instance, plan)
    assert len(bent) >= 2
    named = {_names(instance, key) for key in bent}

    frame = pairs_frame(instance, plan)
    marked = frame[frame["bends"] != ""]
    assert set(zip(marked["helper_id"], marked["recipient_id"], strict=True)) == bent

    table = _table_marks(instance, _terminal(instance, result))
    assert len(table) == len(plan.pairs)
    assert {pair for pair, mark in table.items() if mark} == named

    csv = export_plan(instance, result, plan, tmp_path / "plan-1.csv")
    rows = pd.read_csv(csv, dtype=str, encoding="utf-8-sig").fillna("")
    assert (
        set(
            zip(
                rows[rows["bends"] != ""]["helper_id"],
                rows[rows["bends"] != ""]["recipient_id"],
                strict=True,
            )
        )
        == bent
    )

    ledger = export_plan(instance, result, plan, tmp_path / "ledger.xlsx")
    pairs = pd.read_excel(ledger, sheet_name=PAIRS.en, dtype=str, engine="openpyxl").fillna("")
    marked = pairs[pairs["bends"] != ""]
    assert set(zip(marked["helper_id"], marked["recipient_id"], strict=True)) == bent

    listed = export_plan(instance, result, plan, tmp_path / "list.xlsx", form="list")
    assert {(r[5], r[3]) for r in _sheet_rows(listed) if r[6]} == named
    printed = export_plan(instance, result, plan, tmp_path / "list.docx", form="list")
    table_rows = [[c.text for c in row.cells] for row in docx.Document(str(printed)).tables[0].rows]
    assert {(r[5], r[3]) for r in table_rows[1:] if r[6]} == named

    report = export_plan(instance, result, plan, tmp_path / "r4.xlsx", form="report")
    sheets = openpyxl.load_workbook(report).sheetnames
    reported = [row for name in sheets for row in _sheet_rows(report, name)]
    assert {(r[5], r[3]) for r in reported if r[6]} == named


@pytest.mark.slow
def test_the_marks_say_which_rule(
    quota_bent: tuple[Instance, Result], capacity_bent: tuple[Instance, Result]
) -> None:
    """A pair beyond its city's quota and a helper serving two schools are marked with the
    rule and its clause, in English and in Chinese (S6：一校帮扶 2 校)."""
    for (instance, result), en, zh in (
        (quota_bent, "S6: city over its quota", "S6：本市超出名额"),
        (capacity_bent, "S6: helper serves 2 schools", "S6：一校帮扶 2 校"),
    ):
        plan = result.plans[0]
        assert set(pairs_frame(instance, plan)["bends"]) == {"", en}
        with use_language("zh"):
            assert set(pairs_frame(instance, plan)["bends"]) == {"", zh}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_relaxed_plan_is_never_called_optimal(
    language: str, quota_bent: tuple[Instance, Result], tmp_path: Path
) -> None:
    """The status line says relaxed, and whether the least bend is proven; neither the
    terminal, the ledger's provenance nor the printed list says optimal (最优) anywhere; the
    printed list, an administrative document, leaves the status to the ledger (issue 30)."""
    instance, result = quota_bent
    plan = result.plans[0]
    status = expected_status(plan, language)
    with use_language(language):  # type: ignore[arg-type]
        printed = _terminal(instance, result)
        ledger = export_plan(instance, result, plan, tmp_path / "l.xlsx")
        listed = export_plan(instance, result, plan, tmp_path / "list.xlsx", form="list")
        summary = "方案 1：" if language == "zh" else "Plan 1: "
    assert f"{summary}{status} ·" in " ".join(printed.split())
    assert not OPTIMAL.search(printed)
    facts = pd.read_excel(
        ledger, sheet_name=PROVENANCE.written(language), dtype=str, engine="openpyxl"
    )
    assert status in set(facts.iloc[:, 1]) and not OPTIMAL.search(facts.to_string())
    note = openpyxl.load_workbook(listed).worksheets[0]["A2"].value
    assert status not in note and not OPTIMAL.search(note)


def one_helper_two_recipients(dear: str, weights: dict[str, float] | None = None) -> Instance:
    """One helper school (capacity 1) and two junior highs it alone may serve: the rule of
    kind ``dear`` (coverage or capacity) costs 500 a unit, so the other one bends."""
    helpers = [{"id": "h0", "name": "帮扶一校", "place": "c1k0", "stages": ["junior"]}]
    recipients = [
        {"id": f"r{i}", "name": f"受援{i}校", "place": "c0k0", "stages": ["junior"]}
        for i in range(2)
    ]
    rules: list[dict[str, Any]] = [
        {"kind": "coverage", "clause": "S5"},
        {"kind": "capacity", "clause": "S6"},
    ]
    for rule in rules:
        if rule["kind"] == dear:
            rule["penalty"] = 500
    return build(instance_dict(helpers, recipients, rules, weights))


def test_a_school_left_without_a_helper_is_listed_not_marked_on_a_pair(tmp_path: Path) -> None:
    """Coverage bent (the capacity dear): no pair bends a rule, so none is marked; the
    official list keeps the school without a helper, its helper cells empty and why beside
    it; the R4 report, which lists helpers' cities, does not; the least bend of so small a
    model is proven."""
    instance = one_helper_two_recipients(dear="capacity")
    result = solve(instance, SolveOptions(time_limit=20))
    plan = result.plans[0]
    assert [r.kind for r in plan.relaxations] == ["coverage"] and len(plan.pairs) == 1
    assert plan.least_bend_proven and expected_bent(instance, plan) == set()
    assert set(pairs_frame(instance, plan)["bends"]) == {""}
    left = next(r for r in instance.recipients if r != plan.pairs[0].recipient)
    listed = _sheet_rows(export_plan(instance, result, plan, tmp_path / "l.xlsx", form="list"))
    assert len(listed) == 2
    row = next(r for r in listed if r[3] == instance.recipients[left].name)
    assert row[4:6] == ["", ""] and instance.recipients[left].name in row[6]
    report = export_plan(instance, result, plan, tmp_path / "r4.xlsx", form="report")
    assert len(_sheet_rows(report)) == 1
    with use_language("en"):
        printed = _terminal(instance, result)
    assert "Plan 1: relaxed, least bend proven ·" in " ".join(printed.split())


def test_plans_json_keeps_the_pairs_a_relaxation_bends() -> None:
    """Capacity bent (the coverage dear): the relaxation records the helper's two pairs, and
    plans.json keeps them and whether the least bend is proven."""
    result = solve(one_helper_two_recipients(dear="coverage"), SolveOptions(time_limit=20))
    (relaxation,) = result.plans[0].relaxations
    assert relaxation.kind == "capacity" and set(relaxation.pairs) == {("h0", "r0"), ("h0", "r1")}
    back = Result.from_json(result.to_json())
    assert back.plans[0].relaxations == result.plans[0].relaxations
    assert back.plans[0].least_bend_proven is result.plans[0].least_bend_proven is True


def test_the_note_that_another_run_may_differ_does_not_call_a_relaxed_plan_optimal() -> None:
    """A relaxed result whose plan is not proven says another run may differ, naming the
    least bend and the cost as what is unproven, not 'status OPTIMAL'."""
    result = solve(one_helper_two_recipients(dear="coverage"), SolveOptions(time_limit=20))
    cut = replace(result.plans[0], status="FEASIBLE", least_bend_proven=False)
    unproven = replace(result, plans=[cut])
    for language in ("en", "zh"):
        with use_language(language):  # type: ignore[arg-type]
            message = with_proof_note(unproven).message
        assert not OPTIMAL.search(message)
        said = ("the least bend of plan 1", "the cost of plan 1")
        said_zh = ("方案 1 的放宽是否最少", "方案 1 的成本是否最低")
        assert all(s in message for s in (said if language == "en" else said_zh))


def test_the_note_names_only_what_is_unproven() -> None:
    """A relaxed result whose plan is proven says nothing more; each unproven part is named
    alone: a cost proven but a bend not proven least (said nothing before), or every plan
    proven but the conflicting rules listed not proven a smallest set (said before that the
    least bend and the cost were unproven)."""
    result = solve(one_helper_two_recipients(dear="coverage"), SolveOptions(time_limit=20))
    plan = result.plans[0]
    assert plan.status == "OPTIMAL" and plan.least_bend_proven
    assert result.diagnosis is not None and result.diagnosis.conflict
    proven = replace(result, diagnosis=replace(result.diagnosis, minimal=True))
    assert with_proof_note(proven) == proven
    bend = replace(proven, plans=[replace(plan, least_bend_proven=False)])
    guessed = replace(result, diagnosis=replace(result.diagnosis, minimal=False))
    with use_language("en"):
        bend_note, guessed_note = (with_proof_note(r).message for r in (bend, guessed))
    assert "(the least bend of plan 1)" in bend_note and "another run" in bend_note
    assert "(that the conflicting rules listed are a smallest such set)" in guessed_note
    assert "bend of plan" not in guessed_note and "cost of plan" not in guessed_note


def test_a_relaxed_front_never_calls_a_point_optimal() -> None:
    """The trade-off of a relaxed instance: each point's status in the table says relaxed
    and what is proven, and the front's sentence says what its status means instead of
    'proven where its status is OPTIMAL'."""
    weights = {"distance": 1.0, "score_gap": 1.0}
    instance = one_helper_two_recipients(dear="coverage", weights=weights)
    result = trade_off(instance, ("distance", "score_gap"), SolveOptions(time_limit=20))
    assert result.status == "RELAXED" and result.plans
    for language in ("en", "zh"):
        with use_language(language):  # type: ignore[arg-type]
            printed = _terminal(instance, result)
        assert not OPTIMAL.search(printed)
        assert all(expected_status(plan, language) in printed for plan in result.plans)
    assert "unless its status says not proven" in " ".join(result.message.split())
