"""Progress from the calendar sheet the bureau fills in (R2: regular checks of the 台账): the
share of duties done and the duties overdue, by program, city and county, and T2's pairing
rate for schools in key poverty villages (T2: 100 %)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pairing_planner.duties import DUTIES, PROGRAMS
from pairing_planner.i18n import N_, _, listing, translations
from pairing_planner.instance.index.instance import Instance
from pairing_planner.io.calendar_sheet import TrackedActivity
from pairing_planner.report.fitted_tables import print_table
from pairing_planner.report.line_breaks import Wrapped

LEVEL_INDENT = {"program": 0, "city": 2, "county": 4}
"""How far a row's name is set in on the terminal: cities under the program, counties under
their city (a level column took 14 of 80 columns to say it)."""

OVERDUE_SHOWN = 20
"""Overdue duties listed by name on the terminal, the earliest first; past this many, a count
per county with the total comes first, and ``--json`` has them all."""

UNCLEAR_SHOWN = 20
"""Done marks not understood named by row on the terminal, in the sheet's order; ``--json``
has them all."""

TABLE_COLUMNS = [
    "level",
    "name",
    "duties",
    "done",
    "partly",
    "overdue",
    "overdue_open",
    "share_done",
]
"""The progress table's columns (``--json``'s rows and the notebook's frame): ``overdue_open``
counts the overdue duties not even partly done, which the chart draws above the partly done
ones (a partly done duty past its last day is both)."""


@dataclass(frozen=True)
class DutyProgress:
    """Progress as of ``today``: one row per program, city and county (``table``: the
    program, then each city followed by its counties, in the order the instance lists the
    schools), the overdue activities (earliest last day first), T2's pairing rate (key
    poverty village schools with a helper in the sheet, of all the instance has), and the
    rows whose done mark was not understood."""

    today: date
    table: pd.DataFrame
    overdue: list[TrackedActivity]
    poverty_paired: int
    poverty_schools: int
    unclear: list[TrackedActivity]
    names: dict[str, str]
    """Each school's name by id, for the overdue list."""
    counties: dict[str, str]
    """Each recipient's county (or city, for a school placed at city level) by id, for the
    overdue list's count per county."""
    title: str = ""
    """The instance's title, which the chart names (issue 30: 截至 2017-03-15 的进展 did not
    say of which program)."""


def progress(instance: Instance, rows: list[TrackedActivity], today: date) -> DutyProgress:
    """Counted by the recipient's county and city (the bureau that checks the pair), and for
    the whole program, cities and counties in the order of the instance's list (a bureau's
    list goes by county, not by character code); an activity is overdue when its last day is
    before ``today`` and it is not marked done."""
    listed = {rid: n for n, rid in enumerate(instance.recipients)}
    records = []
    for row in rows:
        recipient = instance.recipients.get(row.recipient)
        county = instance.county_of(recipient) if recipient else None
        city = instance.city_of(recipient).name if recipient else row.recipient
        records.append(
            {
                "program": _(PROGRAMS[instance.data.program]),
                "city": city,
                "county": county.name if county else city,
                "done": row.status == "done",
                "partly": row.status == "partly",
                "overdue": row.end < today and row.status != "done",
                "overdue_open": row.end < today and row.status not in {"done", "partly"},
                "listed": listed.get(row.recipient, len(listed)),
            }
        )
    frame = pd.DataFrame(
        records,
        columns=[
            "program",
            "city",
            "county",
            "done",
            "partly",
            "overdue",
            "overdue_open",
            "listed",
        ],
    )
    table = _nested(
        _counted(frame, N_("program"), ["program"]),
        _counted(frame, N_("city"), ["city"]),
        _counted(frame, N_("county"), ["city", "county"]),
    )
    poverty = {r.id for r in instance.recipients.values() if r.poverty_village}
    paired = poverty & {row.recipient for row in rows}
    overdue = sorted(
        (r for r in rows if r.end < today and r.status != "done"),
        key=lambda r: (r.end, listed.get(r.recipient, len(listed))),
    )
    unclear = [r for r in rows if r.status == "unclear"]
    schools = {**instance.helpers, **instance.recipients}
    names = {sid: school.name for sid, school in schools.items()}
    counties = {
        rid: (instance.county_of(school) or instance.city_of(school)).name
        for rid, school in instance.recipients.items()
    }
    title = instance.data.title.strip() or instance.name
    return DutyProgress(
        today, table, overdue, len(paired), len(poverty), unclear, names, counties, title
    )


def _nested(program: pd.DataFrame, cities: pd.DataFrame, counties: pd.DataFrame) -> pd.DataFrame:
    """The program's row, then each city's row followed by its own counties' (each set in
    under the row above it on the terminal: all cities first, then all counties, put every
    county under the last city)."""
    blocks = [program]
    for n, city in enumerate(cities["name"]):
        blocks += [cities.iloc[[n]], counties[counties["city"] == city]]
    return pd.concat(blocks, ignore_index=True)[TABLE_COLUMNS]


def _counted(frame: pd.DataFrame, level: str, keys: list[str]) -> pd.DataFrame:
    """A row per group of ``keys`` in the list's order, named by the last key and keeping
    the ones before it (a county's city)."""
    grouped = frame.groupby(keys, sort=False).agg(
        duties=("done", "size"),
        done=("done", "sum"),
        partly=("partly", "sum"),
        overdue=("overdue", "sum"),
        overdue_open=("overdue_open", "sum"),
        listed=("listed", "min"),
    )
    grouped = grouped.sort_values("listed", kind="stable").reset_index()
    grouped["name"] = grouped[keys[-1]]
    grouped["level"] = level
    grouped["share_done"] = (grouped["done"] / grouped["duties"]).round(3)
    return grouped[[*TABLE_COLUMNS, *keys[:-1]]]


