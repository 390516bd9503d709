"""The workbench's pages (docs/workbench.md#the-pages): the page, its script and style served
from the package (nothing from the internet: a bureau's intranet has none), the words it
shows in the planner's language, and what the page asks beyond the API of the commands —
the shipped examples and the schools of an instance with their places, for the table's
filters and the map."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from pairing_planner.errors import InputError
from pairing_planner.i18n import Language, _
from pairing_planner.web.error_schema import error_responses
from pairing_planner.web.language import speaking
from pairing_planner.web.models import InstanceOut
from pairing_planner.web.page_models import ExampleOut, SchoolOut
from pairing_planner.web.page_words import WORDS
from pairing_planner.web.problems import not_found
from pairing_planner.web.server import Server, language, server
from pairing_planner.web.shown import checked

router = APIRouter(responses=error_responses(404, 422))

STATIC = {
    "workbench.js": "text/javascript; charset=utf-8",
    "workbench.css": "text/css; charset=utf-8",
    "map.js": "text/javascript; charset=utf-8",
}
"""The page's files, by name: a name not listed is not found (a URL never becomes a path)."""
PAGE_CACHE = "no-cache"
YEAR = re.compile(r"(19|20)[0-9]{2}")
"""A year as a title or source names it."""
"""The page and its files are revalidated on each load, so a newer tool's page is never
mixed with an older script."""


@router.get("/", include_in_schema=False)
def page() -> FileResponse:
    """The workbench: one page, its steps shown one at a time."""
    return FileResponse(
        _static("index.html"),
        media_type="text/html; charset=utf-8",
        headers={"Cache-Control": PAGE_CACHE},
    )


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    """The page's script and style."""
    if name not in STATIC:
        raise not_found(_("there is nothing at {path}").format(path=f"/static/{name}"))
    return FileResponse(
        _static(name), media_type=STATIC[name], headers={"Cache-Control": PAGE_CACHE}
    )


@router.get("/workbench/words", include_in_schema=False)
def words(lang: Annotated[Language, Depends(language)]) -> JSONResponse:
    """The page's words in ``lang``, by their English: the page is written in English and
    shows the catalogue's translation, so its Chinese lives with every other message's."""
    with speaking(lang):
        return JSONResponse({word: _(word) for word in WORDS})


@router.get("/api/examples", tags=["examples"])
def examples(
    at: Annotated[Server, Depends(server)], lang: Annotated[Language, Depends(language)]
) -> list[ExampleOut]:
    """The shipped instances: to open as they are, or as templates for school lists (a
    file there that is no instance, such as a calendar, is not one)."""
    return shipped_examples(at)


def shipped_examples(at: Server) -> list[ExampleOut]:
    """The shipped instances, each read once: ``plan serve`` reads them in a thread as it
    starts (:func:`pairing_planner.web.app.create_app`), so that the first page need not wait
    the 1.7 s of reading them (docs/performance.md). Ordered by name, so that the notice's
    own (heze) comes before its variants (heze-2019, heze-as-stated): the page's default
    template is the first, and the notice's list is the 2016 one."""
    found = (_example(path, path.stat().st_mtime) for path in at.store.shipped())
    return sorted((e for e in found if e is not None), key=lambda example: example.name)


@lru_cache(maxsize=64)
def _example(path: Path, modified: float) -> ExampleOut | None:
    """The example at ``path`` as it was at ``modified``: read once, as the page asks for
    the list on every load."""
    from pairing_planner.instance.yaml_files.load import load_instance

    try:
        instance = load_instance(path)
    except InputError:
        return None
    return ExampleOut(
        name=path.stem,
        title=instance.data.title,
        recipients=len(instance.recipients),
        helpers=len(instance.helpers),
        year=_year(instance.data.title) or _year(instance.data.source),
    )


def _year(said: str) -> int | None:
    """The first year a text names (2016 of 鲁教基函〔2016〕7号), or None."""
    found = YEAR.search(said)
    return int(found.group()) if found else None


@router.post("/api/examples/{name}", status_code=201, tags=["examples"])
async def open_example(
    name: str,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> InstanceOut:
    """Open a shipped instance as if its file were uploaded: an id and ``plan check``'s
    findings; the same id each time, until the file changes."""

    def add() -> InstanceOut:
        with speaking(lang):
            shipped = {p.stem: p for p in at.store.shipped()}
            if name not in shipped:
                raise not_found(_("there is no example '{name}' on this server").format(name=name))
            return checked(at.store.add_example(shipped[name]))

    return await run_in_threadpool(add)


@router.get("/api/instances/{instance_id}/schools", tags=["instances"])
def schools(
    instance_id: str,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> list[SchoolOut]:
    """Every school of the instance with its city, county and coordinates: what the pairs
    table filters by and the map is drawn from."""
    from pairing_planner.report.map_schools import recipient_spots, short_name

    with speaking(lang):
        instance = at.store.get(instance_id).instance
    headed = {
        school.id: (spot.place.name, short_name(instance, school, spot.place))
        for spot in recipient_spots(instance, set(instance.recipients), lambda y, x: (x, y))
        if spot.place is not None
        for _n, school in spot.schools
    }
    shown = []
    for role, group in (("helper", instance.helpers), ("recipient", instance.recipients)):
        for school in group.values():
            county, city = instance.county_of(school), instance.city_of(school)
            lat, lon = instance.coords(school)
            shown.append(
                SchoolOut(
                    id=school.id,
                    name=school.name,
                    role=role,
                    city=city.name,
                    city_id=city.id,
                    county=county.name if county else "",
                    lat=lat,
                    lon=lon,
                    heading=headed.get(school.id, ("", ""))[0] if role == "recipient" else "",
                    short=headed.get(school.id, ("", ""))[1] if role == "recipient" else "",
                )
            )
    return shown


def _static(name: str) -> str:
    return str(files("pairing_planner.web") / "static" / name)
