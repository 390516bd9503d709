"""The pairing ledger (结对帮扶台账, R2) as an Excel workbook, written with xlsxwriter.

Sheets: the pairs with the clauses that placed them (and, for a relaxed plan, how each
pair bends a rule: "S6：一校帮扶2校"); the yearly duties of each pair with their minimum
counts (M1–M3 or H1–H2) and empty "planned date" and "done" columns for the bureau to fill
in (a dropdown on "done"); the contacts, only when asked for; for a relaxed plan, the
relaxations it declares; and the plan's provenance. Header rows are frozen and columns sized
for Chinese names. pandas and openpyxl read it back, and ``plan verify`` reads the pairs
sheet (``helper_id``, ``recipient_id``) and the declared relaxations, as it does from
``plans.json``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pandas as pd

from pairing_planner.duties import DUTIES, TERMS, WHOLE_YEAR, current_school_year, school_year
from pairing_planner.i18n import N_, _, current_language
from pairing_planner.instance.bureau_files.contacts import read_contacts
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import Contact, School
from pairing_planner.io.plans import READ_BACK_HEADERS
from pairing_planner.io.sheet_names import (
    CHANGES,
    CONTACTS,
    DUTY,
    PAIRS,
    PROVENANCE,
    RELAXATIONS,
    SheetName,
)
from pairing_planner.objective import term_label
from pairing_planner.report.bends import plan_status, relaxation_words, subject_words
from pairing_planner.report.excel import column_width, workbook
from pairing_planner.report.frames import baseline_changes_frame, readable_pairs
from pairing_planner.report.parameter_words import parameter_name, parameter_value
from pairing_planner.result.plan import Plan, Result
from pairing_planner.rules.capabilities import binding_clauses, kind_label


def pair_clauses(instance: Instance, helper_id: str, recipient_id: str) -> str:
    """The clauses of the rules that bind this pair, in file order (e.g. "S5, S6, T4")."""
    helper, recipient = instance.helpers[helper_id], instance.recipients[recipient_id]
    return ", ".join(binding_clauses(instance, helper, recipient))


LEDGER_HEADERS = {
    "plan": N_("plan"),
    "recipient": N_("recipient school"),
    "county": N_("county"),
    "stage": N_("stage"),
    "helper": N_("helper school"),
    "helper_city": N_("helper city"),
    "distance_km": N_("distance (km)"),
    "cost": N_("cost"),
    "best_alternative": N_("other possible helper"),
    "alternative_cost_change": N_("cost change of this pair alone"),
    "alternative_not_taken": N_("why not taken"),
    "clauses": N_("clauses"),
    "bends": N_("bends"),
    "school_year": N_("school year"),
    "term": N_("term"),
    "by": N_("by"),
    "duty": N_("duty"),
    "minimum": N_("at least"),
    "person_responsible": N_("person responsible"),
    "planned_date": N_("planned date"),
    "done": N_("done"),
    "note": N_("note"),
    "school_id": N_("school id"),
    "school": N_("school"),
    "person": N_("person responsible"),
    "phone": N_("phone"),
    "change": N_("change"),
    "old": N_("before"),
    "new": N_("after"),
    "why": N_("why"),
    "field": N_("item"),
    "value": N_("value"),
    "exported": N_("exported on"),
    "activity_id": N_("activity id"),
    "start": N_("from"),
    "end": N_("to"),
    "place": N_("place"),
    "travels": N_("who travels"),
    "people": N_("people"),
    "instance": N_("instance"),
    "instance_sha256": N_("instance checksum (sha256)"),
    "status": N_("status"),
    "objective": N_("objective"),
    "relaxations": N_("relaxations"),
    "rule": N_("rule"),
    "subject_name": N_("about"),
    "tool_version": N_("tool version"),
    "ortools_version": N_("OR-Tools version"),
}
"""The ledger's column ids (and provenance items) as a clerk reads them: the headers under
``--lang zh``. Columns ``plan verify`` reads back take ``READ_BACK_HEADERS``; in English the
headers are the ids other systems join on."""


def ledger_header(column: str) -> str:
    """A column's header in the ledger: Chinese under zh, the id in English."""
    if current_language() != "zh":
        return column
    if column in READ_BACK_HEADERS:
        return READ_BACK_HEADERS[column]
    if column.startswith("cost_"):
        return f"{term_label(column.removeprefix('cost_'))}{_('cost')}"
    if column.startswith("parameter_"):
        return parameter_name(column.removeprefix("parameter_"))
    return _(LEDGER_HEADERS[column]) if column in LEDGER_HEADERS else column


