"""The FastAPI app of ``plan serve``: routes, errors as problems, the guard, the jobs'
lifetime. The routes call the library; no solving logic lives here."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.version import tool_version
from pairing_planner.web import (
    api_page,
    calendars,
    comparisons,
    instances,
    page_terms,
    pages,
    solve_list,
    solves,
)
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.error_schema import EVERY_ROUTE, describe_errors, error_responses
from pairing_planner.web.language import speaking
from pairing_planner.web.problems import ApiProblem, bad_input, bad_request
from pairing_planner.web.request_problems import request_problem
from pairing_planner.web.security import Guard
from pairing_planner.web.server import Server, request_language
from pairing_planner.web.store import ShownInputError

TITLE = "pairing-planner"


def create_app(config: ServeConfig) -> FastAPI:
    """The app for ``config``: the worker processes start with it and end with it."""
    at = Server.of(config)

    @asynccontextmanager
    async def lifetime(app: FastAPI) -> AsyncIterator[None]:
        at.jobs.start()
        threading.Thread(target=pages.shipped_examples, args=(at,), daemon=True).start()
        try:
            yield
        finally:
            at.jobs.close()

    app = FastAPI(
        title=TITLE,
        version=tool_version(),
        lifespan=lifetime,
        docs_url=None,
        redoc_url=None,
        responses=error_responses(*EVERY_ROUTE),
    )
    describe_errors(app)
    app.state.server = at
    app.include_router(instances.router)
    app.include_router(solve_list.router)
    app.include_router(solves.router)
    app.include_router(comparisons.router)
    app.include_router(calendars.router)
    app.include_router(pages.router)
    app.include_router(page_terms.router)
    app.include_router(api_page.router)
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_middleware(Guard, config=config)
    return app


async def _api_problem(request: Request, error: Exception) -> JSONResponse:
    """A refusal, its detail's words (``field '…'``, the separator) in the request's
    language as its title and message are (review 37, finding 12)."""
    assert isinstance(error, ApiProblem)
    with speaking(request_language(request)):
        return error.response()


async def _input_error(request: Request, error: Exception) -> JSONResponse:
    """Bad input, as the commands word it: 422 with every problem's file, line and field."""
    assert isinstance(error, InputError)
    shown = error.shown if isinstance(error, ShownInputError) else {}
    with speaking(request_language(request)):
        return bad_input(error).response(shown)


async def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    """A request the API's schema refuses (a missing field, a word where a number goes): 400,
    each problem naming its field."""
    assert isinstance(error, RequestValidationError)
    with speaking(request_language(request)):
        problems = [request_problem(e) for e in error.errors()]
        return bad_request(problems).response()


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    """Starlette's own refusals (no such route, method not allowed) as problems."""
    assert isinstance(error, HTTPException)
    with speaking(request_language(request)):
        where = {"path": request.url.path, "method": request.method}
        if error.status_code == 404:
            title, words = _("Not found."), _("there is nothing at {path}").format(**where)
        elif error.status_code == 405:
            title = _("Not possible here.")
            words = _(
                "{path} does not take a {method} request; see /docs for what it takes"
            ).format(**where)
        else:
            title = words = str(error.detail)
        return ApiProblem(error.status_code, "http", title, [Problem(words)]).response()
