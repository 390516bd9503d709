"""The console every command prints through: what it shows of the data is the data.

A school, city or file name comes from a bureau's list and is shown as written. With rich's
defaults a name such as ``[link=http://evil.example]牡丹区高级中学[/link]`` would be read as
markup (a clickable link, the name altered), ``:warning:`` as an emoji code, and a name
holding ESC sequences would reach the terminal raw (colours, a moved cursor, a changed
window title). So markup and emoji codes are off on this console, our own styles are given
as :class:`rich.text.Text` and ``style=``, never inside a string, and control characters
(C0 and C1, ESC among them, DEL, and the bidirectional overrides that reorder what a line
shows) are taken out of everything printed but the line breaks and tabs a layout needs.
rich's own control sequences (colours, the live progress display) are not text and pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from pairing_planner.report.line_breaks import Wrapped

BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
"""The embeddings, overrides and isolates of Unicode's bidirectional algorithm: a name holding
U+202E would show its characters, and those after it on the line, reversed."""

CONTROL_CHARACTERS = str.maketrans(
    {
        chr(c): None
        for c in [*range(0x20), *range(0x7F, 0xA0), *BIDI_CONTROLS]
        if chr(c) not in "\n\t"
    }
)
"""What is taken out of printed text: C0 controls but line feed and tab, DEL, C1 controls,
and the bidirectional controls."""


def shown(text: str) -> str:
    """``text`` without the control characters a terminal would act on."""
    return text.translate(CONTROL_CHARACTERS)


WRAPPED_OPTIONS = frozenset({"style", "highlight", "markup", "emoji"})
"""The options of ``print`` under which a lone string is wrapped by
:class:`~pairing_planner.report.line_breaks.Wrapped` (others, such as ``no_wrap`` or ``end``,
ask for rich's own layout)."""


class PlainConsole(Console):
    """A rich console that shows every string as the characters it holds (markup and emoji
    codes off), never sends a control character that came with the data, and breaks a
    printed line where :mod:`~pairing_planner.report.line_breaks` allows."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options, markup=False, emoji=False)

    def print(self, *objects: Any, **options: Any) -> None:
        """rich's ``print``; a lone string or text wrapped between words and Chinese
        characters but never inside a row range, a count, a quoted value or a sample command
        (rich breaks Chinese anywhere: "扎堆活动 / 0 项" at 80 columns, issue 30); a path wider
        than the terminal is printed whole, never cropped, for the terminal to fold."""
        lone = len(objects) == 1 and isinstance(objects[0], str | Text)
        if lone and options.keys() <= WRAPPED_OPTIONS:
            objects = (Wrapped(objects[0]),)
            options = {**options, "crop": False}
        super().print(*objects, **options)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """rich's rendering, with the control characters of every text segment removed."""
        for segment in super().render(renderable, options):
            yield segment if segment.control else segment._replace(text=shown(segment.text))


def labelled(label: str, style: str, text: str) -> Text:
    """``label`` in ``style``, then ``text`` as it is: "error: …", "warning: …"."""
    return Text.assemble((label, style), " ", text)
