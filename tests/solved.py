"""Solved results shared by the tests (issue 31: a suite a developer runs often).

Heze as printed takes a diagnosis and the least relaxation to solve (about 6 s on a loaded
2-core machine), and a dozen tests asked for the same result of the same instance with the
same options. :func:`solved_once` solves each (instance, options, language) once per test
process and hands every caller its own copy, so no test sees what another changed. A test
that asserts something of the solve itself (that it is deterministic, what it reports while
it runs, what a patched module changes) calls ``solve`` as before.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from pairing_planner import Result, SolveOptions, solve, write_result
from pairing_planner.i18n import Language, current_language, use_language
from pairing_planner.instance.index.instance import Instance

_SOLVED: dict[tuple[int, SolveOptions | None, str], tuple[Instance, Result]] = {}
"""What :func:`solved_once` solved, by the instance's identity, the options and the language; the
instance is kept beside its result so that its identity cannot be taken by another."""


def solved_once(instance: Instance, options: SolveOptions | None = None) -> Result:
    """``solve(instance, options)``, solved once for this very instance object (a session
    fixture's) and these options in the current language: messages and warnings are worded
    in it. A deep copy each time."""
    key = (id(instance), options, current_language())
    found = _SOLVED.get(key)
    if found is None or found[0] is not instance:
        found = (instance, solve(instance, options))
        _SOLVED[key] = found
    return deepcopy(found[1])


def written_in(instance: Instance, language: Language, out: Path) -> Path:
    """The folder of ``plans.json`` of ``instance`` solved (:func:`solved_once`) in
    ``language`` and written below ``out``: a result a planner reads later, maybe in the
    other language."""
    with use_language(language):
        result = solved_once(instance)
    return write_result(instance, result, out)
