"""A request the API's schema refuses, in sentences of our own that name the field: pydantic
says 'Extra inputs are not permitted' or 'Input should be a valid dictionary', in English
whatever the planner's language, and a body that is no JSON was called a file (issue 32)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pairing_planner.errors import Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.schema.validation_messages import value_message

REQUEST_MESSAGES = {
    "extra_forbidden": N_(
        "the request has a field '{field}' the API does not take; remove it (the fields each "
        "request takes are listed at /docs)"
    ),
    "missing": N_("the request lacks the field '{field}'; give it"),
    "model_attributes_type": N_("the field '{field}' must hold fields of its own ({{…}})"),
    "dict_type": N_("the field '{field}' must hold fields of its own ({{…}})"),
    "int_type": N_("the field '{field}' must be a whole number, written as one (30, not \"30\")"),
    "float_type": N_("the field '{field}' must be a number, written as one (30, not \"30\")"),
    "bool_type": N_('the field \'{field}\' must be true or false (not "yes", 1 or "true")'),
}
"""pydantic's error types that only a request meets, said of the request's field."""

NOT_A_NUMBER = {
    "int_type": N_("the field '{field}' must be a whole number, e.g. 30"),
    "float_type": N_("the field '{field}' must be a number, e.g. 30"),
}
"""For a text that is no number ("abc"): "30, not \"30\"" fits only a number in quotes."""

NOT_JSON = N_("the request's body is not valid JSON ({error}); send it as JSON")


def request_problem(error: Mapping[str, Any]) -> Problem:
    """One of pydantic's errors of a request as a problem: what is wrong, said of the field
    it names (``options.time_limit``), and the field."""
    kind = str(error["type"])
    field = ".".join(str(k) for k in error["loc"][1:])
    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        return Problem(_(NOT_JSON).format(error=reason))
    if kind in NOT_A_NUMBER and not _number_in_text(error.get("input")):
        return Problem(_(NOT_A_NUMBER[kind]).format(field=field), None, None, field or None)
    if kind in REQUEST_MESSAGES:
        return Problem(_(REQUEST_MESSAGES[kind]).format(field=field), None, None, field or None)
    what = value_message(kind, error.get("ctx") or {}, str(error.get("msg", "")))
    return Problem(what, None, None, field or None)


def _number_in_text(given: object) -> bool:
    """Whether ``given`` is a number written as a text ("30")."""
    if not isinstance(given, str):
        return False
    try:
        float(given)
    except ValueError:
        return False
    return True
