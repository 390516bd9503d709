"""What the checks say of an instance, the verifier of a plan, and a re-run of a result."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pairing_planner.diagnosis.finding import Finding
from pairing_planner.i18n import N_, _, cited, ngettext
from pairing_planner.instance.index.instance import Instance
from pairing_planner.report.console import labelled
from pairing_planner.report.diagnosis_table import SHOWN_ALIKE
from pairing_planner.report.fitted_tables import print_table
from pairing_planner.report.line_breaks import Wrapped, instance_names
from pairing_planner.report.terminal import terms_text
from pairing_planner.result.compare import Reproduction
from pairing_planner.rules.capabilities import kind_label
from pairing_planner.verify import Verdict
from pairing_planner.version import ortools_version, tool_version

CHECK_LABELS = {
    "identity": N_("school named"),
    "plan_number": N_("plan number"),
    "unknown": N_("unknown school"),
    "unavailable": N_("school not available"),
}
"""Names of the verifier's own checks, which are not rule kinds: a plan file's row naming
another school than its id (R2, the ledger), a row of another plan, an id the instance lacks,
a helper marked unavailable."""

STYLE = {"conflict": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY = {"conflict": N_("conflict"), "warning": N_("warning"), "info": N_("info")}


def _violation_label(kind: str) -> str:
    """A violation's rule column: a rule kind's name, or one of the verifier's own checks."""
    return _(CHECK_LABELS[kind]) if kind in CHECK_LABELS else kind_label(kind)


def render_findings(console: Console, instance: Instance, findings: list[Finding]) -> None:
    """One row per finding (severity, clause, where, what), the first :data:`SHOWN_ALIKE` of
    each kind, then how many more of each kind there are."""
    table = Table(
        title=_("plan check — {name}: {title}").format(
            name=instance.name, title=instance.data.title
        ),
        title_justify="left",
    )
    for column in ("", _("clause"), _("where"), _("finding")):
        table.add_column(column, overflow="fold")
    names = instance_names(instance)
    alike = Counter(f.code for f in findings)
    seen: Counter[str] = Counter()
    for f in findings:
        seen[f.code] += 1
        if seen[f.code] > SHOWN_ALIKE:
            continue
        severity = Text(_(SEVERITY[f.severity]), style=STYLE[f.severity])
        table.add_row(severity, f.clause or "", f.where(instance), Wrapped(f.message, names))
        if seen[f.code] == SHOWN_ALIKE and alike[f.code] > SHOWN_ALIKE:
            more = alike[f.code] - SHOWN_ALIKE
            said = ngettext(
                "… and {n} more finding like the one above; plan check --json lists every one.",
                "… and {n} more findings like the one above; plan check --json lists every one.",
                more,
            )
            table.add_row(severity.copy(), f.clause or "", "", said.format(n=more))
    print_table(console, table)
    counts = {s: sum(f.severity == s for f in findings) for s in STYLE}
    console.print(
        _("{conflicts} conflict(s), {warnings} warning(s).").format(
            conflicts=counts["conflict"], warnings=counts["warning"]
        )
        + (" " + _("No plan can satisfy the rules as they stand.") if counts["conflict"] else "")
    )


def render_verdict(console: Console, verdict: Verdict, instance: Instance) -> None:
    """Violations, each with where its schools are listed (the instance line and the list
    row they were imported from), or a clean bill, and the recomputed cost."""
    names = instance_names(instance)
    for declared in verdict.declared:
        line = labelled(
            _("declared relaxation:"), "yellow", cited(declared.message, declared.clause)
        )
        console.print(Wrapped(line, names))
    if verdict.ok and verdict.declared:
        console.print(
            _("The plan satisfies every rule but the relaxations it declares."), style="green"
        )
    elif verdict.ok:
        console.print(_("The plan satisfies every rule."), style="green")
    else:
        table = Table(title=_("Violations"), title_justify="left")
        for column in (_("clause"), _("rule"), _("what"), _("where")):
            table.add_column(column, overflow="fold")
        for v in verdict.violations:
            where = "; ".join(w for w in map(instance.where_school, v.schools) if w)
            table.add_row(v.clause, _violation_label(v.kind), Wrapped(v.message, names), where)
        print_table(console, table)
    terms = terms_text(verdict.term_costs)
    console.print(
        _("Recomputed objective {objective:.2f} ({terms})").format(
            objective=verdict.objective, terms=terms
        )
    )


def render_reproduction(console: Console, found: Reproduction) -> None:
    """Whether a recorded solve came back pair for pair, and the versions if they differ."""
    if found.same:
        console.print(_("Reproduced: the same {n} plan(s), pair for pair.").format(n=found.now))
    else:
        console.print(
            _("Not reproduced: {a} plan(s) recorded, {b} now; differing: {ranks}.").format(
                a=found.recorded, b=found.now, ranks=", ".join(map(str, found.differing)) or "—"
            )
        )
    if found.versions is not None:
        tool, ortools = found.versions
        console.print(
            _("Recorded with pairing-planner {tool} and OR-Tools {ortools}; now {now}.").format(
                tool=tool, ortools=ortools, now=f"{tool_version()} / {ortools_version()}"
            )
        )
