"""A planner-facing sentence kept as its catalogue id and values, worded when it is shown.

A result is read in other languages than the one it was solved in (the workbench's 中文/English
switch, ``plan export --lang``), so ``plans.json`` records each sentence of it as a :class:`Said`
beside its text: the English message id, the values that fill it (numbers as numbers, names as
the instance spells them, the catalogue's own words and phrases as nested :class:`Said`), and
words it in whatever language is current (issue 32). Matching the stored text against the
catalogue's templates backwards (the workbench's first try) could neither fill ``{budget:.2f}``
with the text it matched nor tell where a lazily matched school name ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Union

from pairing_planner.i18n import N_, _, ngettext, sentences

Value = Union[int, float, str, "Said"]
"""What fills a sentence's field: a number, a name as the instance writes it, or words of the
catalogue (a :class:`Said`)."""


@dataclass(frozen=True)
class Said:
    """A sentence (or phrase) by the catalogue's message id and its values; or, with
    ``parts``, phrases joined by ``sep`` (itself a message id: ", " is "、" in Chinese)."""

    id: str = ""
    values: dict[str, Value] = field(default_factory=dict)
    plural: str = ""
    """The plural message id, for a sentence counted by its value ``n`` (ngettext)."""
    parts: list[Said] = field(default_factory=list)
    sep: str = ""

    def text(self) -> str:
        """The sentence in the current language (:func:`pairing_planner.i18n.use_language`)."""
        if self.parts:
            texts = [p for p in (part.text() for part in self.parts) if p]
            if self.sep == " ":
                return sentences(texts)
            return (_(self.sep) if self.sep.strip() else self.sep).join(texts)
        if not self.id:
            return ""
        values = {name: _worded(value) for name, value in self.values.items()}
        if self.plural:
            count = self.values.get("n", 1)
            template = ngettext(self.id, self.plural, count if isinstance(count, int) else 1)
        else:
            template = _(self.id)
        return template.format(**values) if values else template

    def __str__(self) -> str:
        return self.text()

    def __hash__(self) -> int:
        """A structure that labels its rows with a :class:`Said` stays hashable."""
        return hash((self.id, tuple(self.values.items()), self.plural, tuple(self.parts), self.sep))


def said(message: str, **values: Value) -> Said:
    """``message`` (a message id, marked ``N_``) with its values."""
    return Said(message, dict(values))


def counted(singular: str, plural: str, *, n: int, **values: Value) -> Said:
    """A sentence counted by ``n``: ``singular`` or ``plural`` as the language has it
    (ngettext; marked for the catalogue by the name ``counted``, as ``ngettext`` is)."""
    return Said(singular, {"n": n, **values}, plural=plural)


def joined(parts: Sequence[Said | None], sep: str = " ") -> Said:
    """``parts`` said one after another (those that say nothing left out), joined by ``sep``:
    " " between a summary's sentences (as the language writes them: none after "。"), ", " or
    "; " between a list's items (the catalogue's "、" and "；" in Chinese)."""
    return Said(parts=[p for p in parts if p is not None and (p.id or p.parts)], sep=sep)


def named(text: str) -> Said:
    """Words no catalogue translates (a name as the instance spells it), said as they are."""
    return Said("{text}", {"text": text})


def cited_said(text: Said, clause: str) -> Said:
    """``text`` with the notice's clause after it (:func:`pairing_planner.i18n.cited`)."""
    return said(N_("{text} ({clause})"), text=text, clause=clause)


def _worded(value: Value) -> int | float | str:
    return value.text() if isinstance(value, Said) else value


def worded(said_as: Said | None, text: str) -> str:
    """A stored sentence in the current language: from its message id when the file recorded
    one, else its ``text`` as it is (a file written before ids were kept)."""
    return said_as.text() if said_as is not None else text
