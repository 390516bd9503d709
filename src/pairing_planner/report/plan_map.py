"""The schematic map of a plan (示意图): city and county seats and a line per pair.

Drawn on a plain equirectangular axis scaled by cos(latitude): seats and pairs are exact,
there are no borders (no map data is fetched or shipped). The axes fit the schools and
seats and the figure takes their shape, so no part of it is empty. When the recipients sit
in a small corner of the whole (Heze's nine counties among eleven helper cities across the
province), a second panel shows that corner enlarged, with its counties named, and the map
marks it: drawn at the scale of the province they were a knot of dots and names. Labels are
placed clear of each other and inside the axes (``label_placement``), so none overlaps
another and none is cut off at the edge (威海市 was).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import Place, PlaceKind
from pairing_planner.report.chart_titles import fit_title, instance_title
from pairing_planner.report.fonts import chart_texts
from pairing_planner.report.label_placement import Label, place_labels
from pairing_planner.report.map_schools import (
    KEYED_SCHOOLS,
    NAMED_SCHOOLS,
    SCHOOL_SIZE,
    SchoolSpot,
    key_lines,
    school_spots,
    spot_label,
)
from pairing_planner.result.plan import Plan

STAGE_COLOURS = {"primary": "#2a9d8f", "junior": "#e76f51", "senior": "#264653"}
LABELLED_PLACES = 40
"""Up to this many places in a panel, it names counties as well as cities."""
ZOOM_SHARE = 1 / 3
"""The recipients get a panel of their own when their extent is at most this share of the
whole map's, in width and in height."""
PANEL_HEIGHT = 4.5
"""Height of the map's panels, in inches."""
MAX_WIDTH = 16.0
"""The widest figure, in inches, as for every chart."""
MARGIN = 0.25
"""Around and between the panels, in inches; the title and the legend get more."""
TOP, BOTTOM = 0.6, 0.55
KEY_ROWS = 25
"""Schools a column of the key lists."""
KEY_LINE = 1.6
"""The key's line spacing, in its font's size."""


