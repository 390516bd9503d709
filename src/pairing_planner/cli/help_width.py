"""``--help`` wrapped by the columns a line takes on the terminal, not by its characters.

Click wraps help by counting characters, but a Chinese character takes two columns, so
under ``--lang zh`` at 80 columns its lines ran to 86–140 (user test of issue 30). This
formatter measures every line in terminal cells (rich's ``cell_len``) and breaks where
:mod:`pairing_planner.report.line_breaks` says a line may break: between Chinese
characters, at spaces, never before a closing mark such as ``，`` or ``）``.
"""

from __future__ import annotations

from collections.abc import Iterable

import click
from rich.cells import cell_len

from pairing_planner.i18n import _
from pairing_planner.report.line_breaks import line_spans


def wrapped(text: str, widths: tuple[int, int]) -> list[str]:
    """``text``'s lines, the first at most ``widths[0]`` cells wide and the others
    ``widths[1]``: its paragraphs (parted by a blank line) wrapped apart, a blank line
    between them; a paragraph that starts with a ``\\b`` line kept as written, as click
    keeps it."""
    lines: list[str] = []
    for paragraph in _paragraphs(text):
        if lines:
            lines.append("")
        if paragraph[0].strip() == "\b":
            lines += paragraph[1:]
            continue
        indent = cell_len(paragraph[0]) - cell_len(paragraph[0].lstrip())
        joined = " ".join(line.strip() for line in paragraph)
        first, later = (widths[0] if not lines else widths[1]), widths[1]
        spans = line_spans(joined, (max(1, first - indent), max(1, later - indent)))
        lines += [" " * indent + joined[a:b] for a, b in spans]
    return lines


def _paragraphs(text: str) -> list[list[str]]:
    """``text``'s paragraphs, each its lines, as click parts them: at blank lines."""
    found: list[list[str]] = [[]]
    for line in text.expandtabs().splitlines():
        if line:
            found[-1].append(line)
        elif found[-1]:
            found.append([])
    return [p for p in found if p]


class CellFormatter(click.HelpFormatter):
    """Click's help formatter with every width measured in terminal cells."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{prefix if prefix is not None else _('Usage:') + ' ':>{self.current_indent}}{prog}"
        if not args:
            self.write(head + "\n")
            return
        head += " "
        width = self.width - self.current_indent
        lines = wrapped(args, (width - cell_len(head), width - cell_len(head)))
        self.write(head + ("\n" + " " * cell_len(head)).join(lines) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(" " * self.current_indent + _("{heading}:").format(heading=heading) + "\n")

    def write_text(self, text: str) -> None:
        width = self.width - self.current_indent
        for line in wrapped(text, (width, width)):
            self.write((" " * self.current_indent + line).rstrip() + "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((cell_len(term) for term, _text in rows), default=0), col_max)
        first_col += col_spacing
        indent = " " * self.current_indent
        width = max(self.width - first_col - 2, 10)
        for term, text in rows:
            self.write(indent + term)
            if not text:
                self.write("\n")
                continue
            if cell_len(term) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrapped(text, (width, width)) or [""]
            hanging = " " * (first_col + self.current_indent)
            self.write(lines[0] + "".join("\n" + f"{hanging}{line}".rstrip() for line in lines[1:]))
            self.write("\n")


class CellContext(click.Context):
    """A command's context whose help is formatted by :class:`CellFormatter`."""

    formatter_class = CellFormatter
