"""``plan compare`` in the terminal: two plans' objectives and terms side by side, then each
recipient whose helper changes, swaps of interchangeable schools said as such.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pairing_planner.i18n import _, listing
from pairing_planner.instance.index.instance import Instance
from pairing_planner.objective import term_label
from pairing_planner.report.fitted_tables import print_table
from pairing_planner.report.frames import changes_frame
from pairing_planner.report.line_breaks import Wrapped, instance_names
from pairing_planner.result.compare import Comparison


def render_comparison(console: Console, instance: Instance, comparison: Comparison) -> None:
    """Objective and terms side by side, then each recipient whose helper changes."""
    a, b = comparison.label_a, comparison.label_b
    table = Table(title=_("Plan {a} against plan {b}").format(a=a, b=b), title_justify="left")
    for column in ("", a, b, "Δ"):
        table.add_column(column, justify="right" if column else "left")
    rows = [(_("objective"), comparison.objective_a, comparison.objective_b)]
    for term in sorted(comparison.terms_a.keys() | comparison.terms_b.keys()):
        rows.append(
            (term_label(term), comparison.terms_a.get(term, 0.0), comparison.terms_b.get(term, 0.0))
        )
    for name, x, y in rows:
        table.add_row(name, f"{x:.2f}", f"{y:.2f}", f"{y - x:+.2f}")
    print_table(console, table)
    names = instance_names(instance)
    if not comparison.changes:
        console.print(_("The two plans are the same: no recipient has another helper."))
        return
    places = instance.places
    count = _(
        "{n} recipient(s) with another helper, in {counties}; cities whose helper schools "
        "change: {cities}"
    ).format(
        n=len(comparison.changes),
        counties=listing([places[c].name for c in comparison.counties]),
        cities=listing([places[c].name for c in comparison.cities]) or _("none"),
    )
    console.print(Wrapped(count, names))
    if comparison.swapped:
        console.print(Wrapped(_swaps_line(instance, comparison), names))
    frame = changes_frame(instance, comparison)
    changes = Table(title=_("Pairs that differ"), title_justify="left")
    for column in (_("recipient"), a, b):
        changes.add_column(column, overflow="fold")
    changes.add_column(_("cost change"), justify="right")
    if comparison.swapped:
        changes.add_column(_("only a swap"))
    for row in frame.to_dict("records"):
        swap = [_("yes") if row["swap"] else ""] if comparison.swapped else []
        changes.add_row(
            row["recipient"],
            Wrapped(row[f"helper_{a}"], names),
            Wrapped(row[f"helper_{b}"], names),
            f"{row['cost_change']:+.2f}",
            *swap,
        )
    print_table(console, changes)


def _swaps_line(instance: Instance, comparison: Comparison) -> str:
    """How much of two plans' difference is only swaps of interchangeable schools, naming
    the schools swapped: such plans are one plan to a planner."""
    schools = {**instance.helpers, **instance.recipients}
    groups = _("; ").join(listing([schools[s].name for s in g]) for g in comparison.swapped)
    if comparison.real_changes == 0:
        return _(
            "The plans are the same up to swaps of interchangeable schools ({groups}): no rule "
            "and no cost tells these apart, so no recipient's helper changes in a way that "
            "matters."
        ).format(groups=groups)
    return _(
        "Of these, {swaps} only swap interchangeable schools ({groups}) and {real} are real "
        "changes."
    ).format(
        swaps=len(comparison.changes) - comparison.real_changes,
        groups=groups,
        real=comparison.real_changes,
    )
