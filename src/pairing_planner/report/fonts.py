"""A font that can draw Chinese, taken from the system (never downloaded)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from matplotlib import font_manager

CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Droid Sans Fallback",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "AR PL UMing CN",
)
"""Families known to cover simplified Chinese, best first."""

FILE_HINTS = ("wqy", "notosanscjk", "notosanssc", "sourcehansans", "droidsansfallback", "simhei")


@cache
def cjk_font() -> str | None:
    """The family name of an installed CJK font, or None. Fonts installed after matplotlib
    built its font cache are found by file name and added."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    for path in font_manager.findSystemFonts():
        if any(hint in Path(path).name.lower().replace("-", "") for hint in FILE_HINTS):
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None