def ledger_frames(
    instance: Instance,
    result: Result,
    plan: Plan,
    with_contacts: bool,
    year: int | None = None,
) -> dict[SheetName, pd.DataFrame]:
    """The ledger's sheets as DataFrames, by sheet (each named when written, in the language
    asked; the contacts sheet only when asked for, the changes sheet for a plan re-planned
    from a baseline); duties are for the school year that begins in ``year`` (default: the
    current one), with each pair's persons responsible when ``with_contacts`` (R2: 专人负责)."""
    pairs = readable_pairs(instance, plan)
    keys = list(zip(pairs["helper_id"], pairs["recipient_id"], strict=True))
    pairs.insert(len(pairs.columns), "clauses", [pair_clauses(instance, h, r) for h, r in keys])
    contacts = read_contacts(instance) if with_contacts else {}
    start = current_school_year(date.today()) if year is None else year
    sheets = {PAIRS: pairs, DUTY: _duties(instance, pairs, start, contacts)}
    if with_contacts:
        sheets[CONTACTS] = _contacts(instance, plan, contacts)
    if plan.changes is not None:
        sheets[CHANGES] = baseline_changes_frame(instance, plan.changes)
    if plan.relaxations:
        sheets[RELAXATIONS] = _relaxations(instance, plan)
    sheets[PROVENANCE] = _provenance(instance, result, plan)
    return sheets


def _duties(
    instance: Instance, pairs: pd.DataFrame, start: int, contacts: dict[str, Contact]
) -> pd.DataFrame:
    """One row per pair, duty and term: a duty due each term (M1) in both terms, the others
    once in the whole year; the person responsible is the acting school's, or both schools'."""
    rows = [
        {
            "recipient_id": row["recipient_id"],
            "recipient": row["recipient"],
            "helper_id": row["helper_id"],
            "helper": row["helper"],
            "school_year": school_year(start),
            "term": _(term),
            "clause": duty.clause,
            "by": _(duty.actor),
            "duty": _(duty.duty),
            "minimum": duty.minimum,
            "person_responsible": _responsible(duty.actor, row, contacts),
            "planned_date": "",
            "done": "",
            "note": "",
        }
        for row in pairs.to_dict("records")
        for duty in DUTIES[instance.data.program]
        for term in (TERMS if duty.per_term else (WHOLE_YEAR,))
    ]
    return pd.DataFrame(rows)


def _responsible(actor: str, row: Mapping[Hashable, object], contacts: dict[str, Contact]) -> str:
    """The person responsible for a duty: the acting school's (both schools' for a joint
    one), from the contacts file; empty without it."""
    schools = {"helper": ["helper_id"], "recipient": ["recipient_id"]}.get(
        actor, ["helper_id", "recipient_id"]
    )
    people = [contacts[str(row[s])].person for s in schools if str(row[s]) in contacts]
    return "、".join(p for p in people if p)


def _contacts(instance: Instance, plan: Plan, contacts: dict[str, Contact]) -> pd.DataFrame:
    """The person responsible and phone of every school of the plan, from the contacts file
    (R2: 专人负责); a school the file does not list has empty cells."""
    schools: list[School] = [instance.recipients[p.recipient] for p in plan.pairs]
    schools += [instance.helpers[h] for h in dict.fromkeys(p.helper for p in plan.pairs)]
    rows = [
        {
            "school_id": s.id,
            "school": s.name,
            "person": contacts[s.id].person or "" if s.id in contacts else "",
            "phone": contacts[s.id].phone or "" if s.id in contacts else "",
        }
        for s in schools
    ]
    return pd.DataFrame(rows)