@dataclass(frozen=True)
class Extent:
    """A rectangle in the map's coordinates (x: longitude scaled by cos latitude, y:
    latitude)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, points: list[tuple[float, float]], pad: float) -> Extent:
        """The points' bounding box, padded by ``pad`` of its larger side (at least 0.05°)."""
        xs, ys = [x for x, _y in points], [y for _x, y in points]
        margin = max(pad * max(max(xs) - min(xs), max(ys) - min(ys)), 0.05)
        return cls(min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def holds(self, x: float, y: float) -> bool:
        """Whether the point is inside."""
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


class Projection:
    """Longitude scaled by the cosine of the instance's mean latitude, so that a degree east
    is as long as on the ground there."""

    def __init__(self, instance: Instance) -> None:
        places = instance.data.places
        self._squeeze = math.cos(math.radians(sum(p.lat for p in places) / len(places)))

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return lon * self._squeeze, lat


def map_figure(instance: Instance, plan: Plan) -> Figure:
    """Seats of cities and counties, a line per pair coloured by stage, and the recipient
    schools named (a schematic); the recipients' corner enlarged beside it when it is small.
    The schools are named beside their points when every name finds room, else numbered and
    listed beside the map (``map_schools``)."""
    with chart_texts():
        spots = school_spots(instance, plan, Projection(instance))
        shown = sum(len(spot.schools) for spot in spots)
        if shown > KEYED_SCHOOLS:
            return _map_figure(instance, plan, [], numbered=False)[0]
        figure, named = _map_figure(instance, plan, spots, numbered=shown > NAMED_SCHOOLS)
        return figure if named else _map_figure(instance, plan, spots, numbered=True)[0]


def _map_figure(
    instance: Instance, plan: Plan, spots: list[SchoolSpot], *, numbered: bool
) -> tuple[Figure, bool]:
    """The map, its schools named at ``spots`` (or numbered, with their list beside it), and
    whether every school's label found room."""
    project = Projection(instance)
    seats = {p.id: project(p.lat, p.lon) for p in instance.data.places}
    helpers = [project(*instance.coords(instance.helpers[p.helper])) for p in plan.pairs]
    recipients = [project(*instance.coords(instance.recipients[p.recipient])) for p in plan.pairs]
    whole = Extent.around([*seats.values(), *helpers, *recipients], pad=0.06)
    corner = _recipients_corner(instance, plan, seats, recipients, whole)
    extents = [whole] if corner is None else [whole, corner]
    key = key_lines(spots) if numbered else []
    figure, panels = _panels(extents, key)
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    for axes in panels:
        _pairs(axes, instance, plan, project)
        _seats(axes, instance.data.places, seats)
    title = _("Plan {rank} of {name} — schematic, not a map").format(
        rank=plan.rank, name=instance_title(instance)
    )
    fit_title(figure.suptitle(title, y=1 - 0.2 / figure.get_figheight(), va="top"))
    legend = _legend(figure, _stages(instance, plan))
    taken = [legend.get_window_extent(renderer)]
    if corner is not None:
        panels[0].add_patch(_frame(corner))
        panels[1].set_title(
            _("{place}, enlarged").format(place=_corner_name(instance, plan)), fontsize=10
        )
    named = True
    for axes, extent in zip(panels, extents, strict=True):
        shown = [p for p in instance.data.places if extent.holds(*seats[p.id])]
        enlarged = corner if axes is panels[0] else None
        here = spots if axes is panels[-1] else []
        schools = [spot_label(instance, spot, numbered=numbered) for spot in here]
        headed = {spot.place.id for spot in here if spot.place is not None}
        labels = _labels(shown, seats, enlarged, schools, headed)
        placed = {t.get_text() for t in place_labels(axes, renderer, labels, taken)}
        named = named and all(school.text in placed for school in schools)
    return figure, named


def _recipients_corner(
    instance: Instance,
    plan: Plan,
    seats: dict[str, tuple[float, float]],
    recipients: list[tuple[float, float]],
    whole: Extent,
) -> Extent | None:
    """The extent of the recipients and their places' seats, when it is a small corner of
    the whole (``ZOOM_SHARE``); else None."""
    if not recipients:
        return None
    places = {instance.recipients[p.recipient].place for p in plan.pairs}
    cities = {instance.city_of(instance.recipients[p.recipient]).id for p in plan.pairs}
    corner = Extent.around([*recipients, *(seats[p] for p in places | cities)], pad=0.12)
    small = corner.width <= ZOOM_SHARE * whole.width and corner.height <= ZOOM_SHARE * whole.height
    return corner if small else None


def _corner_name(instance: Instance, plan: Plan) -> str:
    """The recipients' city, or cities, named in the enlarged panel's title."""
    cities = {instance.city_of(instance.recipients[p.recipient]).name for p in plan.pairs}
    return "、".join(sorted(cities))


def _panels(extents: list[Extent], key: list[str]) -> tuple[Figure, list[Axes]]:
    """A figure whose panels have their extents' shapes, side by side, at equal scale on each
    axis of a panel, with the ``key`` (the numbered schools) listed right of them, and no
    wider than ``MAX_WIDTH`` together."""
    columns = math.ceil(len(key) / KEY_ROWS)
    key_width = columns * _column_width(key) + MARGIN * (columns > 0)
    height = PANEL_HEIGHT
    widths = [height * e.width / e.height for e in extents]
    room = MAX_WIDTH - MARGIN * (len(extents) + 1) - key_width
    if sum(widths) > room:
        height *= room / sum(widths)
        widths = [w * room / sum(widths) for w in widths]
    fig_width = sum(widths) + MARGIN * (len(extents) + 1) + key_width
    key_height = min(len(key), KEY_ROWS) * KEY_LINE * SCHOOL_SIZE / 72
    fig_height = max(height, key_height) + TOP + BOTTOM
    figure = Figure(figsize=(fig_width, fig_height))
    panels, left = [], MARGIN
    for extent, width in zip(extents, widths, strict=True):
        axes = figure.add_axes(
            (left / fig_width, BOTTOM / fig_height, width / fig_width, height / fig_height)
        )
        axes.set_xlim(extent.x0, extent.x1)
        axes.set_ylim(extent.y0, extent.y1)
        axes.set_xticks([])
        axes.set_yticks([])
        panels.append(axes)
        left += width + MARGIN
    for column in range(columns):
        lines = key[column * KEY_ROWS : (column + 1) * KEY_ROWS]
        x = (left + column * _column_width(key)) / fig_width
        figure.text(
            x, 1 - TOP / fig_height, "\n".join(lines), va="top", fontsize=SCHOOL_SIZE,
            linespacing=KEY_LINE,
        )  # fmt: skip
    return figure, panels


def _column_width(lines: list[str]) -> float:
    """The width (inches) of a column of the key: its longest line, a CJK character one em
    and any other half, and a gap."""
    ems = max((sum(1.0 if ord(c) >= 0x2E80 else 0.5 for c in line) for line in lines), default=0)
    return (ems + 2) * SCHOOL_SIZE / 72


def _pairs(axes: Axes, instance: Instance, plan: Plan, project: Projection) -> None:
    """A line per pair from helper to recipient, in the colour of the recipient's stage."""
    for pair in plan.pairs:
        (hx, hy), (rx, ry) = (
            project(*instance.coords(instance.helpers[pair.helper])),
            project(*instance.coords(instance.recipients[pair.recipient])),
        )
        colour = STAGE_COLOURS.get(_stage(instance, pair.recipient), "grey")
        axes.plot([hx, rx], [hy, ry], color=colour, linewidth=1, alpha=0.7)


def _seats(axes: Axes, places: list[Place], seats: dict[str, tuple[float, float]]) -> None:
    for place in places:
        city = place.kind is PlaceKind.city
        x, y = seats[place.id]
        axes.scatter([x], [y], s=40 if city else 12, color="black" if city else "grey", zorder=3)


def _stage(instance: Instance, recipient_id: str) -> str:
    """A recipient's first stage, which colours its line."""
    stages = instance.recipients[recipient_id].stages
    return stages[0].value if stages else ""


def _stages(instance: Instance, plan: Plan) -> list[str]:
    """The stages the plan's lines are drawn in, in the order of ``STAGE_COLOURS``."""
    drawn = {_stage(instance, p.recipient) for p in plan.pairs}
    return [stage for stage in STAGE_COLOURS if stage in drawn]


def _legend(figure: Figure, stages: list[str]) -> Legend:
    """The stages' colours, in a row under the panels."""
    handles = [
        Line2D([], [], color=STAGE_COLOURS[stage], linewidth=2, label=_(stage)) for stage in stages
    ]
    return figure.legend(
        handles=handles,
        loc="lower center",
        ncols=max(1, len(handles)),
        title=_("stage"),
        frameon=False,
        fontsize=9,
        title_fontsize=9,
        bbox_to_anchor=(0.5, 0.0),
    )


def _frame(extent: Extent) -> Rectangle:
    """The enlarged corner, marked on the whole map."""
    return Rectangle(
        (extent.x0, extent.y0),
        extent.width,
        extent.height,
        fill=False,
        linestyle="--",
        linewidth=0.8,
        edgecolor="dimgrey",
        zorder=2,
    )


def _labels(
    places: list[Place],
    seats: dict[str, tuple[float, float]],
    enlarged: Extent | None,
    schools: list[Label],
    headed: set[str],
) -> list[Label]:
    """Cities first (they must show), then the schools, then counties when the panel has few
    places and they are not in an enlarged corner (the other panel names them) nor head
    their schools' label (``headed``: their ids)."""
    cities = [p for p in places if p.kind is PlaceKind.city]
    counties = [
        p
        for p in places
        if p.kind is not PlaceKind.city
        and len(places) <= LABELLED_PLACES
        and (enlarged is None or not enlarged.holds(*seats[p.id]))
        and p.id not in headed
    ]
    return [
        *(Label(p.name, *seats[p.id], size=9, colour="black", required=True) for p in cities),
        *schools,
        *(Label(p.name, *seats[p.id], size=7, colour="dimgrey", required=False) for p in counties),
    ]
