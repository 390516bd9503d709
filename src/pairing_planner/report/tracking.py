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

from pairing_planner.duties import PROGRAMS
from pairing_planner.i18n import N_, _
from pairing_planner.instance.instance import Instance
from pairing_planner.io.calendar_sheet import TrackedActivity


@dataclass(frozen=True)
class Progress:
    """Progress as of ``today``: one row per program, city and county (``table``), the
    overdue activities, and T2's pairing rate (key poverty village schools with a helper in
    the sheet, of all the instance has)."""

    today: date
    table: pd.DataFrame
    overdue: list[TrackedActivity]
    poverty_paired: int
    poverty_schools: int


def progress(instance: Instance, rows: list[TrackedActivity], today: date) -> Progress:
    """Counted by the recipient's county and city (the bureau that checks the pair), and for
    the whole program; an activity is overdue when its last day is before ``today`` and it is
    not marked done."""
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
            }
        )
    frame = pd.DataFrame(
        records, columns=["program", "city", "county", "done", "partly", "overdue"]
    )
    levels = [
        (N_("program"), ["program"]),
        (N_("city"), ["city"]),
        (N_("county"), ["city", "county"]),
    ]
    table = pd.concat([_counted(frame, level, keys) for level, keys in levels], ignore_index=True)
    poverty = {r.id for r in instance.recipients.values() if r.poverty_village}
    paired = poverty & {row.recipient for row in rows}
    overdue = [r for r in rows if r.end < today and r.status != "done"]
    return Progress(today, table, overdue, len(paired), len(poverty))


def _counted(frame: pd.DataFrame, level: str, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, sort=True).agg(
        duties=("done", "size"),
        done=("done", "sum"),
        partly=("partly", "sum"),
        overdue=("overdue", "sum"),
    )
    grouped = grouped.reset_index()
    grouped["name"] = grouped[keys[-1]]
    grouped["level"] = level
    grouped["share_done"] = (grouped["done"] / grouped["duties"]).round(3)
    return grouped[["level", "name", "duties", "done", "partly", "overdue", "share_done"]]


def progress_json(found: Progress) -> str:
    """The progress for other systems: the table's rows, T2's counts and the overdue ids."""
    data = {
        "today": found.today.isoformat(),
        "rows": found.table.to_dict("records"),
        "poverty_paired": found.poverty_paired,
        "poverty_schools": found.poverty_schools,
        "overdue": [r.activity_id for r in found.overdue],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, default=int)


def render_progress(console: Console, found: Progress) -> None:
    """The table (program, then cities, then counties), T2's rate, and the overdue count."""
    table = Table(title=_("Progress of the pairs' duties on {day}").format(day=found.today))
    for header in (_("level"), _("name"), _("duties"), _("done"), _("partly"), _("overdue")):
        table.add_column(header, justify="left" if header in (_("level"), _("name")) else "right")
    table.add_column(_("share done"), justify="right")
    for row in found.table.to_dict("records"):
        table.add_row(
            _(str(row["level"])),
            str(row["name"]),
            str(row["duties"]),
            str(row["done"]),
            str(row["partly"]),
            str(row["overdue"]),
            f"{row['share_done']:.0%}",
        )
    console.print(table)
    if found.poverty_schools:
        rate = found.poverty_paired / found.poverty_schools
        line = _(
            "T2: {paired} of {total} key poverty village schools paired ({rate:.0%}; T2 asks 100 %)"
        )
        console.print(
            line.format(paired=found.poverty_paired, total=found.poverty_schools, rate=rate)
        )
    line = _("{n} duties overdue (past their last day, not marked done).")
    console.print(line.format(n=len(found.overdue)))
