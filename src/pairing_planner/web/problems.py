"""Errors as ``application/problem+json`` (RFC 9457), with the same messages as the commands.

An :class:`~pairing_planner.errors.InputError` keeps every problem with its file, line, field
and sheet, as ``plan check --json`` gives them; a file the planner uploaded is named by the
name it had on the planner's machine, never by where the server keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from pathlib import Path

from fastapi.responses import JSONResponse

from pairing_planner.errors import InputError, Problem, first_shown, more_problems
from pairing_planner.i18n import _

MEDIA_TYPE = "application/problem+json"
TYPE = "urn:pairing-planner:problem:"
"""Each problem type is ``TYPE`` and a word (``bad-input``, ``not-found``, …): the server is
offline, so no type names a web page."""


class ApiProblem(Exception):
    """A request the server refuses: its HTTP ``status``, a ``kind`` of problem, a ``title``
    in the planner's language and the problems behind it."""

    def __init__(
        self, status: int, kind: str, title: str, problems: list[Problem] | None = None
    ) -> None:
        super().__init__(title)
        self.status = status
        self.kind = kind
        self.title = title
        self.problems = problems or []

    def response(self, shown: Mapping[str, str] | None = None) -> JSONResponse:
        """The problem document, a file named as ``shown`` maps its stored name (an
        upload's own name)."""
        listed, more = first_shown(self.problems)
        problems = [_problem(p, shown or {}) for p in listed]
        if more:
            problems.append({"message": more_problems(more)})
        body: dict[str, object] = {
            "type": TYPE + self.kind,
            "title": self.title,
            "status": self.status,
            "detail": _detail(self.problems, shown or {}) or self.title,
            "problems": problems,
        }
        return JSONResponse(body, status_code=self.status, media_type=MEDIA_TYPE)


def bad_input(error: InputError) -> ApiProblem:
    """What a command would refuse as bad input (exit 2): 422, every problem kept."""
    return ApiProblem(422, "bad-input", _("The input has problems."), [*error.problems])


def bad_request(problems: list[Problem]) -> ApiProblem:
    """A request that lacks what it must give, or gives it in the wrong shape: 400, each
    problem naming its field, as when the API's schema refuses it."""
    return ApiProblem(400, "bad-request", _("The request is not valid."), problems)


def not_found(message: str) -> ApiProblem:
    """An id or a file the server does not have."""
    return ApiProblem(404, "not-found", _("Not found."), [Problem(message)])


def conflict(message: str) -> ApiProblem:
    """A request that cannot be met yet (a plan of a solve still running)."""
    return ApiProblem(409, "not-ready", _("Not possible now."), [Problem(message)])


def _shown_file(file: Path | None, shown: Mapping[str, str]) -> str | None:
    if file is None:
        return None
    return shown.get(file.name, file.name)


def _problem(problem: Problem, shown: Mapping[str, str]) -> dict[str, object]:
    return {
        "message": problem.message,
        "file": _shown_file(problem.file, shown),
        "line": problem.line,
        "field": problem.field,
        "sheet": problem.sheet,
    }


def _detail(problems: list[Problem], shown: Mapping[str, str]) -> str:
    """The first problem as the command says it, the file by its shown name, joined by the
    language's separator (a full-width colon in Chinese, issue 32); its field is named once,
    so not again before a message that names it (a request's problems do)."""
    if not problems:
        return ""
    first = problems[0]
    file = _shown_file(first.file, shown)
    where = Problem(first.message, Path(file) if file else None, first.line, None, first.sheet)
    label = _("column '{name}'") if first.sheet is not None else _("field '{name}'")
    named = first.field is not None and f"'{first.field}'" not in first.message
    parts = [where.where(), label.format(name=first.field) if named else "", first.message]
    return reduce(
        lambda text, more: _("{where}: {what}").format(where=text, what=more),
        [p for p in parts if p],
    )
