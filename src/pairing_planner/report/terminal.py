"""Rich tables for the terminal: plans with their explanation, diagnoses, comparisons."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pairing_planner.i18n import _, listing, stage_word, status_word
from pairing_planner.instance.index.instance import Instance
from pairing_planner.objective import term_label
from pairing_planner.report.alternatives import Reasons
from pairing_planner.report.bends import bend_marks, plan_status
from pairing_planner.report.console import labelled
from pairing_planner.report.diagnosis_table import render_diagnosis
from pairing_planner.report.fitted_tables import print_table
from pairing_planner.report.frames import city_frame, pairs_frame
from pairing_planner.report.line_breaks import Wrapped, instance_names
from pairing_planner.report.time_used import seconds_text, time_used
from pairing_planner.report.unproven import gap_text, unproven_line
from pairing_planner.result.plan import Alternative, Pair, Plan, Result
from pairing_planner.result.worded_result import result_in_current_language
from pairing_planner.said import worded

if TYPE_CHECKING:
    import pandas as pd
from pairing_planner.report.change_table import render_changes

WIDE_TERMINAL = 120
"""From this many columns a plan's table shows each cost term; narrower, names wrap whole
(never cut to two characters) and the costs by term are in ``--explain`` and plan-K.csv."""

WARNINGS_SHOWN = 10
"""Warnings printed above a solve's plans; ``plan check`` and ``plans.json`` keep them all."""


def render_result(console: Console, instance: Instance, result: Result, explain: bool) -> None:
    """The diagnosis when no plan keeps every rule, a table per plan with its relaxations, and
    the summary lines: status, objective, bound, gap, time."""
    names = instance_names(instance)
    result = result_in_current_language(result)
    for warning in result.warnings[:WARNINGS_SHOWN]:
        console.print(Wrapped(labelled(_("warning:"), "yellow", warning), names))
    if len(result.warnings) > WARNINGS_SHOWN:
        more = len(result.warnings) - WARNINGS_SHOWN
        more_warnings = _("… {n} more warning(s): plan check lists them all").format(n=more)
        console.print(Wrapped(Text(more_warnings, style="yellow")))
    if result.diagnosis is not None:
        render_diagnosis(console, result.diagnosis, names)
    if result.front and result.plans:
        _front_table(console, result)
    for plan in [] if result.front else result.plans:
        _plan_table(console, instance, plan)
        if explain:
            _explanations(console, instance, plan)
        console.print(Wrapped(_summary(plan), names))
        for relaxation in plan.relaxations:
            bends = Text("  ") + labelled(_("bends:"), "bold yellow", relaxation.message)
            console.print(Wrapped(bends, names, indent=4))
        if plan.rank > 1:
            console.print(Wrapped(_against_first(instance, plan), names, indent=2))
        if plan.variants > 1:
            variants = _(
                "stands for {n} plans of the same cost that only swap interchangeable schools"
            ).format(n=plan.variants)
            console.print(Wrapped(f"  {variants}", indent=2))
        if plan.changes is not None:
            render_changes(console, instance, plan.changes)
    if result.interchangeable:
        console.print(Wrapped(_interchangeable(instance, result.interchangeable), names))
    unproven = "" if result.front else unproven_line(result.plans)
    if unproven:
        console.print(Wrapped(Text(unproven, style="yellow")))
    if result.message:
        style = "bold red" if not result.plans else "yellow"
        console.print(Wrapped(Text(result.message, style=style), names))
    console.print(Wrapped(time_used(result).text()))


