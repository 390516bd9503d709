"""Tables that fit the terminal without breaking a name (issue 30: at 80 columns 牡丹区第二 /
十二中学).

A table that fits at its natural width is printed as it is: a wide terminal uses its width.
Else its columns are given widths that leave every cell its widest unbreakable piece (a name,
a word; :mod:`pairing_planner.report.line_breaks`), taking from the widest columns first,
where rich would squeeze them evenly and cut names. When even that is too wide, a narrower
layout of the same rows is tried where the caller has one (a relaxed plan's bends on a line
under each pair instead of in a column), and when none fits, each row of the table is
printed as a block: its first cell as a heading, then "header value" items filled into lines
that never break inside a value's name.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from pairing_planner.report.line_breaks import NO_NAMES, Names, Wrapped, wrapped_lines

BLOCK_INDENT = "  "
"""The indent of a block's items under its heading."""


def print_table(console: Console, table: Table, narrower: Table | None = None) -> None:
    """``table`` as it is, or with widths that break no name, or else ``narrower`` (the same
    rows laid out in fewer columns) so, or else one block per row of ``table``."""
    for fitting in (table, narrower):
        if fitting is not None and _fits(console, fitting):
            console.print(fitting)
            return
    _print_blocks(console, table)


def _fits(console: Console, table: Table) -> bool:
    """Whether ``table`` fits the console with no cell narrower than its widest piece; when it
    fits only narrower than its natural width, its columns' widths are fixed so that it does."""
    options = console.options.update_width(10**6)
    padding = [_padding(table, i) for i in range(len(table.columns))]
    least, most = [], []
    for column, pad in zip(table.columns, padding, strict=True):
        found = [Measurement.get(console, options, cell) for cell in [column.header, *column.cells]]
        widest = max(m.maximum for m in found)
        least.append(pad + (widest if column.no_wrap else max(m.minimum for m in found)))
        most.append(pad + widest)
    room = console.width - _borders(table)
    if sum(most) <= room:
        return True
    if sum(least) > room:
        return False
    widths = list(most)
    for _step in range(sum(most) - room):
        shrinkable = [i for i, w in enumerate(widths) if w > least[i]]
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    for column, width, pad in zip(table.columns, widths, padding, strict=True):
        column.width = width - pad
    return True


def _padding(table: Table, index: int) -> int:
    """The cells' padding left and right in column ``index``."""
    _top, right, _bottom, left = table.padding
    first, last = index == 0, index == len(table.columns) - 1
    if not table.pad_edge:
        left, right = (0 if first else left), (0 if last else right)
    return left + right


def _borders(table: Table) -> int:
    """The cells the table's lines take across."""
    if table.box is None:
        return 0
    return len(table.columns) - 1 + (2 if table.show_edge else 0)


def _print_blocks(console: Console, table: Table) -> None:
    """Each row as a heading (its first cell) and its other cells as "header value" items,
    an item kept on one line where a line holds it, else broken only where its cell may break
    (never inside its header: 出 / 行方, issue 30)."""
    if table.title:
        console.print(table.title, style="bold", highlight=False)
    columns = [(_plain(c.header), list(c.cells)) for c in table.columns]
    width = console.width - len(BLOCK_INDENT)
    for row in range(table.row_count):
        heading = _plain(columns[0][1][row])
        console.print(Wrapped(Text(heading, style="bold"), Names([heading])))
        items, kept = [], NO_NAMES
        for header, cells in columns[1:]:
            cell, value = cells[row], _plain(cells[row])
            if value:
                item = f"{header} {value}" if header else value
                items.append(item)
                if isinstance(cell, Wrapped) and cell_len(item) > width:
                    kept |= cell.names | Names([header])
                else:
                    kept |= Names([item])
        for line in wrapped_lines(Text(" · ".join(items)), width, kept) if items else []:
            console.print(BLOCK_INDENT + line.plain, highlight=False, no_wrap=True, crop=False)


def _plain(cell: RenderableType | None) -> str:
    """A cell's characters, without their styles."""
    if isinstance(cell, Wrapped):
        return cell.text.plain
    if isinstance(cell, Text):
        return cell.plain
    return "" if cell is None else str(cell)