def _relaxations(instance: Instance, plan: Plan) -> pd.DataFrame:
    """The rules a relaxed plan bends, one row each: the rule and what it is about in words
    (市名额, 济宁市初中), its clause, units and penalty, the sentence in the language of the
    export, and the rule kind's and subject's ids, which ``plan verify`` reads back (under
    zh the sheet said "city_quota" and "jining/junior" where a clerk reads, issue 30)."""
    declared = pd.DataFrame([asdict(r) for r in plan.relaxations]).drop(columns=["pairs", "said"])
    declared["message"] = relaxation_words(instance, plan)
    declared.insert(0, "rule", [kind_label(r.kind) for r in plan.relaxations])
    words = [subject_words(instance, r.subject) for r in plan.relaxations]
    declared.insert(2, "subject_name", words)
    ids = ["kind", "subject"]
    return declared[[c for c in declared.columns if c not in ids] + ids]


def _provenance(instance: Instance, result: Result, plan: Plan) -> pd.DataFrame:
    """Where the plan comes from, in words a clerk can read: the export date (a date cell),
    the plan's number and objective (number cells), the plan's own status (a relaxed plan
    says whether its bend is proven least, never OPTIMAL), and the parameters with "—" for
    none, yes/no for switches and numbers as number cells."""
    facts: dict[str, object] = {
        "exported": date.today(),
        "instance": result.instance,
        "instance_sha256": result.instance_sha256,
        "plan": plan.rank,
        "status": plan_status(plan),
        "objective": plan.objective,
        "relaxations": _("; ").join(relaxation_words(instance, plan)) or "—",
        "tool_version": result.tool_version,
        "ortools_version": result.ortools_version,
        **{f"parameter_{k}": parameter_value(k, v) for k, v in result.parameters.items()},
    }
    fields = [ledger_header(k) for k in facts]
    return pd.DataFrame({"field": fields, "value": list(facts.values())})


READ_BACK_ONLY = ("kind", "subject")
"""The relaxations sheet's id columns (city_quota, weihai/senior): ``plan verify`` reads them
back, a clerk reads the words beside them, so they are written hidden (user test of issue
30: the 编号 columns kept the ids in sight)."""

WIDTH_SAMPLE = 2000
"""Rows a column's width is fitted to: widths are capped anyway, and fitting a province's
60,000-row calendar to every cell took seconds."""


def write_ledger(path: Path, sheets: dict[SheetName, pd.DataFrame]) -> None:
    """Write the sheets, each named in the current language, with frozen headers, fitted
    widths and a dropdown on "done"; every cell typed as its value is (a date a date cell in
    the workbook's date format, a number a number cell). Rows go to xlsxwriter directly:
    through ``DataFrame.to_excel`` a 60,000-row sheet took 17 s."""
    with workbook(path) as book:
        for name, frame in sheets.items():
            sheet = book.add_worksheet(name.written())
            headers = [ledger_header(str(c)) for c in frame.columns]
            cells = frame.astype(object).where(frame.notna(), None)
            sheet.write_row(0, 0, headers, book.add_format({"bold": True}))
            for n, row in enumerate(cells.itertuples(index=False, name=None), start=1):
                sheet.write_row(n, 0, row)
            sheet.freeze_panes(1, 0)
            sample = cells.head(WIDTH_SAMPLE)
            for i, (column, header) in enumerate(zip(frame.columns, headers, strict=True)):
                width = column_width([header, *sample.iloc[:, i].tolist()])
                sheet.set_column(i, i, width, None, {"hidden": column in READ_BACK_ONLY})
            if "done" in frame.columns and len(frame):
                col = frame.columns.get_loc("done")
                choices = [_("yes"), _("no"), _("partly")]
                sheet.data_validation(
                    1, col, len(frame), col, {"validate": "list", "source": choices}
                )
