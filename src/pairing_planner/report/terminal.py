"""Rich tables for the terminal: findings, plans with their explanation, verdicts."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pairing_planner.checks import Finding
from pairing_planner.instance.instance import Instance
from pairing_planner.plan import Diagnosis, Plan, Result
from pairing_planner.report.frames import pairs_frame
from pairing_planner.verify import Verdict

STYLE = {"conflict": "bold red", "warning": "yellow", "info": "cyan"}


def render_findings(console: Console, instance: Instance, findings: list[Finding]) -> None:
    """One row per finding: severity, clause, where, what."""
    table = Table(
        title=f"plan check — {instance.name}: {instance.data.title}", title_justify="left"
    )
    for column in ("", "clause", "where", "finding"):
        table.add_column(column, overflow="fold")
    where = str(instance.path) if instance.path else ""
    for f in findings:
        at = f"{where}:{f.line}" if f.line else ""
        table.add_row(f"[{STYLE[f.severity]}]{f.severity}", f.clause or "", at, f.message)
    console.print(table)
    counts = {s: sum(f.severity == s for f in findings) for s in STYLE}
    console.print(
        f"{counts['conflict']} conflict(s), {counts['warning']} warning(s). "
        + ("No plan can satisfy the rules as they stand." if counts["conflict"] else "")
    )


def render_result(console: Console, instance: Instance, result: Result, explain: bool) -> None:
    """The diagnosis when no plan keeps every rule, a table per plan with its relaxations, and
    the summary lines: status, objective, bound, gap, time."""
    if result.diagnosis is not None:
        render_diagnosis(console, result.diagnosis)
    for plan in result.plans:
        _plan_table(console, instance, plan)
        if explain:
            _explanations(console, instance, plan)
        console.print(_summary(plan), highlight=False)
        for relaxation in plan.relaxations:
            console.print(f"  [bold yellow]bends:[/] {escape(relaxation.message)}", highlight=False)
        if plan.rank > 1:
            console.print(_against_first(instance, plan), highlight=False)
    if result.message:
        style = "bold red" if not result.plans else "yellow"
        console.print(f"[{style}]{result.message}")
    console.print(f"{result.status} · {len(result.plans)} plan(s) · {result.seconds:.2f} s in all")


def render_diagnosis(console: Console, diagnosis: Diagnosis) -> None:
    """Why no plan keeps every rule: counting arguments, then the conflicting rules by kind."""
    console.print("[bold red]No plan keeps every rule.[/]")
    for line in diagnosis.structural:
        console.print(f"  {escape(line)}", highlight=False)
    if diagnosis.conflict:
        proof = "proven minimal" if diagnosis.minimal else "not proven minimal"
        console.print(
            f"These {len(diagnosis.conflict)} rule instances cannot all hold together "
            f"({proof}, {diagnosis.seconds:.2f} s); dropping any one would allow a plan:"
        )
        groups: dict[tuple[str, str, str], list[str]] = {}
        for rule in diagnosis.conflict:
            groups.setdefault((rule.clause, rule.kind, rule.summary), []).append(rule.label)
        for (clause, kind, summary), labels in groups.items():
            shown = "; ".join(labels[:4]) + (
                f"; … {len(labels) - 4} more" if len(labels) > 4 else ""
            )
            console.print(
                f"  {clause} {kind} ×{len(labels)}: {summary} — {escape(shown)}", highlight=False
            )
    if diagnosis.note:
        console.print(f"  {diagnosis.note}")


def _plan_table(console: Console, instance: Instance, plan: Plan) -> None:
    frame = pairs_frame(instance, plan)
    relaxed = " (RELAXED: bends the rules listed below it)" if plan.relaxations else ""
    table = Table(title=f"Plan {plan.rank}{relaxed}", title_justify="left")
    terms = [c for c in frame.columns if c.startswith("cost_")]
    for column in ("recipient", "county", "stage", "helper", "helper city", "km"):
        table.add_column(column, justify="right" if column == "km" else "left")
    for term in terms:
        table.add_column(term.removeprefix("cost_"), justify="right")
    table.add_column("cost", justify="right")
    for values in frame.to_dict("records"):
        table.add_row(
            values["recipient"],
            values["county"],
            values["stage"],
            values["helper"],
            values["helper_city"],
            f"{values['distance_km']:.1f}",
            *(f"{values[t]:.2f}" for t in terms),
            f"{values['cost']:.2f}",
        )
    console.print(table)


def _summary(plan: Plan) -> str:
    terms = ", ".join(f"{t} {c:.2f}" for t, c in plan.term_costs.items())
    if plan.bound is None:
        proof = "difference proven largest" if plan.status == "OPTIMAL" else "difference not proven"
    elif plan.status == "OPTIMAL":
        proof = "proven optimal"
    else:
        proof = f"bound {plan.bound:.2f}, gap {plan.gap:.1%}"
    return (
        f"Plan {plan.rank}: {plan.status} · objective {plan.objective:.2f} ({terms}) · {proof} · "
        f"{plan.seconds:.2f} s of {plan.time_budget:.2f} s allowed · {plan.constraints}"
    )


def _against_first(instance: Instance, plan: Plan) -> str:
    cities = ", ".join(instance.places[c].name for c in plan.changed_cities) or "none"
    return (
        f"  vs plan 1: {plan.gap_to_first:+.2f} ({plan.gap_to_first_pct:+.2f} %) · "
        f"{len(plan.changed_recipients)} recipient(s) with another helper · "
        f"cities whose helper school changed: {cities}"
    )


def _explanations(console: Console, instance: Instance, plan: Plan) -> None:
    for pair in plan.pairs:
        recipient = instance.recipients[pair.recipient].name
        helper = instance.helpers[pair.helper].name
        parts = ", ".join(f"{t} {c:.2f}" for t, c in pair.costs.items())
        line = f"{recipient} ← {helper}: cost {pair.cost:.2f} ({parts})"
        alt = pair.alternative
        if alt is None:
            line += "; no other helper is allowed"
        else:
            other = instance.helpers[alt.helper].name
            km = alt.term_changes.get("distance")
            extra = f", {km:+.1f} km" if km is not None else ""
            line += f"; best other: {other} {alt.cost_change:+.2f}{extra}"
            if alt.serves and alt.cost_change < 0:
                served = ", ".join(instance.recipients[r].name for r in alt.serves)
                line += f" (it serves {served})"
        console.print(f"  {line}", highlight=False)


def render_verdict(console: Console, verdict: Verdict, claimed: float | None) -> None:
    """Violations, or a clean bill, and the recomputed cost."""
    for declared in verdict.declared:
        console.print(
            f"[yellow]declared relaxation:[/] {escape(declared.message)} ({declared.clause})"
        )
    if verdict.ok and verdict.declared:
        console.print("[green]The plan satisfies every rule but the relaxations it declares.")
    elif verdict.ok:
        console.print("[green]The plan satisfies every rule.")
    else:
        table = Table(title="Violations", title_justify="left")
        for column in ("clause", "rule", "what"):
            table.add_column(column, overflow="fold")
        for v in verdict.violations:
            table.add_row(v.clause, v.kind, v.message)
        console.print(table)
    terms = ", ".join(f"{t} {c:.2f}" for t, c in verdict.term_costs.items())
    line = f"Recomputed objective {verdict.objective:.2f} ({terms})"
    if claimed is not None:
        line += f"; the file states {claimed:.2f}"
    console.print(line)
