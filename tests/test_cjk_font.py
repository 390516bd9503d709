"""The CJK font the package ships: every chart draws its Chinese under zh with no system font
at all (issue 30: a fresh server drew boxes for 菏泽市)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from pairing_planner import Instance
from pairing_planner.i18n import use_language
from pairing_planner.report import fonts
from pairing_planner.report.plots import save
from tools import cjk_font_subset
from tools.chart_screenshots import heze_charts

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
    notice = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
    assert notice in licence.splitlines()


def test_the_shipped_font_holds_gb2312_and_every_shipped_text() -> None:
    """Every character GB2312 encodes has a glyph in the shipped font, and so has every
    character of what the font's script says it ships (the translations, every file under
    instances/ with the school lists, the division tables), but for marks no chart draws."""
    covered = set(TTFont(fonts.SHIPPED_FONT).getBestCmap())
    gb2312 = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                gb2312.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    assert len(gb2312) == 6763 and gb2312 <= covered
    files = [
        p.relative_to(cjk_font_subset.ROOT).as_posix() for p in cjk_font_subset.shipped_files()
    ]
    assert {"instances/lists/heze-recipients.csv", "instances/heze.yaml"} <= set(files)
    assert "src/pairing_planner/locale/zh/LC_MESSAGES/pairing_planner.po" in files
    assert "src/pairing_planner/instance/geodata/china_counties.csv" in files
    missing = {
        path: "".join(sorted(c for c in cjk_font_subset.drawn(text) if ord(c) not in covered))
        for path, text in _shipped_texts()
    }
    assert {path: chars for path, chars in missing.items() if chars} == {}


def test_the_character_list_holds_every_shipped_text() -> None:
    """The font is made from the checked-in list (tools/cjk_font_chars.txt), so the same
    source gives the same bytes at any commit; a text that brings a character the list lacks
    fails here until the list is written again (--refresh) and the font made again."""
    listed = cjk_font_subset.read_list()
    missing = {
        path: "".join(sorted(cjk_font_subset.drawn(text) - listed))
        for path, text in _shipped_texts()
    }
    assert {path: chars for path, chars in missing.items() if chars} == {}


def _shipped_texts() -> list[tuple[str, str]]:
    return [
        (p.relative_to(cjk_font_subset.ROOT).as_posix(), p.read_text(encoding="utf-8"))
        for p in cjk_font_subset.shipped_files()
    ]


def test_the_shipped_font_is_named_as_a_modified_version() -> None:
    """A subset is a modified version (SIL OFL 1.1): its names, the CFF table's included
    (they read "Noto Sans CJK JP"), are Planner Sans SC's."""
    font = TTFont(fonts.SHIPPED_FONT)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    assert (top.FamilyName, top.FullName) == ("Planner Sans SC", "Planner Sans SC Regular")
    assert cff.fontNames == ["PlannerSansSC-Regular"]
    assert all(part.FontName.startswith("PlannerSansSC-Regular-") for part in top.FDArray)
    names = {r.nameID: r.toUnicode() for r in font["name"].names}
    assert (names[1], names[4], names[6]) == (
        "Planner Sans SC",
        "Planner Sans SC Regular",
        "PlannerSansSC-Regular",
    )


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
        charts = heze_charts(heze, heze_as_stated)
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, "matplotlib"):
        warnings.simplefilter("error")
        for name, figure in charts.items():
            save(figure, tmp_path / f"{name}.png", dpi=60)
            save(figure, tmp_path / f"{name}.svg")
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    assert "菏泽市" in _texts(charts["heze-map"])
    assert any(t.startswith("鄄城县：\n") for t in _texts(charts["heze-map"]))
    assert "东营市示例帮扶初中甲" in _texts(charts["heze-load"])
    assert any("鄄城" in t for t in _texts(charts["heze-calendar"]))
    assert any("县" in t for t in _texts(charts["heze-progress"]))


def _texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(match=Text)]
