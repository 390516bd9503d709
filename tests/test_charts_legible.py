"""Charts legible at every scale (issue 30): the Heze map's labels apart and inside the figure,
its counties spread out, its extent fitting the schools; counts on integer ticks; progress of
one city shown per county."""

from __future__ import annotations

import math
from datetime import date

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from pairing_planner import Instance, solve
from pairing_planner.i18n import use_language
from pairing_planner.instance.schema.school_models import PlaceKind
from pairing_planner.io.calendar_sheet import TrackedActivity
from pairing_planner.report.duty_progress import progress
from pairing_planner.report.plan_map import map_figure
from pairing_planner.report.plots import load_figure, progress_figure
from tests.solved import solved_once


@pytest.fixture(scope="module")
def heze_map(heze: Instance) -> Figure:
    with use_language("zh"):
        return map_figure(heze, solved_once(heze).plans[0])


def _boxes(figure: Figure) -> list[tuple[str, Bbox]]:
    """Each visible text with its box, a name drawn twice (菏泽市 in both panels) twice."""
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    return [
        (t.get_text(), Text.get_window_extent(t, renderer))
        for t in figure.findobj(match=Text)
        if t.get_visible() and t.get_text().strip()
    ]


def assert_legible(figure: Figure, boxes: list[tuple[str, Bbox]]) -> None:
    """No two of the figure's texts (``boxes``) overlap, and each lies inside the figure; so
    does every title, whole (the distance chart's ran off the right edge, issue 30)."""
    whole = figure.bbox
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    titles = [a.title for a in figure.axes] + list(figure.texts)
    for title in (t for t in titles if t.get_text()):
        box = title.get_window_extent(renderer)
        assert whole.x0 <= box.x0 and box.x1 <= whole.x1, title.get_text()
    outside = [
        t
        for t, b in boxes
        if b.x0 < whole.x0 or b.x1 > whole.x1 or b.y0 < whole.y0 or b.y1 > whole.y1
    ]
    assert outside == []
    overlapping = [
        (a, b)
        for i, (a, box) in enumerate(boxes)
        for b, other in boxes[i + 1 :]
        if box.overlaps(other)
    ]
    assert overlapping == []


def test_the_map_s_labels_do_not_overlap_and_stay_inside(heze_map: Figure) -> None:
    """No two texts of the Heze map overlap, and every text lies inside the figure (威海市 was
    cut off at its right edge); 菏泽市 is named in both panels."""
    boxes = _boxes(heze_map)
    assert_legible(heze_map, boxes)
    names = [t for t, _box in boxes]
    assert "威海市" in names and names.count("菏泽市") == 2


def test_the_map_names_every_heze_county_apart(heze: Instance, heze_map: Figure) -> None:
    """Heze's counties, a knot at the scale of the province, get an enlarged panel: each is
    named (alone, or heading its schools' label: 曹县：), and their seats lie at least 20
    pixels apart there."""
    assert len(heze_map.axes) == 2
    counties = [p for p in heze.data.places if p.kind is PlaceKind.county]
    names = {t.get_text().split("\n")[0].removesuffix("：") for t in heze_map.axes[1].texts}
    assert {p.name for p in counties} <= names
    scale = heze_map.axes[1].transData
    seats = [scale.transform((p.lon * _squeeze(heze), p.lat)) for p in counties]
    nearest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
        for i, a in enumerate(seats)
        for b in seats[i + 1 :]
    )
    assert nearest >= 20


def _squeeze(instance: Instance) -> float:
    """The map's scale of longitude: the cosine of the places' mean latitude."""
    places = instance.data.places
    return math.cos(math.radians(sum(p.lat for p in places) / len(places)))


def test_the_map_s_extent_fits_the_schools(heze: Instance, heze_map: Figure) -> None:
    """The whole map's axes hold every seat, and the seats span most of them: no third of the
    figure left empty; the figure takes the map's shape (wider than tall for Shandong)."""
    axes = heze_map.axes[0]
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    xs = [p.lon * _squeeze(heze) for p in heze.data.places]
    ys = [p.lat for p in heze.data.places]
    assert x0 < min(xs) and max(xs) < x1 and y0 < min(ys) and max(ys) < y1
    assert (max(xs) - min(xs)) / (x1 - x0) > 0.75 and (max(ys) - min(ys)) / (y1 - y0) > 0.75
    width, height = heze_map.get_size_inches()
    assert width > 2 * height and axes.get_position().height > 0.75


def test_the_load_chart_counts_on_integer_ticks(heze_as_stated: Instance) -> None:
    """Schools helped are counts: the y ticks are whole numbers (it showed 0.2 … 1.0)."""
    figure = load_figure(heze_as_stated, solve(heze_as_stated).plans[0])
    FigureCanvasAgg(figure).draw()
    ticks = figure.axes[0].get_yticks()
    assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks)


def test_one_city_s_progress_is_shown_per_county(heze_as_stated: Instance) -> None:
    """Heze's progress, one city, is a bar per county with its counts, not a single bar; the
    axis says 县区 as the tables do (it said 县（市、区）)."""
    recipients = list(heze_as_stated.recipients.values())
    rows = [
        TrackedActivity(f"a{n}", "h", r.id, "H1", date(2016, 9, 5), date(2016, 9, 9), status)
        for n, r in enumerate(recipients)
        for status in ("done", "open")
    ]
    counties = {heze_as_stated.county_of(r).name for r in recipients}  # type: ignore[union-attr]
    with use_language("zh"):
        figure = progress_figure(progress(heze_as_stated, rows, date(2017, 3, 1)))
    labels = {t.get_text() for t in figure.axes[0].get_xticklabels()}
    assert len(counties) > 1 and labels == counties
    assert figure.axes[0].get_xlabel() == "县区"
