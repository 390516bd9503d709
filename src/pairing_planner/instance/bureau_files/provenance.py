"""Where a school was typed: the bureau's list, its sheet and the row a clerk sees.

``plan import`` writes an instance a planner never typed; a warning that points only to
``菏泽2016.yaml:821`` sends the clerk to a file they do not know. So each school read from a
table keeps its :class:`Source`, the instance file (or the tables beside it) keeps it, and
``plan check``, ``plan solve`` and ``plan verify`` cite it beside the instance line:
``菏泽2016.yaml:821 (名单.xlsx, sheet 附件, row 14)``. A school typed into the instance itself
has none: its line is where it was typed.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field

from pairing_planner.i18n import N_
from pairing_planner.instance.schema.base_models import Name, Strict
from pairing_planner.instance.spreadsheets.file_caps import MAX_ROWS
from pairing_planner.said import Said, named, said

SOURCE_COLUMNS = ("source_file", "source_sheet", "source_row")
"""The columns of a school table that hold each school's source: the tables ``plan import``
writes beside a long list's instance carry the bureau's rows through."""


class Source(Strict):
    """The list a school was imported from (``plan import``) or read from (a table the
    instance references): file, sheet and row as the clerk finds them in Excel."""

    file: Name = Field(
        description="The list's file: relative to the instance when it lies in the instance's "
        "folder, else its name alone (never an absolute path)."
    )
    sheet: Name | None = Field(default=None, description="The workbook's sheet; none for a CSV.")
    row: int = Field(ge=1, le=MAX_ROWS, description="The row as Excel numbers it.")


def source_file(table: Path, instance: Path | None) -> str:
    """How a source names ``table`` for an instance written to ``instance``: relative to the
    instance's folder when the table lies in it (or below), else the table's name alone, so
    that no absolute path (a home folder, a user's name) goes into a file that is shared."""
    if instance is not None:
        folder = os.path.abspath(instance.parent)
        where = os.path.abspath(table)
        if os.path.commonpath([folder, where]) == folder:
            return Path(os.path.relpath(where, folder)).as_posix()
    return table.name


def cite_source(source: Source) -> str:
    """``名单.xlsx, sheet 附件, row 14`` (``名单.xlsx 附件 第14行`` in Chinese)."""
    return _source_said(source).text()


def _source_said(source: Source) -> Said:
    if source.sheet is None:
        return said(N_("{file}, row {row}"), file=source.file, row=source.row)
    return said(
        N_("{file}, sheet {sheet}, row {row}"), file=source.file, sheet=source.sheet, row=source.row
    )


def cite(path: Path | None, line: int | None, source: Source | None) -> str:
    """Where a finding is: ``file:line``, with the school's source beside it when it has one
    (``菏泽2016.yaml:821 (名单.xlsx, sheet 附件, row 14)``); the source alone when there is
    no file (a part of an instance built in memory); "" when neither is known."""
    at = cite_said(path, line, source)
    return "" if at is None else at.text()


def cite_said(path: Path | None, line: int | None, source: Source | None) -> Said | None:
    """:func:`cite` by message ids, for a result that records its warnings so (a reader in
    the other language sees 第 14 行 or row 14); None when nothing is known."""
    at = named(f"{path}:{line}") if path is not None and line is not None else None
    if source is None:
        return at
    if at is None:
        return _source_said(source)
    return said(N_("{where} ({source})"), where=at, source=_source_said(source))
