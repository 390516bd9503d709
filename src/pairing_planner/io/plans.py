"""Reading the pairs of a plan to verify: ``plans.json`` (one plan of it), a CSV a planner
edited, with ``helper_id`` and ``recipient_id`` columns (as ``plan-K.csv`` has them), or the
ledger workbook (its pairs sheet, and the relaxations it declares); with what the file says
of each school besides its id (recorded names and places, or the rows' name columns)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _, listing
from pairing_planner.instance.spreadsheets.csv_records import csv_dicts
from pairing_planner.instance.spreadsheets.workbook_reader import open_workbook
from pairing_planner.instance.yaml_files.yaml_source import MAX_RESULT_BYTES, read_text
from pairing_planner.io.csv_cells import from_csv_cell
from pairing_planner.io.sheet_names import PAIRS, RELAXATIONS
from pairing_planner.result.identity import PLACE_COLUMNS, SCHOOL_COLUMNS, PlanRow
from pairing_planner.result.plan import Relaxation, Result, SchoolIdentity

if TYPE_CHECKING:
    import pandas as pd

CSV_COLUMNS = ("helper_id", "recipient_id")

READ_BACK_HEADERS = {
    "helper_id": "帮扶学校编号",
    "recipient_id": "被帮扶学校编号",
    "plan": "方案",
    "recipient": "被帮扶学校",
    "county": "县（市、区）",
    "helper": "帮扶学校",
    "helper_city": "帮扶学校所在市",
    "kind": "规则类型编号",
    "clause": "条款",
    "subject": "对象编号",
    "amount": "数量",
    "message": "说明",
    "penalty": "罚分",
    "activity_id": "活动编号",
    "duty": "任务",
    "start": "开始",
    "end": "结束",
    "done": "完成情况",
}
"""The Chinese headers of the ledger's columns that ``plan verify`` reads back (the ledger
under ``--lang zh`` writes them, :mod:`pairing_planner.report.ledger`); either these or the
ids are accepted."""

EARLIER_HEADERS = {"kind": "规则类型", "subject": "对象"}
"""The relaxations sheet's id columns as ledgers before issue 30 headed them (the sheet now
words the rule and its subject beside them, so their headers say 编号); read when the
current header is absent."""

ROW_COLUMNS = ("plan", *SCHOOL_COLUMNS, *PLACE_COLUMNS, *CSV_COLUMNS)
"""The cells of a plan row kept besides its pair: the plan number, and the names and places
that say which schools its ids stand for."""


@dataclass(frozen=True)
class PlanFile:
    """What a plan file says: its pairs, the relaxations it declares (plans.json only), and
    what it says of its schools besides their ids: the names and places ``plans.json``
    records, or the rows of a CSV or ledger with their name, place and plan cells."""

    pairs: list[tuple[str, str]]
    relaxations: list[Relaxation] = field(default_factory=list)
    schools: dict[str, SchoolIdentity] = field(default_factory=dict)
    rows: list[PlanRow] = field(default_factory=list)

    @property
    def names_schools(self) -> bool:
        """Whether the file names its schools, so its ids can be checked against an
        instance (a plans.json of format 1, or a CSV of ids alone, cannot be)."""
        return bool(self.schools) or any(
            row.cells.get(column) for row in self.rows for column in SCHOOL_COLUMNS
        )

    @property
    def names(self) -> dict[str, str]:
        """Each school's name as the file gives it, by id: recorded in ``plans.json``, or
        the name cells of a CSV's or ledger's rows, so a change report names a school the
        new instance no longer has (T3, T4), whichever file the baseline was."""
        found = {
            row.cells[id_column]: row.cells[column]
            for row in self.rows
            for column, id_column in SCHOOL_COLUMNS.items()
            if row.cells.get(column) and row.cells.get(id_column)
        }
        return found | {k: school.name for k, school in self.schools.items()}


def read_plan(path: str | Path, rank: int = 1) -> PlanFile:
    """Plan ``rank`` of ``path``: (helper id, recipient id) pairs and declared relaxations."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _from_xlsx(path)
    text = read_text(path, what=N_("plan file"), limit=MAX_RESULT_BYTES)
    if path.suffix.lower() == ".json":
        return _from_json(text, path, rank)
    if path.suffix.lower() == ".csv":
        return _from_csv(text, path)
    raise InputError([Problem(_("a plan file must be .json (plans.json), .csv or .xlsx"), path)])


