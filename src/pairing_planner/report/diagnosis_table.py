"""Why no plan keeps every rule, in the terminal: the counting arguments found before
solving, then the conflicting rules by kind, each with its clause."""

from __future__ import annotations

from rich.console import Console

from pairing_planner.i18n import _, ngettext
from pairing_planner.report.line_breaks import Names, Wrapped
from pairing_planner.result.plan import Diagnosis
from pairing_planner.rules.capabilities import kind_label

SHOWN_ALIKE = 20
"""Findings of one kind, or counting arguments, printed before the rest are counted: one
cause gave a 5,000-school list 13,443 lines of ``plan check`` and 10,979 of ``plan solve``."""


def render_diagnosis(console: Console, diagnosis: Diagnosis, names: Names) -> None:
    """Why no plan keeps every rule: counting arguments, then the conflicting rules by kind;
    ``names`` are kept whole where lines break."""
    console.print(_("No plan keeps every rule."), style="bold red")
    for line in diagnosis.structural[:SHOWN_ALIKE]:
        console.print(Wrapped(f"  {line}", names, indent=2))
    more = len(diagnosis.structural) - SHOWN_ALIKE
    if more > 0:
        said = ngettext(
            "… and {n} more reason like these; plan check lists every one.",
            "… and {n} more reasons like these; plan check lists every one.",
            more,
        )
        console.print(f"  {said.format(n=more)}", highlight=False)
    if diagnosis.conflict:
        console.print(Wrapped(_conflict_heading(diagnosis)))
        groups: dict[tuple[str, str, str], list[str]] = {}
        for rule in diagnosis.conflict:
            key = (rule.clause, kind_label(rule.kind), rule.summary)
            groups.setdefault(key, []).append(rule.label)
        for (clause, kind, summary), labels in groups.items():
            shown = _("; ").join(labels[:4]) + (
                _("; … {n} more").format(n=len(labels) - 4) if len(labels) > 4 else ""
            )
            line = "  " + _("{clause} {kind} ×{n}: {summary} — {rules}").format(
                clause=clause, kind=kind, n=len(labels), summary=summary, rules=shown
            )
            console.print(Wrapped(line, names, indent=4))
    if diagnosis.note:
        console.print(Wrapped(f"  {diagnosis.note}", names, indent=2))


def _conflict_heading(diagnosis: Diagnosis) -> str:
    """What the conflicting rules listed are: one part's smallest set (drop any one and a plan
    exists), the smallest sets of several independent parts listed together (drop one and
    its own part has a plan: the others still conflict), or a set not proven smallest."""
    n, seconds = len(diagnosis.conflict), diagnosis.seconds
    if not diagnosis.minimal:
        return _(
            "These {n} rule instances cannot all hold together (not proven minimal, "
            "{seconds:.2f} s):"
        ).format(n=n, seconds=seconds)
    if diagnosis.parts > 1:
        return _(
            "These {n} rule instances, in {parts} independent parts, cannot hold together "
            "(each part's proven minimal, {seconds:.2f} s); dropping any one would allow its "
            "part a plan:"
        ).format(n=n, parts=diagnosis.parts, seconds=seconds)
    return _(
        "These {n} rule instances cannot all hold together (proven minimal, "
        "{seconds:.2f} s); dropping any one would allow a plan:"
    ).format(n=n, seconds=seconds)
