"""Draw the screenshots of every chart in docs/images, under zh, as a bare machine would.

    python tools/chart_screenshots.py

matplotlib is shown its own fonts alone (no system font), so the pictures prove what a
server without a CJK font draws: the font the package ships (the font is registered with
matplotlib on a chart's first use, after its system fonts are hidden). The Heze instances are
solved here (the map of Heze as printed; the rest of the 20 schools S5 states), the calendar
placed for 2016, and a third of its duties left undone for the progress chart as of
2017-03-01. tests/test_cjk_font.py draws the same charts (:func:`heze_charts`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.figure import Figure

import pairing_planner as pp
from pairing_planner import Instance
from pairing_planner.i18n import use_language
from pairing_planner.io.calendar_sheet import TrackedActivity
from pairing_planner.report.duty_progress import progress
from pairing_planner.report.plan_map import map_figure
from pairing_planner.report.plots import (
    calendar_figure,
    distance_figure,
    front_figure,
    load_figure,
    progress_figure,
    save,
)

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
DPI = 80


def hide_system_fonts() -> None:
    """Leave matplotlib's font manager only the fonts matplotlib bundles."""
    own = Path(mpl.get_data_path()) / "fonts"
    manager = font_manager.fontManager
    manager.ttflist = [f for f in manager.ttflist if Path(f.fname).is_relative_to(own)]
    manager.afmlist = []


def heze_charts(heze: Instance, stated: Instance) -> dict[str, Figure]:
    """Every chart the package draws, under the language in use, by the name of its
    screenshot: the map of Heze as printed; the rest of the 20 schools S5 states."""
    result = pp.solve(stated, pp.SolveOptions(plans=3))
    plan = result.plans[0]
    front = pp.trade_off(stated, ("distance", "score_gap"), pp.SolveOptions(plans=4))
    calendar = pp.activity_calendar(stated, plan, school_year=2016, time_limit=30)
    rows = [
        TrackedActivity(
            p.activity.id,
            p.activity.helper,
            p.activity.recipient,
            p.activity.clause,
            p.start,
            p.end,
            "open" if n % 3 == 0 else "done",
        )
        for n, p in enumerate(calendar.placements)
    ]
    return {
        "heze-map": map_figure(heze, pp.solve(heze).plans[0]),
        "heze-load": load_figure(stated, plan),
        "heze-distance": distance_figure(stated, result),
        "heze-front": front_figure(stated, front),
        "heze-calendar": calendar_figure(stated, calendar),
        "heze-progress": progress_figure(progress(stated, rows, date(2017, 3, 1))),
    }


def main() -> None:
    """Write heze-map, heze-load, heze-distance, heze-front, heze-calendar, heze-progress."""
    hide_system_fonts()
    heze = pp.load_instance(ROOT / "instances" / "heze.yaml")
    stated = pp.load_instance(ROOT / "instances" / "heze-as-stated.yaml")
    with use_language("zh"):
        charts = heze_charts(heze, stated)
    for name, figure in charts.items():
        path = save(figure, IMAGES / f"{name}.png", DPI)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1000} kB")


if __name__ == "__main__":
    main()