def progress_json(found: DutyProgress) -> str:
    """The progress for other systems: the table's rows, T2's counts and the overdue ids."""
    data = {
        "today": found.today.isoformat(),
        "rows": found.table.to_dict("records"),
        "poverty_paired": found.poverty_paired,
        "poverty_schools": found.poverty_schools,
        "overdue": [r.activity_id for r in found.overdue],
        "unclear_marks": [{"row": r.row, "mark": r.mark} for r in found.unclear],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, default=int)


def render_progress(console: Console, found: DutyProgress) -> None:
    """The table (program, then each city followed by its counties), T2's rate, the marks
    not understood, and the overdue duties by school and last day."""
    table = Table(title=_("Progress of the pairs' duties on {day}").format(day=found.today))
    table.add_column(_("program, city, county"), no_wrap=True)
    for header in (_("duties"), _("completed"), _("partly"), _("overdue"), _("share done")):
        table.add_column(header, justify="right")
    for row in found.table.to_dict("records"):
        table.add_row(
            " " * LEVEL_INDENT[str(row["level"])] + str(row["name"]),
            str(row["duties"]),
            str(row["done"]),
            str(row["partly"]),
            str(row["overdue"]),
            f"{row['share_done']:.0%}",
        )
    print_table(console, table)
    if found.poverty_schools:
        rate = found.poverty_paired / found.poverty_schools
        line = _(
            "T2: {paired} of {total} key poverty village schools paired ({rate:.0%}; T2 asks 100 %)"
        )
        console.print(
            line.format(paired=found.poverty_paired, total=found.poverty_schools, rate=rate)
        )
    if found.unclear:
        console.print(Wrapped(Text(_unclear_line(found.unclear), style="yellow")))
    line = _("{n} duties overdue (past their last day, not marked done).")
    console.print(line.format(n=len(found.overdue)))
    if found.overdue:
        _overdue_table(console, found)


def _unclear_line(unclear: list[TrackedActivity]) -> str:
    """The done marks not understood, by row: counted as not done until they are written so
    that they can be read."""
    mark = _("row {row}: {mark}")
    marks = listing([mark.format(row=r.row, mark=r.mark) for r in unclear[:UNCLEAR_SHOWN]])
    more = _(" … {n} more").format(n=len(unclear) - UNCLEAR_SHOWN)
    return _(
        "{n} done mark(s) not understood, counted as not done ({marks}); write 是 or √ for "
        "done, 否 or leave it empty for not done, 部分完成 for partly done."
    ).format(n=len(unclear), marks=marks + (more if len(unclear) > UNCLEAR_SHOWN else ""))


def _overdue_table(console: Console, found: DutyProgress) -> None:
    """The overdue duties, earliest last day first: the day, the duty in the notice's words
    with its clause, both schools; past :data:`OVERDUE_SHOWN`, a count per county (in the
    list's order) with the total first, then the earliest of them."""
    if len(found.overdue) > OVERDUE_SHOWN:
        _overdue_by_county(console, found)
    shown = found.overdue[:OVERDUE_SHOWN]
    table = Table(title=_("Overdue duties"), title_justify="left")
    for header in (_("last day"), _("activity id"), _("duty"), _("recipient"), _("helper")):
        table.add_column(header, overflow="fold")
    for row in shown:
        table.add_row(
            row.end.isoformat(),
            _("{activity} (row {row})").format(activity=row.activity_id, row=row.row),
            duty_words(row.clause, row.duty),
            found.names.get(row.recipient, row.recipient),
            found.names.get(row.helper, row.helper),
        )
    print_table(console, table)
    if len(found.overdue) > len(shown):
        more = _("… {n} more overdue duties: --json lists them all.")
        console.print(more.format(n=len(found.overdue) - len(shown)))


def _overdue_by_county(console: Console, found: DutyProgress) -> None:
    """How many duties are overdue in each county (the recipient's, in the list's order),
    by clause, and the earliest last day among them; the total last."""
    order = {recipient: n for n, recipient in enumerate(found.counties)}
    counties: dict[str, list[TrackedActivity]] = {}
    for row in sorted(found.overdue, key=lambda r: order.get(r.recipient, len(order))):
        counties.setdefault(found.counties.get(row.recipient, row.recipient), []).append(row)
    table = Table(title=_("Overdue duties by county"), title_justify="left")
    for header, justify in (
        (_("county"), "left"),
        (_("overdue"), "right"),
        (_("clauses"), "left"),
        (_("earliest last day"), "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for county, rows in counties.items():
        clauses = sorted({r.clause for r in rows})
        counted = [f"{c} ×{sum(r.clause == c for r in rows)}" for c in clauses]
        table.add_row(
            county, str(len(rows)), listing(counted), min(r.end for r in rows).isoformat()
        )
    table.add_row(_("total"), str(len(found.overdue)), "", "")
    print_table(console, table)


def duty_words(clause: str, written: str = "") -> str:
    """A duty in the notice's words with its clause beside: the one duty the sheet's 任务 cell
    names (H1 holds two, the managers and the young key teachers a recipient sends to its
    helper: issue 30 could not tell two late H1 duties apart), in the language asked whichever
    the sheet was written in; a sheet without the column, every duty of the clause; words the
    notice does not use, as written; a clause the notice does not set, as it is."""
    duties = [d.duty for duties in DUTIES.values() for d in duties if d.clause == clause]
    chinese = translations("zh")
    named = [d for d in duties if written in {d, chinese.gettext(d)}]
    if written and not named:
        return _("{duty} ({clause})").format(duty=written, clause=clause)
    words = dict.fromkeys(_(d) for d in named or duties)
    if not words:
        return clause
    return _("{duty} ({clause})").format(duty=_("; ").join(words), clause=clause)
