"""What the workbooks we write share."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import xlsxwriter


def column_width(values: Sequence[object], cap: int = 60) -> int:
    """A column's width in Excel units for ``values`` (the header among them): CJK characters
    count twice, so Chinese names are not cut; at most ``cap``."""

    def cells(value: object) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))

    return min(cap, max(cells(v) for v in values) + 2)


DATE_FORMAT = "yyyy-mm-dd"
"""How a date cell shows: 2016-09-05, as the tool writes dates everywhere else."""

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": DATE_FORMAT,
}
"""Every text we write is a text cell: a school named ``=HYPERLINK(…)`` is not a formula, one
named ``http://…`` not a link, one named ``007`` not the number 7 (xlsxwriter's defaults
would make the first two live). A date is a date cell in :data:`DATE_FORMAT`, so Excel's
date filters and sorting work on it (issue 30); a number is a number cell."""


def workbook(path: Path) -> xlsxwriter.Workbook:
    """A new workbook at ``path`` for every .xlsx the tool writes: texts stay texts, dates
    are dates."""
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)


SHEET_NAME_LENGTH = 31
"""Excel's longest sheet name, in UTF-16 code units (as Excel and xlsxwriter count)."""

RESERVED_SHEET_NAMES = ("history",)
"""Names Excel keeps for itself (compared without case)."""

SHEET_NAME_CHARACTERS = str.maketrans(
    {
        "/": "／",
        "\\": "＼",
        ":": "：",
        "[": "［",
        "]": "］",
        "?": "？",
        "*": "＊",
        "\ufffe": None,
        "\uffff": None,
        **{chr(c): None for c in [*range(0x20), *range(0x7F, 0xA0)]},
    }
)
"""What a sheet name may not hold: the characters Excel refuses become their full-width
forms (a name stays readable), control characters are dropped (no XML may hold them)."""


def sheet_names(names: Sequence[str]) -> list[str]:
    """A valid sheet name for each of ``names`` (names from data, e.g. the R4 report's
    cities), distinct without case, in order: refused characters replaced, no apostrophe at
    either end, at most 31 characters, never empty nor "History". A name taken already (two
    cities that share their first 31 characters) is shortened to take " (2)", " (3)" …"""
    taken = set(RESERVED_SHEET_NAMES)
    found: list[str] = []
    for position, name in enumerate(names, start=1):
        base = name.translate(SHEET_NAME_CHARACTERS).strip("' \u3000") or f"Sheet{position}"
        candidate, copy = _fitted(base, ""), 1
        while candidate.casefold() in taken:
            copy += 1
            candidate = _fitted(base, f" ({copy})")
        taken.add(candidate.casefold())
        found.append(candidate)
    return found


def _fitted(base: str, suffix: str) -> str:
    """``base`` cut so that it and ``suffix`` fit a sheet name, without an apostrophe left
    at its end by the cut."""
    room = SHEET_NAME_LENGTH - _utf16_length(suffix)
    kept: list[str] = []
    for character in base:
        room -= _utf16_length(character)
        if room < 0:
            break
        kept.append(character)
    return "".join(kept).rstrip("'") + suffix


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
