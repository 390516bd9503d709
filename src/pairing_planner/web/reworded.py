"""A sentence the tool wrote in one language, said in the other from the catalogue: a result's
summary (``result.message``) is made of the catalogue's sentences, joined by spaces, each
worded when solved, with values that are numbers, names or the catalogue's words themselves
(``(proven least)``, ``the cost of plan 1; the least bend of plan 2``). ``plans.json`` keeps
the sentences, not how they were made, so a page switched to the other language read the
summary in the solve's (issue 32): here each sentence is matched against the catalogue's
templates, its values said again in the other language where the catalogue has them, and the
template of the other language filled with them. A text not wholly made of the catalogue's
sentences is left as it is."""

from __future__ import annotations

import re
from functools import lru_cache

from pairing_planner.i18n import Language, translations

FIELD = re.compile(r"\{(\w*)(?:[:!][^}]*)?\}")
"""A ``str.format`` field of a template, its name kept (``{penalty}``, ``{value:.2f}``)."""
GROUP = re.compile(r"\(\?P<\w+>\.\+\?\)")
"""A field's group in a template's pattern: what is left without them is its fixed words."""
HAN = re.compile(r"[\u4e00-\u9fff]")
VALUES = "; "
"""How the tool joins a list of phrases given as one value (``what`` of ``MAY_DIFFER``)."""

Template = tuple[re.Pattern[str], str]


def reworded(text: str, language: Language) -> str:
    """``text`` in ``language``: as it is when already in it, or when some sentence of it is
    not the catalogue's."""
    source: Language = "zh" if HAN.search(text) else "en"
    if not text or source == language:
        return text
    said = _sentences(text.strip(), source)
    return text if said is None else said


def _sentences(text: str, source: Language) -> str | None:
    """The sentences of ``text`` one after another, each said in the other language; None
    when one is not the catalogue's."""
    if not text:
        return ""
    exact, templates = _catalogue(source)
    if text in exact:
        return exact[text]
    for pattern, other in templates:
        found = pattern.match(text)
        if found is None:
            continue
        values = {name: _value(value, source) for name, value in found.groupdict().items()}
        rest = _sentences(text[found.end() :].strip(), source)
        if rest is not None:
            return " ".join(p for p in (other.format(**values), rest) if p)
    for sentence in sorted((s for s in exact if text.startswith(s + " ")), key=len)[::-1]:
        rest = _sentences(text[len(sentence) :].strip(), source)
        if rest is not None:
            return " ".join(p for p in (exact[sentence], rest) if p)
    return None


def _value(value: str, source: Language) -> str:
    """A template's value in the other language: the catalogue's word or phrase, each of a
    list of them, else as it is (a number, a school's name)."""
    exact, templates = _catalogue(source)
    if value in exact:
        return exact[value]
    if VALUES in value:
        return VALUES.join(_value(v, source) for v in value.split(VALUES))
    for pattern, other in templates:
        found = pattern.fullmatch(value)
        if found is not None:
            return other.format(**{n: _value(v, source) for n, v in found.groupdict().items()})
    return value


@lru_cache(maxsize=2)
def _catalogue(source: Language) -> tuple[dict[str, str], list[Template]]:
    """The catalogue read from ``source``: whole sentences to the other language's, and each
    template with fields as a pattern (the most fixed words first) and the other's template."""
    catalog: dict[object, str] = getattr(translations("zh"), "_catalog", {})
    pairs = [(en, zh) for en, zh in catalog.items() if isinstance(en, str) and en and zh]
    if source == "zh":
        pairs = [(zh, en) for en, zh in pairs]
    exact = {said: other for said, other in pairs if not FIELD.search(said)}
    templates = sorted(
        (t for said, other in pairs if (t := _template(said, other)) is not None),
        key=lambda t: -len(GROUP.sub("", t[0].pattern)),
    )
    return exact, templates


def _template(said: str, other: str) -> tuple[re.Pattern[str], str] | None:
    """``said`` as a pattern whose groups are its fields, with ``other``; None for a text with
    no field, or no fixed words (it would match anything), or whose fields the pattern cannot
    name (an unnamed or repeated one)."""
    pieces = FIELD.split(said.replace("{{", "\0").replace("}}", "\1"))
    fixed, names = pieces[0::2], pieces[1::2]
    named = names and all(n.isidentifier() for n in names) and len(set(names)) == len(names)
    if not named or not "".join(fixed).strip():
        return None
    pattern = "".join(
        re.escape(part.replace("\0", "{").replace("\1", "}"))
        + (f"(?P<{names[i]}>.+?)" if i < len(names) else "")
        for i, part in enumerate(fixed)
    )
    return re.compile(pattern + r"(?=\s|$)", re.S), other
