"""The fonts of every chart: Planner Sans SC, the CJK font the package ships, first.

A chart must draw Chinese on any machine, a server without a CJK font included, and never
download anything: the package ships a subset of Noto Sans CJK SC (SIL OFL 1.1;
``fonts/OFL.txt``, made by ``tools/cjk_font_subset.py``: GB2312 and every character of the
tool's own texts and instances). It is registered with matplotlib on first use. A CJK font
installed on the system comes next, for the rare character a school's name may hold beyond
the subset, then matplotlib's own DejaVu Sans.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path

from matplotlib import font_manager, rc_context

SHIPPED_FONT = Path(__file__).resolve().parents[1] / "fonts" / "PlannerSansSC-Regular.otf"

SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
)
"""Installed families that cover simplified Chinese beyond the shipped subset, best first."""


@cache
def chart_fonts() -> tuple[str, ...]:
    """The font families of a chart's texts, in matplotlib's fallback order: the shipped font
    (registered here on first use), a system CJK font when there is one, DejaVu Sans."""
    font_manager.fontManager.addfont(str(SHIPPED_FONT))
    shipped = font_manager.FontProperties(fname=SHIPPED_FONT).get_name()
    known = {f.name for f in font_manager.fontManager.ttflist}
    system = [family for family in SYSTEM_CJK_FAMILIES if family in known][:1]
    return (shipped, *system, "DejaVu Sans")


def chart_texts() -> AbstractContextManager[object]:
    """Inside it, every text a figure creates is set in :func:`chart_fonts` (tick labels made
    later, when the figure is drawn, copy the first tick's font)."""
    return rc_context({"font.family": list(chart_fonts())})
