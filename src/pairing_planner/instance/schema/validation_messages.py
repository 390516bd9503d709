"""Turning pydantic's validation errors into planner-readable problems with file:line."""

from __future__ import annotations

import difflib
import types
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from pairing_planner.errors import Problem
from pairing_planner.i18n import N_, _, choices
from pairing_planner.instance.schema.base_models import ID_PATTERN, NAME_PATTERN
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.yaml_files.yaml_source import YamlDocument

MOVED = {
    "contact": N_(
        "; a school's person and phone now go in the contacts file the bureau keeps beside "
        "the instance ('contacts: NAME.contacts.csv', docs/instance-format.md), never in the "
        "instance itself"
    ),
}
"""Fields an earlier version of the format had, and where their content goes now."""


def problems_from(
    error: ValidationError, doc: YamlDocument, root: type[BaseModel] = InstanceData
) -> list[Problem]:
    """One :class:`Problem` per pydantic error, located in the file (an instance file, or
    another file whose top level is ``root``)."""
    return [
        _problem(e["loc"], e["msg"], e["type"], e.get("ctx") or {}, doc, root)
        for e in error.errors()
    ]


def field_path(loc: Sequence[str | int]) -> str:
    """``('recipients', 3, 'stages')`` as ``recipients[3].stages``."""
    out = ""
    for key in (k for k in loc if k != "[key]"):
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _problem(
    loc: tuple[str | int, ...],
    msg: str,
    kind: str,
    ctx: dict[str, Any],
    doc: YamlDocument,
    root: type[BaseModel],
) -> Problem:
    shown = _without_union_tags(loc, root)
    if kind == "extra_forbidden":
        moved = MOVED.get(str(loc[-1]))
        msg = _("unknown field '{name}'").format(name=loc[-1]) + (
            _(moved) if moved else _did_you_mean(loc, root)
        )
    elif kind == "missing":
        msg = _("the field '{name}' is missing").format(name=loc[-1])
    else:
        msg = value_message(kind, ctx, msg)
    return Problem(msg, doc.path, doc.line_of(loc), field_path(shown))


def value_message(kind: str, ctx: dict[str, Any], msg: str) -> str:
    """What is wrong with a value, for a pydantic error of type ``kind`` with message ``msg``:
    our validators' own words (translated where raised), else ours for pydantic's."""
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    return _pydantic_message(kind, ctx, msg)


PYDANTIC_MESSAGES = {
    "int_parsing": N_("give a whole number"),
    "int_from_float": N_("give a whole number"),
    "float_parsing": N_("give a number"),
    "finite_number": N_("give a finite number (not NaN or infinity)"),
    "bool_parsing": N_("give true or false"),
    "string_type": N_("give a text"),
    "list_type": N_("give a list"),
    "dict_type": N_("give a mapping of fields"),
    "model_type": N_("give a mapping of fields"),
    "greater_than_equal": N_("give a value of at least {ge}"),
    "greater_than": N_("give a value above {gt}"),
    "less_than_equal": N_("give a value of at most {le}"),
    "less_than": N_("give a value below {lt}"),
    "string_too_short": N_("give at least {min_length} character(s)"),
    "string_too_long": N_("give at most {max_length} characters"),
    "too_short": N_("give at least {min_length} item(s)"),
    "string_pattern_mismatch": N_("not of the required form {pattern}"),
    "literal_error": N_("give one of {expected}"),
    "enum": N_("give one of {expected}"),
    "union_tag_invalid": N_("unknown kind {tag}; give one of {expected_tags}"),
    "date_parsing": N_("give a date as YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("give a date as YYYY-MM-DD"),
    "date_type": N_("give a date as YYYY-MM-DD"),
    "json_invalid": N_(
        "the file is not valid JSON (cut short, or edited by hand); write it again with the "
        "command that made it"
    ),
    "json_type": N_("the file is not valid JSON; write it again with the command that made it"),
}
"""pydantic's error types a planner meets, in words of our own (and so in Chinese): each may
use the error's context values."""


def _pydantic_message(kind: str, ctx: dict[str, Any], default: str) -> str:
    """The message for a pydantic error ``kind``; pydantic's own when it is not one of ours."""
    template = PYDANTIC_MESSAGES.get(kind)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        template = N_("not a valid id: use ASCII letters, digits, '-', '_' and '.'")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NAME_PATTERN:
        template = N_(
            "a name or phone must be on one line, without a line break or another control "
            "character (one pasted from Word, or Alt+Enter in a cell): retype it on one line"
        )
    if template is None:
        return default
    if kind in ("literal_error", "enum"):
        ctx = {**ctx, "expected": choices(_choices_given(str(ctx.get("expected", ""))))}
    try:
        return _(template).format(**ctx)
    except (KeyError, IndexError):
        return default


def _choices_given(expected: str) -> list[str]:
    """The values pydantic lists in its "'a', 'b' or 'c'" (it gives them only so joined)."""
    head, _or, last = expected.rpartition(" or ")
    return [*head.split(", "), last] if head else [expected]


def _without_union_tags(loc: tuple[str | int, ...], root: type[BaseModel]) -> list[str | int]:
    """pydantic puts a discriminated union's tag (``city_quota``) into ``loc``; the file does not
    have it, so it is dropped from the field path shown."""
    shown: list[str | int] = []
    annotation: Any = root
    for key in loc:
        annotation, was_tag = _step(annotation, key)
        if not was_tag:
            shown.append(key)
    return shown


def _did_you_mean(loc: tuple[str | int, ...], root: type[BaseModel]) -> str:
    annotation: Any = root
    for key in loc[:-1]:
        annotation, _was_tag = _step(annotation, key)
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return ""
    close = difflib.get_close_matches(str(loc[-1]), list(annotation.model_fields), n=1)
    return _("; did you mean '{name}'?").format(name=close[0]) if close else ""


def _step(annotation: Any, key: str | int) -> tuple[Any, bool]:
    """The type found at ``key`` inside ``annotation``, and whether ``key`` was a union tag."""
    annotation = _unwrap(annotation)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        for member in get_args(annotation):
            if _tag_of(member) == key:
                return member, True
        return None, False
    if origin is list or origin is tuple:
        return (get_args(annotation) or (None,))[0], False
    if origin is dict:
        return get_args(annotation)[1], False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(key))
        return (field.annotation if field else None), False
    return None, False


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, types.UnionType) and len(args) == 1:
        return _unwrap(args[0])
    return annotation


def _tag_of(member: Any) -> str | None:
    if isinstance(member, type) and issubclass(member, BaseModel) and "kind" in member.model_fields:
        kind = member.model_fields["kind"].annotation
        if get_origin(kind) is Literal:
            return str(get_args(kind)[0])
    return None
