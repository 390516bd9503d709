"""The API's page at ``/docs`` (issue 32: "OpenAPI at /docs", and nothing loaded from the
internet, which a bureau's intranet does not have): Swagger UI served from the package.

FastAPI's own ``/docs`` and ``/redoc`` took their script, style, fonts and icon from CDNs, so
on an intranet they showed a blank page (review 37, finding 1); both are turned off
(:func:`pairing_planner.web.app.create_app`) and this page stands in for them. Swagger UI is
vendored from the ``swagger-ui-dist`` package at :data:`SWAGGER_UI` (Apache-2.0: its LICENSE
and NOTICE lie beside it in ``web/static/swagger-ui/``), its files as published."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response

from pairing_planner.i18n import _
from pairing_planner.web.pages import PAGE_CACHE
from pairing_planner.web.problems import not_found

router = APIRouter()

SWAGGER_UI = "5.36.0"
"""The version of ``swagger-ui-dist`` whose files ``web/static/swagger-ui/`` holds."""
VENDORED = "/static/swagger-ui"
SWAGGER_FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "LICENSE": "text/plain; charset=utf-8",
    "NOTICE": "text/plain; charset=utf-8",
}
"""The vendored files, by name: a name not listed is not found (a URL never becomes a path)."""
OFFLINE = {"validatorUrl": None}
"""Swagger UI's settings beyond FastAPI's: no badge fetched from swagger.io's validator (it
asks for one whenever the schema's address is not 127.0.0.1 or localhost, as under
``--host``)."""


@router.get("/docs", include_in_schema=False)
def api_page(request: Request) -> HTMLResponse:
    """Swagger UI over the server's ``/openapi.json``, its files from :data:`VENDORED`; the
    icon is empty, as the workbench's page's, so the browser asks no other address for one."""
    root = request.scope.get("root_path", "").rstrip("/")
    return get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} API",
        swagger_js_url=f"{root}{VENDORED}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{VENDORED}/swagger-ui.css",
        swagger_favicon_url="data:,",
        swagger_ui_parameters=OFFLINE,
    )


@router.get(VENDORED + "/{name}", include_in_schema=False)
def swagger_file(name: str) -> Response:
    """One of Swagger UI's vendored files."""
    if name not in SWAGGER_FILES:
        raise not_found(_("there is nothing at {path}").format(path=f"{VENDORED}/{name}"))
    found = files("pairing_planner.web") / "static" / "swagger-ui" / name
    return FileResponse(
        str(found), media_type=SWAGGER_FILES[name], headers={"Cache-Control": PAGE_CACHE}
    )
