"""What the workbooks we write share."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def column_width(values: Sequence[object], cap: int = 60) -> int:
    """A column's width in Excel units for ``values`` (the header among them): CJK characters
    count twice, so Chinese names are not cut; at most ``cap``."""

    def cells(value: object) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))

    return min(cap, max(cells(v) for v in values) + 2)
