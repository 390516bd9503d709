"""The one error a user ever sees: bad input, named by file, line and field.

Every layer raises :class:`InputError` for anything a planner can fix; the CLI turns it into a
message and exit code 2 without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pairing_planner.i18n import _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, where it is and what to do about it."""

    message: str
    file: Path | None = None
    line: int | None = None
    field: str | None = None
    sheet: str | None = None
    """In a table (a spreadsheet or CSV list): the workbook's sheet, "" for a CSV; ``line``
    is then the row as Excel numbers it, and ``field`` the column's header."""

    def where(self) -> str:
        """``file:line`` (1-based) as editors understand it, ``file [sheet], row N`` in a
        table, or what part of it is known."""
        if self.file is None:
            return ""
        if self.sheet is not None:
            sheet = f" [{self.sheet}]" if self.sheet else ""
            row = _(", row {row}").format(row=self.line) if self.line is not None else ""
            return f"{self.file}{sheet}{row}"
        return f"{self.file}:{self.line}" if self.line is not None else str(self.file)

    def __str__(self) -> str:
        label = _("column '{name}'") if self.sheet is not None else _("field '{name}'")
        parts = [
            p for p in (self.where(), label.format(name=self.field) if self.field else "") if p
        ]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


MAX_SHOWN = 100
"""Most problems, and most notes, that are printed at once: a hostile list can have a problem
in each of its 250,000 rows; the first hundred say what is wrong, and a count the rest."""


def first_shown(items: list[Problem]) -> tuple[list[Problem], int]:
    """The first :data:`MAX_SHOWN` of ``items``, and how many are left out."""
    return items[:MAX_SHOWN], max(0, len(items) - MAX_SHOWN)


class InputError(Exception):
    """Bad input a planner can fix; carries every :class:`Problem` found, not just the first,
    and the ``notes`` made on the way (what was kept as written or skipped), which the planner
    fixing the problems wants to see as well."""

    def __init__(self, problems: list[Problem], notes: list[Problem] | None = None) -> None:
        self.problems = problems
        self.notes = notes or []
        shown, more = first_shown(problems)
        lines = [str(p) for p in shown] + ([more_problems(more)] if more else [])
        super().__init__("\n".join(lines))


def more_problems(n: int) -> str:
    """The line that stands for problems left out."""
    return _("{n:,} more problems are not shown; fix those above and run again").format(n=n)
