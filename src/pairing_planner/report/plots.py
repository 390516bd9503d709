"""Figures of plans (matplotlib, no network): distances per plan, helper load, and a
schematic map of Shandong (示意图) with city and county seats and a line per pair.

The map is drawn on a plain equirectangular axis scaled by cos(latitude): seats and pairs
are exact, there are no borders (no map data is fetched or shipped). Chinese labels need a
CJK font from the system; without one, every text of the figure is in English, names fall
back to ids, and the figure says so once — never a box for a glyph. Every figure is bounded
in size: at province scale the load is shown per helper city, not per school (one bar per
school made the Shandong figure 287,070 pixels wide).
"""

from __future__ import annotations

import math
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, MonthLocator, date2num
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _, use_language
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import PlaceKind
from pairing_planner.io.atomic import replacing
from pairing_planner.io.result_folders import inside
from pairing_planner.objective import term_label
from pairing_planner.report.fonts import cjk_font
from pairing_planner.report.tracking import Progress
from pairing_planner.result.calendar import CalendarResult, Placement
from pairing_planner.result.plan import Plan, Result

STAGE_COLOURS = {"primary": "#2a9d8f", "junior": "#e76f51", "senior": "#264653"}
FONT_HINT = "No CJK font found: labels show ids (install e.g. fonts-wqy-microhei)."


def _label(chinese: str, fallback: str) -> str:
    return chinese if cjk_font() else fallback


MAX_BARS = 60
"""Above this many helper schools the load figure shows cities instead."""
MAX_WIDTH = 16.0
"""The widest figure, in inches (2,400 pixels at 150 dpi)."""
LABELLED_PLACES = 40
"""Up to this many places, the map names counties as well as cities."""


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(min(width, MAX_WIDTH), height), layout="constrained")


def _texts() -> AbstractContextManager[None]:
    """The language of a figure's texts: the planner's, or English without a CJK font."""
    return nullcontext() if cjk_font() else use_language("en")


def distance_figure(instance: Instance, result: Result) -> Figure:
    """Box plot of pair distances (km), one box per plan."""
    with _texts():
        return _distance_figure(instance, result)


def _distance_figure(instance: Instance, result: Result) -> Figure:
    figure = _figure(7, 4)
    axes = figure.subplots()
    data = [[p.distance_km for p in plan.pairs] for plan in result.plans]
    axes.boxplot(data, tick_labels=[str(p.rank) for p in result.plans])
    axes.set_xlabel(_("plan"))
    axes.set_ylabel(_("distance (km)"))
    axes.set_title(_("Pair distances — {name}").format(name=instance.name))
    _apply_font(figure)
    return figure


def front_figure(result: Result) -> Figure:
    """The trade-off of a ``--front`` result: each plan by its two terms, numbered, joined in
    order; a plan not proven (FEASIBLE) drawn hollow."""
    with _texts():
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
        axes.set_title(_("Trade-off — {name}").format(name=result.instance))
        _apply_font(figure)
        return figure


def load_figure(instance: Instance, plan: Plan) -> Figure:
    """Schools per helper against its capacity, helpers by load; per helper city when there
    are more than :data:`MAX_BARS` helpers."""
    with _texts():
        load = Counter(p.helper for p in plan.pairs)
        if len(load) > MAX_BARS:
            return _load_bars(plan, *_by_city(instance, load), _("helper city"))
        helpers = sorted(load, key=lambda h: (-load[h], h))
        names = [_label(instance.helpers[h].name, h) for h in helpers]
        capacity = [instance.helpers[h].capacity for h in helpers]
        return _load_bars(plan, names, [load[h] for h in helpers], capacity, None)


def _by_city(instance: Instance, load: Counter[str]) -> tuple[list[str], list[int], list[int]]:
    """Schools helped and capacity of the helpers used, summed per helper city."""
    helped: Counter[str] = Counter()
    capacity: Counter[str] = Counter()
    for helper_id, n in load.items():
        city = instance.city_of(instance.helpers[helper_id])
        name = _label(city.name, city.id)
        helped[name] += n
        capacity[name] += instance.helpers[helper_id].capacity
    cities = sorted(helped, key=lambda c: (-helped[c], c))
    return cities, [helped[c] for c in cities], [capacity[c] for c in cities]


def _load_bars(
    plan: Plan, names: list[str], helped: list[int], capacity: list[int], axis: str | None
) -> Figure:
    figure = _figure(max(6, len(names) * 0.35), 4)
    axes = figure.subplots()
    axes.bar(names, helped, color="#e76f51", label=_("schools helped"))
    axes.scatter(names, capacity, marker="_", s=300, color="black", label=_("capacity"), zorder=3)
    axes.tick_params(axis="x", labelrotation=90)
    axes.set_ylabel(_("schools"))
    if axis is not None:
        axes.set_xlabel(axis)
    axes.set_title(_("Helper load — plan {rank}").format(rank=plan.rank))
    axes.legend()
    _apply_font(figure)
    return figure


def map_figure(instance: Instance, plan: Plan) -> Figure:
    """Seats of cities and counties, and a line per pair coloured by stage (a schematic);
    cities are named, and counties too when there are few places."""
    with _texts():
        return _map_figure(instance, plan)


