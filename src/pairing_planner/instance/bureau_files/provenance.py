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

from pairing_planner.i18n import _
from pairing_planner.instance.schema.base_models import Name, Strict
from pairing_planner.instance.spreadsheets.file_caps import MAX_ROWS

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
    if source.sheet is None:
        return _("{file}, row {row}").format(file=source.file, row=source.row)
    return _("{file}, sheet {sheet}, row {row}").format(
        file=source.file, sheet=source.sheet, row=source.row
    )


def cite(path: Path | None, line: int | None, source: Source | None) -> str:
    """Where a finding is: ``file:line``, with the school's source beside it when it has one
    (``菏泽2016.yaml:821 (名单.xlsx, sheet 附件, row 14)``); the source alone when there is
    no file (a part of an instance built in memory); "" when neither is known."""
    at = f"{path}:{line}" if path is not None and line is not None else ""
    if source is None:
        return at
    if not at:
        return cite_source(source)
    return _("{where} ({source})").format(where=at, source=cite_source(source))