def _front_table(console: Console, result: Result) -> None:
    """A trade-off's plans, one row each: where it lies on the front (an end, the balanced
    point), the two terms, the total, whether proven, and, on a front of least-relaxed plans,
    the rules each bends (``plan compare`` shows any two side by side)."""
    a, b = result.front
    bent = any(plan.relaxations for plan in result.plans)
    table = Table(title=_("Trade-off"), title_justify="left")
    for header, justify in (
        (_("plan"), "right"),
        (_("point"), "left"),
        (term_label(a), "right"),
        (term_label(b), "right"),
        (_("objective"), "right"),
        (_("status"), "left"),
        *([(_("bends"), "left")] if bent else []),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for plan in result.plans:
        bends = [_("; ").join(r.message for r in plan.relaxations)] if bent else []
        table.add_row(
            str(plan.rank),
            plan.constraints,
            f"{plan.term_costs.get(a, 0.0):.2f}",
            f"{plan.term_costs.get(b, 0.0):.2f}",
            f"{plan.objective:.2f}",
            plan_status(plan),
            *bends,
        )
    print_table(console, table)


def _interchangeable(instance: Instance, groups: list[list[str]]) -> str:
    """The groups of interchangeable schools, in words: why the plans offered are different."""
    schools = {**instance.helpers, **instance.recipients}
    names = _("; ").join(listing([schools[s].name for s in g]) for g in groups)
    return _(
        "Interchangeable schools (no rule and no cost tells them apart): {groups}. Plans that "
        "only swap them are the same plan and are offered once."
    ).format(groups=names)


SHOWN_PAIRS = 60
"""Above this many pairs a plan is shown per helper city, not pair by pair: a province's
10,000 rows help no one on a screen (and took rich 10 s to lay out); every pair is in the
plan's CSV and ledger."""


def _plan_table(console: Console, instance: Instance, plan: Plan) -> None:
    """A plan pair by pair; a relaxed plan's bends in a column, or, where that column would
    not fit, each on a line under its pair (the 80-column terminal of issue 30)."""
    relaxed = _(" (RELAXED: bends the rules listed below it)") if plan.relaxations else ""
    if len(plan.pairs) > SHOWN_PAIRS:
        _city_table(console, instance, plan, relaxed)
        return
    frame = pairs_frame(instance, plan)
    title = _("Plan {rank}").format(rank=plan.rank) + relaxed
    wide = console.width >= WIDE_TERMINAL
    if not plan.relaxations:
        print_table(console, _pairs_table(instance, frame, title, wide, {}))
        return
    in_column = _pairs_table(instance, frame, title, wide, _bend_cells(plan, wide))
    print_table(
        console, in_column, _pairs_table(instance, frame, title, wide, bend_marks(plan), under=True)
    )


def _pairs_table(
    instance: Instance,
    frame: pd.DataFrame,
    title: str,
    wide: bool,
    bends: dict[tuple[str, str], str],
    under: bool = False,
) -> Table:
    """The pairs of ``frame``, one row each, with each cost term on a ``wide`` terminal, and
    how a pair bends the rules (``bends``) in a column of its own, or ``under`` it, set in
    under the recipient on a row of its own (the table's title says the plan bends rules)."""
    table = Table(title=title, title_justify="left")
    terms = [c for c in frame.columns if c.startswith("cost_") and c != "cost_distance"]
    terms = terms if wide else []
    cities = not _names_hold_cities(frame)
    headings = [_("recipient"), _("county / district"), _("stage"), _("helper")]
    for column in [*headings, *([_("helper city")] if cities else [])]:
        table.add_column(column, overflow="fold")
    table.add_column("km", justify="right", no_wrap=True)
    for term in terms:
        table.add_column(term_label(term.removeprefix("cost_")), justify="right", no_wrap=True)
    table.add_column(_("cost"), justify="right", no_wrap=True)
    in_column = bends and not under
    if in_column:
        table.add_column(_("bends"), overflow="fold", style="yellow")
    names = instance_names(instance)
    for values in frame.to_dict("records"):
        bent = bends.get(_key(values), "")
        table.add_row(
            values["recipient"],
            values["county"],
            "/".join(stage_word(s) for s in values["stage"].split("/")),
            values["helper"],
            *([values["helper_city"]] if cities else []),
            f"{values['distance_km']:.1f}",
            *(f"{values[t]:.2f}" for t in terms),
            f"{values['cost']:.2f}",
            *([Wrapped(bent, names)] if in_column else []),
        )
        if under and bent:
            table.add_row(Wrapped(Text(f"  {bent}", style="yellow"), names, indent=2))
    return table


def _names_hold_cities(frame: pd.DataFrame) -> bool:
    """Whether every helper's name says its city (泰安市示例帮扶初中乙, 泰安一中): the helper
    city column then only repeats it, and its width is the names'."""
    return all(
        str(city).removesuffix("市") in str(name)
        for name, city in zip(frame["helper"], frame["helper_city"], strict=True)
    )


def _key(values: Mapping[Hashable, object]) -> tuple[str, str]:
    """A row of a plan's frame as its (helper id, recipient id)."""
    return str(values["helper_id"]), str(values["recipient_id"])


def _bend_cells(plan: Plan, wide: bool) -> dict[tuple[str, str], str]:
    """How each pair bends the rules: in words on a wide terminal; on a narrow one its
    clauses alone, so that names keep their width (the lines under the table say the rest)."""
    if wide:
        return bend_marks(plan)
    return {
        pair: ", ".join(dict.fromkeys(r.clause for r in found))
        for pair, found in plan.bends().items()
    }


def _city_table(console: Console, instance: Instance, plan: Plan, relaxed: str) -> None:
    """A large plan per helper city: schools, distances, largest load and cost."""
    title = _("Plan {rank}: {n} pairs by helper city (every pair: plan-{rank}.csv)").format(
        rank=plan.rank, n=len(plan.pairs)
    )
    table = Table(title=title + relaxed, title_justify="left")
    headings = [_("helper city"), _("helpers"), _("recipients"), _("mean km"), _("max km")]
    for column in [*headings, _("largest load"), _("cost")]:
        table.add_column(column, justify="left" if column == headings[0] else "right")
    bent = _bends_by_city(instance, plan) if plan.relaxations else None
    if bent is not None:
        table.add_column(_("bends"), overflow="fold", style="yellow")
    for row in city_frame(instance, plan).itertuples(index=False):
        table.add_row(
            str(row.helper_city),
            str(row.helpers),
            str(row.recipients),
            f"{row.mean_km:.1f}",
            f"{row.max_km:.1f}",
            str(row.max_load),
            f"{row.cost:.2f}",
            *([Wrapped(bent.get(str(row.helper_city), ""))] if bent is not None else []),
        )
    print_table(console, table)


def _bends_by_city(instance: Instance, plan: Plan) -> dict[str, str]:
    """Helper city name → how its pairs bend the rules, each way once."""
    found: dict[str, dict[str, None]] = {}
    for (helper, _recipient), mark in bend_marks(plan).items():
        found.setdefault(instance.city_of(instance.helpers[helper]).name, {})[mark] = None
    return {city: _("; ").join(marks) for city, marks in found.items()}


def _summary(plan: Plan) -> str:
    terms = terms_text(plan.term_costs)
    if plan.bound is None and plan.rank == 1 and plan.status != "OPTIMAL":
        proof = _("no bound known, not proven")
    elif plan.bound is None:
        proven = plan.status == "OPTIMAL"
        proof = _("difference proven largest") if proven else _("difference not proven")
    elif plan.status == "OPTIMAL" and plan.relaxations:
        proof = _("cost proven least for that bend")
    elif plan.status == "OPTIMAL":
        proof = _("proven optimal")
    else:
        proof = _("bound {bound:.2f}, gap {gap}, not proven").format(
            bound=plan.bound, gap=gap_text(plan.gap)
        )
    return _(
        "Plan {rank}: {status} · objective {objective:.2f} ({terms}) · {proof} · "
        "{seconds} s used · {constraints}"
    ).format(
        rank=plan.rank,
        status=plan_status(plan),
        objective=plan.objective,
        terms=terms,
        proof=proof,
        seconds=seconds_text(plan.seconds),
        constraints=plan.constraints,
    )


def _against_first(instance: Instance, plan: Plan) -> str:
    cities = listing([instance.places[c].name for c in plan.changed_cities]) or _("none")
    return "  " + _(
        "vs plan 1: {gap:+.2f} ({pct} %) · {n} recipient(s) with another helper · "
        "cities whose helper school changed: {cities}"
    ).format(
        gap=plan.gap_to_first,
        pct=percent_text(plan.gap_to_first_pct),
        n=len(plan.changed_recipients),
        cities=cities,
    )


def percent_text(pct: float) -> str:
    """A gap to plan 1 in per cent, signed, that a nonzero gap never reads 0: "< 0.01" as the
    workbench shows it, where two decimals printed 21,441.35 against 21,441.23 as +0.00 %
    (issue 32)."""
    if 0 < abs(pct) < 0.005:
        return "< 0.01" if pct > 0 else "> -0.01"
    return f"{pct:+.2f}"


def _explanations(console: Console, instance: Instance, plan: Plan) -> None:
    names = instance_names(instance)
    reasons = Reasons(instance, plan)
    for pair in plan.pairs:
        recipient = instance.recipients[pair.recipient].name
        helper = instance.helpers[pair.helper].name
        parts = terms_text(pair.costs)
        line = _("{recipient} ← {helper}: cost {cost:.2f} ({parts})").format(
            recipient=recipient, helper=helper, cost=pair.cost, parts=parts
        )
        alt = pair.alternative
        if alt is None:
            line += _("; no other helper is allowed")
        else:
            line += _("; best other: {helper} ({notes})").format(
                helper=instance.helpers[alt.helper].name,
                notes=_("; ").join(_alternative_notes(reasons, pair, alt)),
            )
        console.print(Wrapped(f"  {line}", names, indent=4))


def _alternative_notes(reasons: Reasons, pair: Pair, alt: Alternative) -> list[str]:
    """What taking the best other helper would change, each number named (a bare "-126.91,
    -118.9 km" left the planner guessing), and why the plan did not take it when cheaper."""
    change = _("cost {change:+.2f}").format(change=alt.cost_change)
    km = alt.term_changes.get("distance")
    if km is not None:
        change += _(", distance {km:+.1f} km").format(km=km)
    why = reasons.why_cheaper_not_taken(pair)
    if alt.blocked_by:
        return [change, _("not free: {why}").format(why=why)]
    return [change, why] if why else [change]


def terms_text(costs: Mapping[str, float]) -> str:
    """Costs by term as the planner reads them: ``距离 6697.33、分差 118.00``."""
    return listing([f"{term_label(t)} {c:.2f}" for t, c in costs.items()])


def summary_line(result: Result) -> str:
    """The result in one line (``--quiet``): status, plans, best objective, message."""
    best = result.plans[0].objective if result.plans else None
    parts = [
        status_word(result.status),
        _("{n} plan(s)").format(n=len(result.plans)),
        _("objective {value:.2f}").format(value=best) if best is not None else "",
        worded(result.said, result.message),
    ]
    return " · ".join(p for p in parts if p)
