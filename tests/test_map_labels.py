"""A city's name never vanishes from the map (issue 30 review): a label that must show is
placed even where no free spot is left, at the spot that overlaps the least."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from pairing_planner import Instance, solve
from pairing_planner.i18n import use_language
from pairing_planner.instance.schema.school_models import PlaceKind
from pairing_planner.report.fonts import chart_texts
from pairing_planner.report.label_placement import Label, place_labels
from pairing_planner.report.plan_map import Projection, map_figure
from tests.conftest import build, instance_dict


def test_a_label_that_must_show_is_placed_where_no_spot_is_free() -> None:
    """Thirty cities on one spot of a small panel leave room for a few names at most: each
    city is named all the same, and the counties there, which may be left out, are."""
    figure = Figure(figsize=(2, 2))
    axes = figure.add_axes((0.1, 0.1, 0.8, 0.8))
    renderer = FigureCanvasAgg(figure).get_renderer()
    cities = [Label(f"城市{n:02d}", 0.5, 0.5, 9, "black", required=True) for n in range(30)]
    counties = [Label(f"县{n:02d}", 0.5, 0.5, 7, "grey", required=False) for n in range(5)]
    with chart_texts():
        placed = [t.get_text() for t in place_labels(axes, renderer, cities + counties, [])]
    assert placed == [c.text for c in cities]


@pytest.mark.slow
def test_every_city_with_a_seat_in_a_panel_is_named_there(heze: Instance) -> None:
    """Each panel of the map names every city whose seat it shows: the Heze map (two
    panels), and fifty cities in a knot, where 23 names were dropped."""
    for instance in (heze, _knot_of_cities(50)):
        with use_language("zh"):
            figure = map_figure(instance, solve(instance).plans[0])
        project = Projection(instance)
        for axes in figure.axes:
            (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
            cities = [p for p in instance.data.places if p.kind is PlaceKind.city]
            seated = [(p.name, *project(p.lat, p.lon)) for p in cities]
            shown = {name for name, x, y in seated if x0 <= x <= x1 and y0 <= y <= y1}
            assert shown
            assert shown <= {t.get_text() for t in axes.texts}


def _knot_of_cities(count: int) -> Instance:
    """``count`` cities, each with a county, within 300 m of each other; four pairs."""
    places = []
    for c in range(count):
        lat, lon = 36.0 + 0.0005 * (c % 5), 116.0 + 0.0005 * (c // 5)
        places.append({"id": f"c{c}", "name": f"城市{c}", "kind": "city", "lat": lat, "lon": lon})
        places.append(
            {"id": f"k{c}", "name": f"县{c}", "kind": "county", "city": f"c{c}", "lat": lat + 1e-4}
            | {"lon": lon}
        )
    schools = [
        {"id": f"{role}{i}", "name": f"{role}{i}", "place": f"k{i}", "stages": ["junior"]}
        | {"lat": 36.0, "lon": 116.0 + 0.0005 * i, "score": score}
        for role, score in (("h", 90), ("r", 40))
        for i in range(4)
    ]
    data = instance_dict(schools[:4], schools[4:], [])
    data["places"] = places
    return build(data)
