"""How the OpenAPI schema describes the API's errors: the problem document the server sends
(:mod:`pairing_planner.web.problems`, RFC 9457) under ``application/problem+json``, for the
statuses each route answers with. FastAPI's own entry, a 422 ``HTTPValidationError`` as
``application/json`` on every route that takes a parameter, described an answer the server
never gives (a request the schema refuses is a 400 problem), and left out 401, 403, 404,
409 and 413 (review 37, finding 4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from pairing_planner.web.models import ProblemItem
from pairing_planner.web.problems import MEDIA_TYPE

SCHEMAS = "#/components/schemas/"

ERRORS = {
    400: "A request the schema refuses (a field missing, one the API does not take, a value "
    "of the wrong type), each problem naming its field.",
    401: "No token, or a wrong one, on a server started with --token.",
    403: "A Host header that does not name this computer, or a change asked by another "
    "site's page.",
    404: "No such instance, solve, plan or file.",
    409: "Not possible now: a plan of a solve still running, a change report of a plan not "
    "re-planned, a calendar no week can hold.",
    413: "An upload past plan import's caps.",
    422: "Bad input a command would refuse (exit 2), each problem with its file, line, field "
    "and sheet.",
    503: "No calendar was found in the time given; the next download tries again.",
}
"""What each error status means, wherever a route answers with it."""

EVERY_ROUTE = (400, 401, 403, 413)
"""The statuses any request may get: the guard's (:mod:`pairing_planner.web.security`) and a
request the schema refuses."""


class Problem(BaseModel):
    """An error (RFC 9457) in the answer's language, with the problems behind it."""

    type: str = Field(description="urn:pairing-planner:problem: and a word (not-found, …).")
    title: str
    status: int
    detail: str = Field(description="The first problem as the command says it.")
    problems: list[ProblemItem]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route or router that answers with ``statuses``."""
    problem = {"schema": {"$ref": f"{SCHEMAS}Problem"}}
    return {s: {"description": ERRORS[s], "content": {MEDIA_TYPE: problem}} for s in statuses}


def describe_errors(app: FastAPI) -> None:
    """Make ``app``'s schema hold the problem document and no ``HTTPValidationError``."""
    made: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = made()
            for path in schema["paths"].values():
                for operation in path.values():
                    _no_validation_error(operation["responses"])
            schemas = schema["components"]["schemas"]
            for unused in ("HTTPValidationError", "ValidationError"):
                schemas.pop(unused, None)
            found = Problem.model_json_schema(ref_template=SCHEMAS + "{model}")
            for name, described in found.pop("$defs").items():
                schemas.setdefault(name, described)
            schemas["Problem"] = found
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _no_validation_error(responses: dict[str, Any]) -> None:
    """Remove FastAPI's 422 entry: the server answers a request the schema refuses with a
    400 problem; a route giving 422 for bad input declares it."""
    given = responses.get("422", {}).get("content", {})
    if "application/json" in given:
        del responses["422"]
