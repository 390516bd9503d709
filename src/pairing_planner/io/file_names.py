"""File names made from names in data (a school's name for its .ics file): valid on Windows,
macOS and Linux, and distinct where those systems would take two names for one."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

FILE_NAME_CHARACTERS = str.maketrans(
    {
        "<": "＜",
        ">": "＞",
        ":": "：",
        '"': "＂",
        "/": "／",
        "\\": "＼",
        "|": "｜",
        "?": "？",
        "*": "＊",
        **{chr(c): None for c in [*range(0x20), *range(0x7F, 0xA0)]},
    }
)
"""What a file name may not hold on Windows: those characters become their full-width forms
(the name stays readable, and a ``/`` or ``\\`` can never lead out of the folder); control
characters are dropped."""

RESERVED_FILE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))]
)
"""Names Windows keeps for devices, with any extension (``CON.ics`` is the console)."""

FILE_NAME_BYTES = 200
"""The longest name kept, in UTF-8 bytes, before its suffix: file systems allow 255, and a
Chinese character takes three."""


def file_name(text: str) -> str:
    """``text`` made a valid file name without a suffix (empty when nothing of it is left):
    refused characters replaced, no space or dot at either end (Windows drops a trailing one,
    a leading one hides the file), not a device name, at most :data:`FILE_NAME_BYTES`."""
    name = unicodedata.normalize("NFC", text).translate(FILE_NAME_CHARACTERS)
    kept = name.encode("utf-8")[:FILE_NAME_BYTES].decode("utf-8", errors="ignore")
    kept = kept.strip(" .\u3000")
    if kept.split(".")[0].casefold() in RESERVED_FILE_NAMES:
        return f"_{kept}"
    return kept


def distinct_file_names(names: Sequence[str], suffix: str) -> list[str]:
    """Each of ``names`` (made by :func:`file_name`) with ``suffix``, distinct without case
    (Windows and macOS take ``A.ics`` and ``a.ics`` for one file): a name taken already gets
    " (2)", " (3)" … in order."""
    taken: set[str] = set()
    found = []
    for name in names:
        candidate, copy = f"{name}{suffix}", 1
        while candidate.casefold() in taken:
            copy += 1
            candidate = f"{name} ({copy}){suffix}"
        taken.add(candidate.casefold())
        found.append(candidate)
    return found
