"""Messages in Chinese or English (``--lang zh|en``), with the standard library's gettext.

Planner-facing messages are written in English in the code, marked ``_("…")`` and formatted
after translation, so school and city names are inserted as the instance writes them. The
Chinese catalogue is ``locale/zh/LC_MESSAGES/pairing_planner.po``, compiled to ``.mo`` by
``python -m pairing_planner.docs_gen`` (a test fails when the ``.mo`` is stale or a message
has no translation). The language: ``--lang``, else the instance's ``language``, else the
locale (``LANG`` starting ``zh``), else English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import reduce
from pathlib import Path
from typing import Literal

Language = Literal["zh", "en"]

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "pairing_planner"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language: Language = "en"


def _(message: str) -> str:
    """``message`` in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the current language."""
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for translation where it is defined (a module constant); it is
    translated with :func:`_` where it is shown."""
    return message


def cited(text: str, clause: str) -> str:
    """``text`` with the notice's clause after it, in the language's brackets: "… (S7)" in
    English, "…（S7）" in Chinese, where a half-width bracket inside a Chinese sentence was
    out of place (user test of issue 30)."""
    return _("{text} ({clause})").format(text=text, clause=clause)


STAGE_WORDS = {"primary": N_("primary"), "junior": N_("junior"), "senior": N_("senior")}
"""Each stage's name by its message id."""


def stage_word(stage: str) -> str:
    """A stage's name: junior, 初中 …"""
    return _(STAGE_WORDS[stage])


STATUS_WORDS = {
    "OPTIMAL": N_("OPTIMAL"),
    "FEASIBLE": N_("FEASIBLE"),
    "RELAXED": N_("RELAXED"),
    "INFEASIBLE": N_("INFEASIBLE"),
    "UNKNOWN": N_("UNKNOWN"),
}
"""A result's or plan's status as shown (the JSON keeps the English code)."""


def status_word(status: str) -> str:
    """A status as the planner reads it: OPTIMAL, 最优 …"""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def stage_prefix(stage: str) -> str:
    """A stage word placed before a noun: "junior " in English, "初中" in Chinese."""
    return _("{stage} ").format(stage=stage_word(stage))


def listing(items: Iterable[str]) -> str:
    """Items joined as the language joins names: ", " in English, "、" in Chinese."""
    return _(", ").join(items)


def choices(items: Iterable[str]) -> str:
    """Choices joined as the language offers them: "a, b or c" in English, "a、b 或 c" in
    Chinese (pydantic's own "'a', 'b' or 'c'" put an English "or" in a Chinese message)."""
    *first, last = [*items] or [""]
    return _("{choices} or {last}").format(choices=listing(first), last=last) if first else last


def clauses(items: Iterable[str]) -> str:
    """Clauses joined as the language joins them: "; " in English, "；" in Chinese."""
    return _("; ").join(items)


def sentences(items: Iterable[str]) -> str:
    """Sentences one after another as the language writes them: a space after an English
    full stop, none after a Chinese "。" (a plain space gave "。 " in the summary, issue 32)."""
    gap = _("{sentence} {more}")
    first, *rest = [*items] or [""]
    return reduce(lambda text, more: gap.format(sentence=text, more=more), rest, first)


def from_locale() -> Language:
    """zh when the environment's locale is Chinese, else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def translations(language: Language) -> gettext.NullTranslations:
    """The catalogue of ``language`` (English: the messages as written)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE, languages=[language])


def current_language() -> Language:
    """The language messages are made in now (for worker processes, which start in English)."""
    return _language


@contextmanager
def use_language(language: Language) -> Iterator[None]:
    """Messages made inside the block are in ``language``."""
    global _current, _language
    previous = _current, _language
    _current, _language = translations(language), language
    try:
        yield
    finally:
        _current, _language = previous


def compile_catalogues() -> list[Path]:
    """Compile every ``.po`` under ``locale/`` to ``.mo`` (needs Babel, a dev dependency)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    return written
