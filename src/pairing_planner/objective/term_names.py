"""A cost term named as a planner names it: its id (``score_gap``) or the label the tool
prints for it in either language (水平差距, score gap).

``--front 距离,水平差距`` took only ids, and refused the labels the tool itself prints, blaming
the instance's ``objective.weights`` (issue 30). Labels are matched in both languages
whatever the current one, since a planner copies them from output in either.
"""

from __future__ import annotations

import difflib

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _, listing, translations
from pairing_planner.instance.index.instance import Instance
from pairing_planner.objective import TERM_KINDS, term_label

SEPARATORS = str.maketrans({"，": ",", "、": ","})
"""The commas a Chinese keyboard gives, read as the comma between two terms."""


def _key(name: str) -> str:
    """A name as compared: case, spaces, hyphens and underscores ignored."""
    return "".join(c for c in name.casefold() if c not in " _-")


def _names() -> dict[str, str]:
    """Every name of every term: its id, English and Chinese label."""
    chinese = translations("zh")
    return {
        name: term.value
        for term, kind in TERM_KINDS.items()
        for name in (term.value, kind.label, chinese.gettext(kind.label))
    }


def split_terms(text: str) -> list[str]:
    """``A,B`` as its names, with a full-width comma or 、 as the comma."""
    return [name.strip() for name in text.translate(SEPARATORS).split(",")]


def front_terms(instance: Instance, names: tuple[str, str]) -> tuple[str, str]:
    """The ids of the two terms of a trade-off named ``names``; an unknown name (with the
    nearest known ones), a term the instance does not weigh, or the same term twice is an
    :class:`InputError` saying which terms the instance weighs."""
    known = _names()
    by_key = {_key(name): term for name, term in known.items()}
    weighted = [t.value for t, w in instance.data.objective.weights.items() if w > 0]
    offered = listing([t if term_label(t) == t else f"{term_label(t)} ({t})" for t in weighted])
    problems = []
    terms = []
    for name in names:
        term = by_key.get(_key(name))
        if term is None:
            close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
            like = dict.fromkeys(term_label(known[c]) for c in close if known[c] in weighted)
            hint = _("; did you mean {names}?").format(names=listing(list(like))) if like else ""
            message = _("'{name}' is not a cost term. The terms this instance weighs: {terms}")
            problems.append(Problem(message.format(name=name, terms=offered) + hint))
        elif term not in weighted:
            message = _(
                "this instance gives {term} no weight, so there is no trade-off with it; the "
                "terms it weighs: {terms} (a weight in the instance's objective adds one)"
            )
            problems.append(Problem(message.format(term=term_label(term), terms=offered)))
        terms.append(term)
    if not problems and terms[0] == terms[1]:
        message = _(
            "a trade-off needs two different cost terms; the terms this instance weighs: {terms}"
        )
        problems.append(Problem(message.format(terms=offered)))
    if problems:
        raise InputError(problems)
    return str(terms[0]), str(terms[1])
