"""A school calendar from a bureau's sheet (.xlsx or .csv): one row per term and per blocked
period, as a clerk keeps it, with Chinese or English headers.

    类型  | 名称     | 开始       | 结束       | 市    | 学校
    学期  | 第一学期 | 2016-09-01 | 2017-01-20 |       |
    假期  | 国庆节   | 2016-10-01 | 2016-10-07 |       |
    考试  | 中考     | 2017-06-12 | 2017-06-16 | heze  |

A row whose kind is 学期 (term) is a term; any other kind (假期, 考试, blocked …) blocks its
days, for the province, a city or a school (by name or id, when the sheet is read for an
instance: :mod:`~pairing_planner.instance.bureau_files.calendar_names`). The school year is the one
the first term's September falls in; the limits and weights take their defaults.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.bureau_files.calendar_names import CalendarNames
from pairing_planner.instance.schema.calendar_models import Blocked, SchoolCalendar, TermDates
from pairing_planner.instance.schema.validation_messages import value_message
from pairing_planner.instance.spreadsheets.clerk_dates import clerk_date, not_a_date
from pairing_planner.instance.spreadsheets.tables import Columns, Row, Table, read_table

COLUMNS: Columns = {
    "kind": ("kind", "类型", "类别"),
    "name": ("name", "reason", "名称", "原因", "事由"),
    "start": ("start", "开始", "开始日期", "起始日期"),
    "end": ("end", "结束", "结束日期", "截止日期"),
    "city": ("city", "市", "地市"),
    "school": ("school", "学校", "学校编号"),
}
TERM_KINDS = {"term", "学期"}


def read_calendar_table(
    path: str | Path, sheet: str | None = None, names: CalendarNames | None = None
) -> SchoolCalendar:
    """The calendar a sheet holds; every bad row named by file, sheet, row and column. With
    ``names``, its cities and schools may be named as the instance names them."""
    return calendar_and_notes(path, sheet, names)[0]


def calendar_and_notes(
    path: str | Path, sheet: str | None = None, names: CalendarNames | None = None
) -> tuple[SchoolCalendar, list[Problem]]:
    """:func:`read_calendar_table`'s calendar and the notes on how the sheet was read (a
    footnote skipped, a merged cell filled), said on success too, as an import says them."""
    table = read_table(path, COLUMNS, sheet)
    terms: list[TermDates] = []
    blocked: list[Blocked] = []
    problems: list[Problem] = []
    for row in table.rows:
        start, end = _day(table, row, "start", problems), _day(table, row, "end", problems)
        named = row if names is None else _with_ids(table, row, names, problems)
        if start is None or end is None or named is None:
            continue
        try:
            if named.cells.get("kind", "").strip().lower() in TERM_KINDS:
                terms.append(
                    TermDates(name=named.cells.get("name") or _("term"), start=start, end=end)
                )
            else:
                blocked.append(_blocked(named, start, end))
        except ValidationError as exc:
            problems += [_row_problem(table, named, error) for error in exc.errors()]
    if not terms:
        problems.append(table.problem(_("no row of kind 学期 (term): a calendar needs its terms")))
    if problems:
        raise InputError(problems, table.notes)
    terms.sort(key=lambda t: t.start)
    first = terms[0].start
    try:
        calendar = SchoolCalendar(
            school_year=first.year if first.month >= 8 else first.year - 1,
            terms=terms,
            blocked=blocked,
        )
    except ValidationError as exc:
        message = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise InputError([table.problem(message)], table.notes) from None
    return calendar, table.notes


FIELD_COLUMNS = {"reason": "name", "city": "city", "school": "school", "start": "start"}
"""The column of the sheet each field of a blocked period comes from (any other: 结束)."""

NOT_AN_ID = {
    "city": N_(
        "'{value}' is not a city's id: write the id the instance file gives the city, or leave "
        "the cell empty to block the days for every city"
    ),
    "school": N_(
        "'{value}' is not a school's id: write the id the instance file gives the school (its "
        "编号 in the plan), or leave the cell empty"
    ),
}
"""What a sheet read without an instance says of a city or school cell that is no id. It names
no example: read with an instance, a name is turned into its id first and an unknown one is
answered with the instance's own first city (:mod:`calendar_names`); read alone, the sheet's
cities are unknown, and the shipped Heze file's heze (菏泽市) is no city of another instance."""


def _row_problem(table: Table, row: Row, error: ErrorDetails) -> Problem:
    """What is wrong with a row of the sheet, in the planner's words, at the column it comes
    from (an id column holding a name said "String should match pattern" at 结束, issue 30)."""
    field = str(error["loc"][0]) if error["loc"] else "end"
    column = FIELD_COLUMNS.get(field, "end")
    if field in NOT_AN_ID and error["type"] == "string_pattern_mismatch":
        message = _(NOT_AN_ID[field]).format(value=row.cells.get(column, ""))
    else:
        message = value_message(error["type"], error.get("ctx") or {}, error["msg"])
    return table.problem(message, row.number, column)


def _with_ids(table: Table, row: Row, names: CalendarNames, problems: list[Problem]) -> Row | None:
    """``row`` with its city and school cells as the ids they name, or None with a problem
    at each cell that names none."""
    cells = dict(row.cells)
    for column in ("city", "school"):
        text = cells.get(column, "")
        found = names.id_of(column, text) if text else ""
        if found is None:
            problems.append(table.problem(names.not_there(column, text), row.number, column))
            return None
        cells[column] = found
    return replace(row, cells=cells)


def _blocked(row: Row, start: date, end: date) -> Blocked:
    reason = row.cells.get("name") or row.cells.get("kind") or _("blocked")
    return Blocked(
        start=start,
        end=end,
        reason=reason,
        city=row.cells.get("city") or None,
        school=row.cells.get("school") or None,
    )


def _day(table: Table, row: Row, key: str, problems: list[Problem]) -> date | None:
    """A cell as a date (:func:`~pairing_planner.instance.spreadsheets.clerk_dates.clerk_date`), or
    None with a problem naming the cell."""
    text = row.cells.get(key, "")
    day = clerk_date(text)
    if day is None:
        problems.append(table.problem(not_a_date(text), row.number, key))
    return day
