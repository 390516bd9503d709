"""The trade-off front asked through the API (``options.front``), checked when the solve is
submitted as ``plan solve --front`` checks it, so that a misnamed term is a 422 naming the
terms the instance weighs, not a failed job."""

from __future__ import annotations

from dataclasses import replace

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.objective.term_names import front_terms, split_terms

FIELD = "options.front"


def front_asked(instance: Instance, asked: str | None, *, replanned: bool) -> tuple[str, ...]:
    """The ids of the two terms ``asked`` names ('distance,score_gap', or their labels in
    either language), or () when none is asked. A front is walked over the instance as it
    is, as ``plan solve --front`` walks it, so it takes no lock, forbid or baseline."""
    if asked is None:
        return ()
    terms = split_terms(asked)
    if len(terms) != 2:
        message = _("a trade-off front takes two cost terms, e.g. distance,score_gap")
        raise InputError([Problem(message, None, None, FIELD)])
    if replanned:
        message = _(
            "a trade-off front is walked over the instance as it is: leave out lock, forbid "
            "and baseline, or solve without front"
        )
        raise InputError([Problem(message, None, None, FIELD)])
    try:
        return front_terms(instance, (terms[0], terms[1]))
    except InputError as error:
        named = [replace(problem, field=FIELD) for problem in error.problems]
        raise InputError(named) from None