def _from_json(text: str, path: Path, rank: int) -> PlanFile:
    result = Result.from_json(text, path)
    for plan in result.plans:
        if plan.rank == rank:
            pairs = [(p.helper, p.recipient) for p in plan.pairs]
            named = {s for pair in pairs for s in pair}
            schools = {k: v for k, v in result.schools.items() if k in named}
            return PlanFile(pairs, plan.relaxations, schools)
    ranks = listing(str(p.rank) for p in result.plans) or _("none")
    message = _("there is no plan {rank} in this file (plans: {ranks})")
    raise InputError([Problem(message.format(rank=rank, ranks=ranks), path)])


def _from_xlsx(path: Path) -> PlanFile:
    """The pairs sheet of a ledger (by its name in either language, or the bilingual one of
    older ledgers; else the first sheet), read like a CSV plan, and the relaxations a ledger
    of a relaxed plan declares on its relaxations sheet; each sheet checked against the caps
    before it is read."""
    book = open_workbook(path)
    first = _with_ids(book.sheet(PAIRS.find(book.names)).frame())
    if "activity_id" in first.columns:
        message = _(
            "this is a calendar sheet (calendar.xlsx), one row per activity, not a plan; to "
            "verify the plan give its ledger, plan-K.csv or plans.json, and the calendar with "
            "--calendar calendar.json"
        )
        raise InputError([Problem(message, path)])
    plan = _from_csv(first.to_csv(index=False), path)
    declared = RELAXATIONS.find(book.names)
    if declared is None:
        return plan
    relaxations = _relaxations(_with_ids(book.sheet(declared).frame()), path)
    return PlanFile(plan.pairs, relaxations, rows=plan.rows)


def _with_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the Chinese headers of read-back columns renamed to their ids."""
    frame = frame.rename(columns={zh: key for key, zh in READ_BACK_HEADERS.items()})
    earlier = {zh: key for key, zh in EARLIER_HEADERS.items() if key not in frame.columns}
    return frame.rename(columns=earlier)


def _relaxations(frame: pd.DataFrame, path: Path) -> list[Relaxation]:
    """The rows of a relaxations sheet as :class:`Relaxation` s (the pairs that bend each are
    marked on the pairs sheet, and the verifier finds them itself)."""
    names = [f.name for f in fields(Relaxation) if f.name not in ("pairs", "said")]
    missing = [n for n in names if n not in frame.columns]
    if missing:
        message = _("the relaxations sheet lacks the column(s) {missing}")
        message = message.format(missing=listing(missing))
        raise InputError([Problem(message, path)])
    try:
        return [
            Relaxation(
                **{n: row[n] for n in names}
                | {"amount": int(row["amount"]), "penalty": int(row["penalty"])}
            )
            for row in frame.to_dict("records")
        ]
    except ValueError:
        raise InputError(
            [Problem(_("the relaxations sheet's amount and penalty must be whole numbers"), path)]
        ) from None


def _from_csv(text: str, path: Path) -> PlanFile:
    """The pairs of a plan CSV, and each row's cells that say which schools and which plan
    it stands for."""
    header, rows = csv_dicts(path, text)
    # each column's id, and its header as the file writes it: the id, or the Chinese header
    # of a plan-K.csv written under zh
    ids = {zh: key for key, zh in READ_BACK_HEADERS.items()}
    written = {ids.get(h, h): h for h in header}
    missing = [c for c in CSV_COLUMNS if c not in written]
    if missing:
        message = _("the plan CSV lacks the column(s) {missing}")
        message = message.format(missing=listing(missing))
        raise InputError([Problem(message, path, 1)])
    kept = [c for c in ROW_COLUMNS if c in written]
    pairs, plan_rows, problems = [], [], []
    for line, row in rows:
        cells = {c: from_csv_cell(row[written[c]].strip()) for c in kept}
        helper, recipient = (cells[c] for c in CSV_COLUMNS)
        if not helper or not recipient:
            problems.append(Problem(_("a row lacks a helper_id or recipient_id"), path, line))
        pairs.append((helper, recipient))
        plan_rows.append(PlanRow(line, cells))
    if problems:
        raise InputError(problems)
    return PlanFile(pairs, rows=plan_rows)
