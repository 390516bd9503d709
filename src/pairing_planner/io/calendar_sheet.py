"""The calendar sheet a bureau keeps (``calendar.xlsx``, R2's 台账) read back: each activity's
pair, clause, dates and what the bureau wrote in its "done" column."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _, current_language, listing
from pairing_planner.instance.spreadsheets.clerk_dates import clerk_date, not_a_date
from pairing_planner.instance.spreadsheets.tables import cell_problem
from pairing_planner.instance.spreadsheets.workbook_reader import open_workbook
from pairing_planner.io.plans import READ_BACK_HEADERS
from pairing_planner.io.sheet_names import CALENDAR, PAIRS

COLUMNS = ("activity_id", "helper_id", "recipient_id", "clause", "start", "end", "done")
"""What tracking reads; the headers may be the ids or the Chinese ones the sheet is written
with under ``--lang zh``."""

TICKS = {"√", "✓", "✔", "☑"}
DONE = {"yes", "done", "y", "1", "true", "ok", "是", "已完成", "完成", "对", "好", *TICKS}
"""Marks a clerk writes for done: a tick in any of its forms (√ is what a Chinese input method
gives), 是, 完成, 对 (issue 30: "√" counted as not done)."""
CROSSES = {"x", "×", "✗", "✘", "☐"}
NOT_DONE = {"", "no", "n", "0", "false", "否", "未", "未完成", "没有", "无", *CROSSES}
"""Marks for not done, the empty cell among them."""
PARTLY = {"partly", "部分", "部分完成"}
NOT_A_WORKBOOK = N_(
    "plan progress reads only an .xlsx workbook, not a {suffix} file: give calendar.xlsx as "
    "plan calendar RESULT writes it, with its done column filled in (a sheet saved as CSV: "
    "open it in Excel and save it as an Excel workbook, .xlsx)"
)
A_LEDGER = N_(
    "this is the pairing ledger (plan export), not the calendar: progress is tracked on "
    "calendar.xlsx, which plan calendar RESULT writes; fill in its done column (完成情况) and "
    "give that file"
)


@dataclass(frozen=True)
class TrackedActivity:
    """One row of the calendar sheet as the bureau has filled it in."""

    activity_id: str
    helper: str
    recipient: str
    clause: str
    start: date
    end: date
    status: str
    """``done``, ``partly``, ``open`` (empty, "no", 否, x) or ``unclear`` (a mark none of
    these, counted as not done and named in the progress)."""
    mark: str = ""
    """What the bureau wrote in the done column."""
    row: int = 0
    """The row as Excel numbers it."""
    duty: str = ""
    """The duty as the sheet words it (任务): H1 holds two duties, and an overdue one is named
    by its own (issue 30); empty in a sheet without the column."""


def read_calendar_sheet(path: Path) -> list[TrackedActivity]:
    """The rows of a calendar workbook's calendar sheet (by its name in either language, or
    the bilingual one of older calendars; else the first sheet); a missing column, or a date
    that is not one, is named with the row as Excel numbers it and the column as the sheet
    heads it. A date reads as a school calendar's does
    (:func:`~pairing_planner.instance.spreadsheets.clerk_dates.clerk_date`): a date cell, or text
    typed 2017-02-13, 2017/2/13, 2017.2.13 or 2017年2月13日."""
    if path.suffix.lower() != ".xlsx":
        message = _(NOT_A_WORKBOOK).format(suffix=path.suffix or _("(no extension)"))
        raise InputError([Problem(message, path)])
    book = open_workbook(path)
    name = CALENDAR.find(book.names)
    if name is None and PAIRS.find(book.names) is not None:
        raise InputError([Problem(_(A_LEDGER), path)])
    name = name or book.names[0]
    frame = book.sheet(name).frame()
    headers = {key: zh if zh in frame.columns else key for key, zh in READ_BACK_HEADERS.items()}
    frame = frame.rename(columns={zh: key for key, zh in READ_BACK_HEADERS.items()})
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        message = _(
            "the calendar sheet lacks the column(s) {missing}; give calendar.xlsx, as plan "
            "calendar RESULT writes it, with the done column filled in"
        )
        named = listing([_column_header(c) for c in missing])
        raise InputError([Problem(message.format(missing=named), path)])
    rows, problems = [], []
    for n, row in enumerate(frame.to_dict("records"), start=2):
        start, end = clerk_date(row["start"]), clerk_date(row["end"])
        problems += [
            cell_problem(path, name, not_a_date(row[key]), n, headers[key])
            for key, day in (("start", start), ("end", end))
            if day is None
        ]
        if start is None or end is None:
            continue
        rows.append(
            TrackedActivity(
                activity_id=row["activity_id"],
                helper=row["helper_id"],
                recipient=row["recipient_id"],
                clause=row["clause"],
                start=start,
                end=end,
                status=_status(row["done"]),
                mark=row["done"].strip(),
                row=n,
                duty=str(row.get("duty") or "").strip(),
            )
        )
    if problems:
        raise InputError(problems)
    return rows


def _column_header(column: str) -> str:
    """A column as calendar.xlsx heads it in the language asked."""
    return READ_BACK_HEADERS[column] if current_language() == "zh" else column


def _status(text: str) -> str:
    """What a done mark says: full-width letters and digits read as their ASCII forms."""
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    if cleaned in DONE:
        return "done"
    if cleaned in PARTLY:
        return "partly"
    return "open" if cleaned in NOT_DONE else "unclear"
