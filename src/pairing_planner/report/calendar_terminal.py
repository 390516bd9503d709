"""A calendar in the terminal: its status and the independent check's verdict first (what a
planner must know before handing it on), then the activities by date, or, for more than a
screen of them, a count per city and term; why no calendar exists, in the rules' words."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from pairing_planner.i18n import _, cited, status_word
from pairing_planner.instance.index.instance import Instance
from pairing_planner.report.activity_ids import list_order
from pairing_planner.report.console import labelled
from pairing_planner.report.fitted_tables import print_table
from pairing_planner.report.line_breaks import Names, Wrapped, instance_names
from pairing_planner.result.calendar import CalendarResult
from pairing_planner.verify.calendar import CalendarFinding

LISTED = 60
"""Up to this many activities are listed one by one."""


def render_calendar(
    console: Console,
    instance: Instance,
    result: CalendarResult,
    findings: list[CalendarFinding],
) -> None:
    """Status, verdict, the activities (or their counts) and what moved or went wrong."""
    for problem in result.problems:
        console.print(labelled("✗", "red", str(problem)), soft_wrap=False)
    if result.placements:
        if len(result.placements) <= LISTED:
            _print_activities(console, instance, result)
        else:
            console.print(_city_table(instance, result))
    if result.moved:
        console.print(
            _("{n} activities moved from the earlier calendar: {ids}").format(
                n=len(result.moved), ids=", ".join(result.moved[:10])
            )
        )
    _print_findings(console, findings)
    console.print(_summary(result, findings))


def render_calendar_findings(console: Console, findings: list[CalendarFinding]) -> None:
    """The independent check of a calendar: each problem with its clause, or that it holds."""
    _print_findings(console, findings)
    if findings:
        console.print(_("The calendar has {n} problem(s).").format(n=len(findings)))
    else:
        console.print(_("The calendar is valid: every duty present, every limit kept."))


def _print_findings(console: Console, findings: list[CalendarFinding]) -> None:
    for finding in findings:
        console.print(labelled("✗", "red", cited(finding.message, finding.clause)))


def _summary(result: CalendarResult, findings: list[CalendarFinding]) -> str:
    proven = result.status == "OPTIMAL"
    line = _("{status} · {n} activities · school year {year}–{next} · {seconds:.2f} s").format(
        status=status_word(result.status),
        n=len(result.placements),
        year=result.school_year,
        next=result.school_year + 1,
        seconds=result.seconds,
    )
    if result.objective is not None:
        line += " · " + _(
            "travel saved {travel} km×people, {bunched} activities bunched, {busy} busy "
            "school-weeks ({proof})"
        ).format(
            travel=result.terms.get("travel saved", 0),
            bunched=result.terms.get("evenness", 0),
            busy=result.terms.get("disruption", 0),
            proof=_("proven best") if proven else _("best not proven"),
        )
    if result.interrupted:
        line += " · " + _("stopped: groups not reached keep their greedy calendar")
    if result.floors:
        line += " · " + _(
            "{n} of {parts} groups kept their greedy calendar (no time left to search)"
        ).format(n=result.floors, parts=result.parts)
    if result.clocked:
        line += " · " + _(
            "the clock cut {n} of {parts} groups short of their work limit: another run, under "
            "another load, may place them otherwise (more --time-limit avoids it)"
        ).format(n=result.clocked, parts=result.parts)
    elif result.interrupted:
        line += " · " + _("another run may give a different calendar")
    if result.placements:
        line += " · " + (
            _("verified: every duty present, every limit kept")
            if not findings
            else _("{n} problem(s) found by the independent check").format(n=len(findings))
        )
    return line


def _print_activities(console: Console, instance: Instance, result: CalendarResult) -> None:
    """The activities by date, in a table where it fits with every name and duty whole, else
    one block per activity (report/fitted_tables; at 80 columns the table broke 牡丹区吴店镇中 /
    心中学 and 选派中层以上干 / 部到帮扶学校, issue 30). A duty is one phrase: it breaks only
    at its spaces (an English one between words, a Chinese one nowhere)."""
    table = Table(title=_("Activity calendar"), show_lines=False)
    table.add_column(_("dates"), no_wrap=True)
    for header in (_("clause"), _("duty"), _("place"), _("who travels")):
        table.add_column(header, overflow="fold")
    names = instance_names(instance)
    rank = list_order(instance, result)
    for p in sorted(result.placements, key=lambda p: (p.start, rank[p.activity.id])):
        duty = _(p.activity.duty)
        table.add_row(
            p.start.isoformat() + ("" if p.end == p.start else f"–{p.end:%m-%d}"),
            p.activity.clause,
            Wrapped(duty, Names(duty.split())),
            Wrapped(instance.school_name(p.activity.host), names),
            Wrapped(f"{instance.school_name(p.activity.traveller)} ×{p.activity.people}", names),
        )
    print_table(console, table)


def _city_table(instance: Instance, result: CalendarResult) -> Table:
    """Activities per city and term, the cities in the instance's order (the attachment's)."""
    counts: Counter[tuple[str, int]] = Counter()
    for p in result.placements:
        school = instance.helpers.get(p.activity.host) or instance.recipients[p.activity.host]
        counts[(instance.city_of(school).id, p.term)] += 1
    terms = result.settings.terms
    table = Table(title=_("Activities per city and term (by the place they happen)"))
    table.add_column(_("city"))
    for term in terms:
        table.add_column(term.name, justify="right")
    shown = {c for c, _t in counts}
    for city in (c for c in instance.cities if c.id in shown):
        table.add_row(city.name, *(str(counts[(city.id, t)]) for t in range(len(terms))))
    return table
