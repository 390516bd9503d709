"""The CJK font the package ships: every chart draws its Chinese under zh with no system font
at all (issue 30: a fresh server drew boxes for 菏泽市)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import matplotlib as mpl
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from pairing_planner import Instance, SolveOptions, activity_calendar, solve, trade_off
from pairing_planner.i18n import use_language
from pairing_planner.io.calendar_sheet import TrackedActivity
from pairing_planner.report import fonts
from pairing_planner.report.plan_map import map_figure
from pairing_planner.report.plots import (
    calendar_figure,
    distance_figure,
    front_figure,
    load_figure,
    progress_figure,
    save,
)
from pairing_planner.report.tracking import progress

MATPLOTLIB_FONTS = Path(mpl.get_data_path()) / "fonts"


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """matplotlib sees only its own fonts, as on a machine with no font installed: its font
    manager (the one object every renderer asks) holds matplotlib's bundled fonts alone, and
    no system font is to be found."""
    manager = font_manager.fontManager
    bundled = [f for f in manager.ttflist if Path(f.fname).is_relative_to(MATPLOTLIB_FONTS)]
    monkeypatch.setattr(manager, "ttflist", bundled)
    monkeypatch.setattr(manager, "afmlist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    _forget_fonts()
    yield
    _forget_fonts()


def _forget_fonts() -> None:
    """Fonts chosen before are chosen again, from the fonts the manager holds now."""
    fonts.chart_fonts.cache_clear()
    font_manager.fontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def test_the_shipped_font_is_a_licensed_subset_of_a_few_megabytes() -> None:
    """The font ships with its licence beside it (SIL OFL), and is a subset of a few MB."""
    assert 1_000_000 < fonts.SHIPPED_FONT.stat().st_size < 5_000_000
    licence = (fonts.SHIPPED_FONT.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Noto Sans CJK SC" in licence


def test_the_shipped_font_holds_gb2312_and_every_shipped_name() -> None:
    """Every character GB2312 encodes, and every name of the county table and the shipped
    instances, has a glyph in the shipped font."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(fonts.SHIPPED_FONT)
    covered = set(cmap.getBestCmap())
    gb2312 = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                gb2312.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    assert len(gb2312) == 6763 and gb2312 <= covered
    root = Path(__file__).resolve().parents[1]
    names = (root / "src/pairing_planner/instance/china_counties.csv").read_text(encoding="utf-8")
    names += (root / "instances/heze.yaml").read_text(encoding="utf-8")
    assert {ord(c) for c in names if ord(c) > 0x7F} <= covered


def test_without_system_fonts_the_charts_use_the_shipped_font(no_system_fonts: None) -> None:
    """On a bare machine the chart fonts are the shipped one, then matplotlib's own."""
    assert fonts.chart_fonts() == ("Planner Sans SC", "DejaVu Sans")
    found = font_manager.fontManager.findfont("Planner Sans SC", fallback_to_default=False)
    assert Path(found) == fonts.SHIPPED_FONT


@pytest.mark.slow
def test_every_chart_draws_its_chinese_with_no_system_font(
    no_system_fonts: None,
    heze: Instance,
    heze_as_stated: Instance,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Under zh with system fonts hidden, each chart (map, distances, load, trade-off,
    calendar, progress) names the schools and places in Chinese and draws as PNG and SVG with
    no glyph missing: matplotlib's "Glyph … missing" warning is an error here."""
    with use_language("zh"):
        charts = _every_chart(heze, heze_as_stated)
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, "matplotlib"):
        warnings.simplefilter("error")
        for name, figure in charts.items():
            save(figure, tmp_path / f"{name}.png", dpi=60)
            save(figure, tmp_path / f"{name}.svg")
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    assert "菏泽市" in _texts(charts["map"]) and "鄄城县" in _texts(charts["map"])
    assert "东营市示例帮扶初中甲" in _texts(charts["load"])
    assert any("鄄城" in t for t in _texts(charts["calendar"]))
    assert any("县" in t for t in _texts(charts["progress"]))


def _every_chart(heze: Instance, heze_as_stated: Instance) -> dict[str, Figure]:
    result = solve(heze_as_stated)
    plan = result.plans[0]
    front = trade_off(heze_as_stated, ("distance", "score_gap"), SolveOptions(plans=3))
    calendar = activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=30)
    rows = [
        TrackedActivity(
            p.activity.id,
            p.activity.helper,
            p.activity.recipient,
            p.activity.clause,
            p.start,
            p.end,
            "done" if n % 3 else "open",
        )
        for n, p in enumerate(calendar.placements)
    ]
    return {
        "map": map_figure(heze, solve(heze).plans[0]),
        "distance": distance_figure(heze_as_stated, result),
        "load": load_figure(heze_as_stated, plan),
        "front": front_figure(front),
        "calendar": calendar_figure(heze_as_stated, calendar),
        "progress": progress_figure(progress(heze_as_stated, rows, date(2017, 3, 1))),
    }


def _texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(match=Text)]