def _map_figure(instance: Instance, plan: Plan) -> Figure:
    figure = _figure(8, 6)
    axes = figure.subplots()
    lat0 = sum(p.lat for p in instance.data.places) / len(instance.data.places)
    squeeze = math.cos(math.radians(lat0))
    for stage, colour in STAGE_COLOURS.items():
        drawn = False
        for pair in plan.pairs:
            recipient = instance.recipients[pair.recipient]
            if stage not in [s.value for s in recipient.stages][:1]:
                continue
            (hl, ho), (rl, ro) = (
                instance.coords(instance.helpers[pair.helper]),
                instance.coords(recipient),
            )
            axes.plot(
                [ho * squeeze, ro * squeeze],
                [hl, rl],
                color=colour,
                linewidth=1,
                alpha=0.7,
                label=None if drawn else _(stage),
            )
            drawn = True
    for place in instance.data.places:
        city = place.kind is PlaceKind.city
        axes.scatter(
            [place.lon * squeeze],
            [place.lat],
            s=40 if city else 12,
            color="black" if city else "grey",
            zorder=3,
        )
        if city or len(instance.data.places) <= LABELLED_PLACES:
            axes.annotate(
                _label(place.name, place.id),
                (place.lon * squeeze, place.lat),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=9 if city else 6,
                color="black" if city else "dimgrey",
            )
    axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])
    title = _("Plan {rank} of {name} — schematic, not a map").format(
        rank=plan.rank, name=instance.name
    )
    axes.set_title(title)
    axes.legend(loc="lower right", title=_("stage"))
    if not cjk_font():
        figure.text(0.01, 0.01, FONT_HINT, fontsize=7)
    _apply_font(figure)
    return figure


CLAUSE_COLOURS = {
    "M1": "#2a9d8f", "M2": "#e9c46a", "M3": "#e76f51", "H1": "#e9c46a", "H2": "#264653",
}  # fmt: skip


def calendar_figure(instance: Instance, result: CalendarResult, place: str | None = None) -> Figure:
    """The activity calendar as a chart over the school year, of the whole plan or of the pairs
    whose recipient is in ``place`` (a city or county id): up to ``MAX_BARS`` schools, a row per
    school and a bar per activity (coloured by clause); above that, a row per place one level
    down (county in a city, city in a province) with the activities in each week, so a chart
    stays readable at any size."""
    with _texts():
        return _calendar_figure(instance, _in_place(instance, result, place), place)


def chart_places(instance: Instance, result: CalendarResult, level: str) -> list[str]:
    """The ids of the cities (``level`` "city") or counties of the plan's recipients: one chart
    each (``plan calendar --charts-by``)."""
    return sorted({_place_id(instance, p, by_county=level == "county") for p in result.placements})


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
    schools = sorted(
        {s for p in result.placements for s in (p.activity.host, p.activity.traveller)}
    )
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
    name = instance.places[place].name if place else instance.name
    axes.set_title(
        _("Activity calendar {year}–{next} — {name}").format(
            year=result.school_year, next=result.school_year + 1, name=_label(name, place or name)
        )
    )
    _apply_font(figure)
    return figure


def _school_rows(
    instance: Instance, result: CalendarResult, schools: list[str], axes: Axes
) -> None:
    spans: dict[str, list[tuple[float, float]]] = {school: [] for school in schools}
    colours: dict[str, list[str]] = {school: [] for school in schools}
    for p in result.placements:
        for school in {p.activity.host, p.activity.traveller}:
            spans[school].append((_day(p.start), (p.end - p.start).days + 1.0))
            colours[school].append(CLAUSE_COLOURS.get(p.activity.clause, "#888888"))
    for n, school in enumerate(schools):
        axes.broken_barh(spans[school], (n - 0.4, 0.8), facecolors=colours[school])
    axes.set_yticks(range(len(schools)))
    axes.set_yticklabels([_label(instance.school_name(s), s) for s in schools], fontsize=7)
    axes.invert_yaxis()
    handles = [
        Patch(color=c, label=k)
        for k, c in CLAUSE_COLOURS.items()
        if any(p.activity.clause == k for p in result.placements)
    ]
    axes.legend(handles=handles, loc="upper right", fontsize=7)


def _place_rows(
    instance: Instance, result: CalendarResult, first: date, axes: Axes, *, by_county: bool
) -> None:
    """A row per city (or county), the activities of its recipients in each week."""
    weeks = 1 + max((p.start - first).days // 7 for p in result.placements)
    end = first + timedelta(days=7 * weeks)
    places = sorted({_place_id(instance, p, by_county=by_county) for p in result.placements})
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
    axes.set_yticklabels([_label(instance.places[c].name, c) for c in places], fontsize=7)
    axes.figure.colorbar(image, ax=axes, label=_("activities per week"))


def progress_figure(found: Progress) -> Figure:
    """The share of duties done per city, with the share overdue beside it."""
    with _texts():
        cities = found.table[found.table["level"] == "city"]
        figure = _figure(max(6.0, 0.5 * len(cities)), 4)
        axes = figure.subplots()
        names = [str(n) for n in cities["name"]]
        axes.bar(names, cities["share_done"], color="#2a9d8f", label=_("done"))
        axes.bar(
            names,
            cities["overdue"] / cities["duties"],
            bottom=cities["share_done"],
            color="#e76f51",
            label=_("overdue"),
        )
        axes.set_ylim(0, 1)
        axes.set_ylabel(_("share of duties"))
        axes.set_title(_("Progress on {day}").format(day=found.today))
        axes.legend()
        axes.tick_params(axis="x", labelrotation=45)
        _apply_font(figure)
        return figure


def _day(day: date) -> float:
    """A date on matplotlib's date axis (days since its epoch)."""
    return float(date2num(day))  # type: ignore[no-untyped-call]  # untyped in matplotlib


def _apply_font(figure: Figure) -> None:
    """Every text of the figure in the CJK font (with DejaVu Sans for what it lacks)."""
    family = cjk_font()
    if family:
        for text in figure.findobj(match=Text):
            assert isinstance(text, Text)
            text.set_fontfamily([family, "DejaVu Sans"])


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
