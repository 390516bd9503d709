"""Figures of plans (matplotlib, no network): distances per plan, helper load, the
trade-off of a front, the activity calendar and the progress made on it (the schematic map is
``plan_map``). Every text is drawn in
the CJK font the package ships (``report/fonts``), so Chinese names draw on any machine,
never as a box for a glyph. Every figure is bounded
in size: at province scale the load is shown per helper city, not per school (one bar per
school made the Shandong figure 287,070 pixels wide).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, MonthLocator, date2num
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from pairing_planner.duties import DUTIES
from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.io.atomic import replacing
from pairing_planner.io.replaced_folders import inside
from pairing_planner.objective import term_label
from pairing_planner.report.chart_titles import fit_title, instance_title
from pairing_planner.report.duty_progress import DutyProgress
from pairing_planner.report.fonts import chart_texts
from pairing_planner.result.calendar import CalendarResult, Placement
from pairing_planner.result.plan import Plan, Result

MAX_BARS = 60
"""Above this many helper schools the load figure shows cities instead."""
MAX_WIDTH = 16.0
"""The widest figure, in inches (2,400 pixels at 150 dpi)."""


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(min(width, MAX_WIDTH), height), layout="constrained")


def distance_figure(instance: Instance, result: Result) -> Figure:
    """Box plot of pair distances (km), one box per plan."""
    with chart_texts():
        return _distance_figure(instance, result)


def _distance_figure(instance: Instance, result: Result) -> Figure:
    figure = _figure(7, 4)
    axes = figure.subplots()
    data = [[p.distance_km for p in plan.pairs] for plan in result.plans]
    axes.boxplot(data, tick_labels=[str(p.rank) for p in result.plans])
    axes.set_xlabel(_("plan"))
    axes.set_ylabel(_("distance (km)"))
    fit_title(axes.set_title(_("Pair distances — {name}").format(name=instance_title(instance))))
    return figure


def front_figure(instance: Instance, result: Result) -> Figure:
    """The trade-off of a ``--front`` result of ``instance``: each plan by its two terms,
    numbered, joined in order; a plan not proven (FEASIBLE) drawn hollow."""
    with chart_texts():
        if len(result.front) != 2:
            raise InputError([Problem(_("this result is not a trade-off (plan solve --front)"))])
        a, b = result.front
        figure = _figure(7, 5)
        axes = figure.subplots()
        xs = [p.term_costs.get(a, 0.0) for p in result.plans]
        ys = [p.term_costs.get(b, 0.0) for p in result.plans]
        axes.plot(xs, ys, color="grey", linewidth=1, zorder=1)
        proven = [p.status == "OPTIMAL" for p in result.plans]
        axes.scatter(
            xs,
            ys,
            s=36,
            zorder=2,
            color=["#e76f51" if ok else "white" for ok in proven],
            edgecolors="#e76f51",
        )
        for plan, x, y in zip(result.plans, xs, ys, strict=True):
            axes.annotate(str(plan.rank), (x, y), xytext=(4, 4), textcoords="offset points")
        axes.set_xlabel(term_label(a))
        axes.set_ylabel(term_label(b))
        fit_title(axes.set_title(_("Trade-off — {name}").format(name=instance_title(instance))))
        return figure


def load_figure(instance: Instance, plan: Plan) -> Figure:
    """Schools per helper against its capacity, helpers by load, every helper of the instance
    drawn (those the plan leaves idle at 0: the planner's chart drew 19 of its 40 helpers and
    did not say so); per helper city when there are more than :data:`MAX_BARS` helpers."""
    with chart_texts():
        load = Counter({h: 0 for h in instance.helpers})
        load.update(p.helper for p in plan.pairs)
        name = instance_title(instance)
        if len(load) > MAX_BARS:
            return _load_bars(plan, name, *_by_city(instance, load), _("helper city"))
        helpers = sorted(load, key=lambda h: (-load[h], h))
        names = [instance.helpers[h].name for h in helpers]
        capacity = [instance.helpers[h].capacity for h in helpers]
        return _load_bars(plan, name, names, [load[h] for h in helpers], capacity, None)


def _by_city(instance: Instance, load: Counter[str]) -> tuple[list[str], list[int], list[int]]:
    """Schools helped and capacity of the helpers used, summed per helper city."""
    helped: Counter[str] = Counter()
    capacity: Counter[str] = Counter()
    for helper_id, n in load.items():
        city = instance.city_of(instance.helpers[helper_id])
        helped[city.name] += n
        capacity[city.name] += instance.helpers[helper_id].capacity
    cities = sorted(helped, key=lambda c: (-helped[c], c))
    return cities, [helped[c] for c in cities], [capacity[c] for c in cities]


def _load_bars(
    plan: Plan,
    title: str,
    names: list[str],
    helped: list[int],
    capacity: list[int],
    axis: str | None,
) -> Figure:
    """The load's bars under a title naming the plan and the instance (``title``)."""
    figure = _figure(max(6, len(names) * 0.35), 4)
    axes = figure.subplots()
    axes.bar(names, helped, color="#e76f51", label=_("schools helped"))
    axes.scatter(names, capacity, marker="_", s=300, color="black", label=_("capacity"), zorder=3)
    axes.tick_params(axis="x", labelrotation=90)
    axes.set_ylabel(_("schools"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    if axis is not None:
        axes.set_xlabel(axis)
    fit_title(
        axes.set_title(_("Helper load — plan {rank} — {name}").format(rank=plan.rank, name=title))
    )
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return figure


DUTY_COLOURS = ("#2a9d8f", "#e9c46a", "#e76f51", "#264653")
"""The colours of a program's duties, in the duty table's order (one each: H1's managers and
its young teachers apart)."""


def calendar_figure(instance: Instance, result: CalendarResult, place: str | None = None) -> Figure:
    """The activity calendar as a chart over the school year, of the whole plan or of the pairs
    whose recipient is in ``place`` (a city or county id): up to ``MAX_BARS`` schools, a row per
    school and a bar per activity (coloured by clause); above that, a row per place one level
    down (county in a city, city in a province) with the activities in each week, so a chart
    stays readable at any size."""
    with chart_texts():
        return _calendar_figure(instance, _in_place(instance, result, place), place)


def chart_places(instance: Instance, result: CalendarResult, level: str) -> list[str]:
    """The ids of the cities (``level`` "city") or counties of the plan's recipients: one chart
    each (``plan calendar --charts-by``)."""
    found = {_place_id(instance, p, by_county=level == "county") for p in result.placements}
    return _in_list_order(instance, found)


def _in_list_order(instance: Instance, place_ids: set[str]) -> list[str]:
    """Places in the instance's order (the attachment's), not by id or character code."""
    return [p.id for p in instance.data.places if p.id in place_ids]


def _place_id(instance: Instance, placement: Placement, *, by_county: bool) -> str:
    recipient = instance.recipients[placement.activity.recipient]
    county = instance.county_of(recipient)
    return county.id if by_county and county else instance.city_of(recipient).id


def _in_place(instance: Instance, result: CalendarResult, place: str | None) -> CalendarResult:
    if place is None:
        return result
    kept = [
        p
        for p in result.placements
        if place
        in (_place_id(instance, p, by_county=True), _place_id(instance, p, by_county=False))
    ]
    return replace(result, placements=kept)


def _calendar_figure(instance: Instance, result: CalendarResult, place: str | None) -> Figure:
    schools = _schools_in_list_order(instance, result)
    first = min((p.start for p in result.placements), default=None)
    figure = _figure(12, 2 + 0.25 * min(len(schools), MAX_BARS))
    axes = figure.subplots()
    if first is None:
        axes.set_title(_("No activity placed"))
        return figure
    if len(schools) <= MAX_BARS:
        _school_rows(instance, result, schools, axes)
    else:
        _place_rows(instance, result, first, axes, by_county=place is not None)
    axes.xaxis.set_major_locator(MonthLocator())  # type: ignore[no-untyped-call]  # untyped
    axes.xaxis.set_major_formatter(DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
    name = instance.places[place].name if place else instance_title(instance)
    title = _("Activity calendar {year}–{next} — {name}").format(
        year=result.school_year, next=result.school_year + 1, name=name
    )
    fit_title(axes.set_title(title))
    return figure


def _schools_in_list_order(instance: Instance, result: CalendarResult) -> list[str]:
    """The calendar's schools as the planner's list has them: each recipient in the
    instance's order, followed by its helpers (a helper once, after its first recipient)."""
    position = instance.position
    pairs = sorted(
        {(p.activity.recipient, p.activity.helper) for p in result.placements},
        key=lambda pair: (position[pair[0]], position[pair[1]]),
    )
    return list(dict.fromkeys(school for pair in pairs for school in pair))


def _school_rows(
    instance: Instance, result: CalendarResult, schools: list[str], axes: Axes
) -> None:
    """A row per school, a bar per activity in its duty's colour, and a legend naming every
    duty drawn in words, with its clause (the notice's order)."""
    colour = _duty_colours(instance)
    spans: dict[str, list[tuple[float, float]]] = {school: [] for school in schools}
    colours: dict[str, list[str]] = {school: [] for school in schools}
    for p in result.placements:
        for school in {p.activity.host, p.activity.traveller}:
            spans[school].append((_day(p.start), (p.end - p.start).days + 1.0))
            colours[school].append(colour.get(_kind(p), "#888888"))
    for n, school in enumerate(schools):
        axes.broken_barh(spans[school], (n - 0.4, 0.8), facecolors=colours[school])
    axes.set_yticks(range(len(schools)))
    axes.set_yticklabels([instance.school_name(s) for s in schools], fontsize=7)
    axes.invert_yaxis()
    drawn = {_kind(p) for p in result.placements}
    handles = [
        Patch(color=c, label=f"{clause} {_(duty)}")
        for (clause, duty), c in colour.items()
        if (clause, duty) in drawn
    ]
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        title=_("duty"),
        title_fontsize=8,
    )


def _duty_colours(instance: Instance) -> dict[tuple[str, str], str]:
    """Each duty of the instance's program, (clause, duty), with its colour, in the duty
    table's order."""
    duties = DUTIES[instance.data.program]
    return {(d.clause, d.duty): c for d, c in zip(duties, DUTY_COLOURS, strict=False)}


def _kind(placement: Placement) -> tuple[str, str]:
    return placement.activity.clause, placement.activity.duty


def _place_rows(
    instance: Instance, result: CalendarResult, first: date, axes: Axes, *, by_county: bool
) -> None:
    """A row per city (or county), the activities of its recipients in each week."""
    weeks = 1 + max((p.start - first).days // 7 for p in result.placements)
    end = first + timedelta(days=7 * weeks)
    places = _in_list_order(
        instance, {_place_id(instance, p, by_county=by_county) for p in result.placements}
    )
    row = {place: n for n, place in enumerate(places)}
    counts = [[0] * weeks for _place in places]
    for p in result.placements:
        counts[row[_place_id(instance, p, by_county=by_county)]][(p.start - first).days // 7] += 1
    image = axes.imshow(
        counts,
        aspect="auto",
        cmap="Greens",
        interpolation="nearest",
        extent=(_day(first), _day(end), len(places) - 0.5, -0.5),
    )
    axes.set_yticks(range(len(places)))
    axes.set_yticklabels([instance.places[c].name for c in places], fontsize=7)
    axes.figure.colorbar(image, ax=axes, label=_("activities per week"))


PROGRESS_SHADES = {"done": "#2a9d8f", "partly": "#9fd8cf", "overdue_open": "#e76f51"}
"""The progress bars' parts: done, partly done in a lighter shade of done, overdue with nothing
done."""
COUNT_GAP_POINTS = 3
"""Room between a bar's top and its count, in points (2/3 touched 巨野县's full bar)."""


def progress_figure(found: DutyProgress) -> Figure:
    """Per city, or for one city per county (a single bar said nothing: issue 30), labelled 县区
    as the tables head it: the share of duties done, partly done above it and overdue with
    nothing done on top, on a per-cent axis, each bar headed by its duties done of all, clear
    of the bar and the frame; titled with the instance's name and the day."""
    with chart_texts():
        level = "city" if found.table["level"].eq("city").sum() > 1 else "county"
        rows = found.table[found.table["level"] == level]
        figure = _figure(max(6.0, 0.6 * len(rows)), 4)
        axes = figure.subplots()
        names = [str(n) for n in rows["name"]]
        bottom = [0.0] * len(rows)
        for column, label in (
            ("done", _("completed")),
            ("partly", _("partly")),
            ("overdue_open", _("overdue")),
        ):
            share = list(rows[column] / rows["duties"])
            axes.bar(names, share, bottom=bottom, color=PROGRESS_SHADES[column], label=label)
            bottom = [b + h for b, h in zip(bottom, share, strict=True)]
        for n, (done, duties) in enumerate(zip(rows["done"], rows["duties"], strict=True)):
            axes.annotate(
                f"{done}/{duties}",
                (n, bottom[n]),
                xytext=(0, COUNT_GAP_POINTS),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
            )
        axes.set_ylim(0, 1.15)
        axes.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        axes.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
        axes.set_ylabel(_("share of duties"))
        axes.set_xlabel(_("city") if level == "city" else _("county / district"))
        day = _("Progress on {day}").format(day=found.today)
        title = f"{found.title}\n{day}" if found.title else day
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        axes.tick_params(axis="x", labelrotation=45)
        fit_title(axes.set_title(title))
        return figure


def _day(day: date) -> float:
    """A date on matplotlib's date axis (days since its epoch)."""
    return float(date2num(day))  # type: ignore[no-untyped-call]  # untyped in matplotlib


def save(figure: Figure, target: Path, dpi: int = 150) -> Path:
    """Write ``figure`` as PNG or SVG (by extension), atomically."""
    with replacing(target) as path:
        figure.savefig(path, dpi=dpi)
    return target


CHART_DPI = 100
"""The calendar charts' resolution: a 12-inch chart is 1,200 pixels wide, and encoding it at
150 dpi took a tenth of the Heze calendar's two seconds."""


def write_calendar_charts(
    instance: Instance, result: CalendarResult, folder: Path, by: str | None = None
) -> list[Path]:
    """``calendar.png`` in ``folder`` and, with ``by`` "city" or "county", one chart per city
    or county of the recipients in ``folder/charts/``. Returns the files written."""
    written = [save(calendar_figure(instance, result), folder / "calendar.png", CHART_DPI)]
    for place in chart_places(instance, result, by) if by else []:
        (folder / "charts").mkdir(exist_ok=True)
        chart = calendar_figure(instance, result, place)
        written.append(save(chart, inside(folder / "charts", f"{place}.png"), CHART_DPI))
    return written
