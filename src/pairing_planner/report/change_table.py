"""A re-planned result's change report in the terminal: the counts against the baseline, then one
row per move, school and load change (T3, T4).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.report.fitted_tables import print_table
from pairing_planner.report.frames import baseline_changes_frame
from pairing_planner.report.line_breaks import Names, Wrapped, instance_names
from pairing_planner.result.baseline_changes import Changes

SHORT_REASON = 16
"""Widest reason (in terminal cells) kept on one line in the change table: 原方案中没有 (12)
read over three lines of four cells at 80 columns; a long reason still wraps."""


def render_changes(console: Console, instance: Instance, changes: Changes) -> None:
    """Against the baseline plan: the counts, then one row per move, school and load change."""
    counted = changes.counts()
    counts = _(
        "Against the baseline {source}: {kept} pair(s) kept, {moved} recipient(s) moved "
        "({forced} forced by the new instance), {new} new, {gone} removed."
    ).format(source=changes.source, gone=counted["removed"], **counted)
    names = instance_names(instance)
    console.print(Wrapped(counts, names))
    frame = baseline_changes_frame(instance, changes)
    if frame.empty:
        return
    table = Table(title=_("Changes against the baseline"), title_justify="left")
    for column in (_("change"), _("school"), _("old"), _("new"), _("why")):
        table.add_column(column, overflow="fold")
    for row in frame.itertuples(index=False):
        why = str(row.why)
        table.add_row(
            str(row.change),
            str(row.school),
            *(Wrapped(str(text), names) for text in (row.old, row.new)),
            Wrapped(why, names | Names([why]) if cell_len(why) <= SHORT_REASON else names),
        )
    print_table(console, table)
