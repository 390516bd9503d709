"""Whether a plan's ids name the same schools in an instance as in the file the plan came
from. An id is only a label: an instance written by hand, or imported before ids came from
a school's identity (from the row numbers, 序号, which a clerk renumbers every year), may give
last year's ``r05`` to another school this year. A plan records each school's name and place
(``plans.json``) or shows its name (a plan CSV, the ledger); a name or place that disagrees
with the instance is a mismatch.
Names are compared as :func:`~pairing_planner.instance.bureau_files.school_names.canonical` spells
them; a name the school had before (``formerly``: a rename ``plan import --previous`` confirmed)
is still its name, as is any name recorded with its 学校标识码."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pairing_planner.instance.bureau_files.school_identity import county_key
from pairing_planner.instance.bureau_files.school_names import canonical
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import School
from pairing_planner.result.plan import SchoolIdentity

SCHOOL_COLUMNS = {"helper": "helper_id", "recipient": "recipient_id"}
"""A plan row's name columns, each with the id column of the school it names."""
PLACE_COLUMNS = {"helper_city": "helper_id", "county": "recipient_id"}
"""A plan row's place columns (the helper's city, the recipient's county, by name), each
with the id column of its school."""


@dataclass(frozen=True)
class PlanRow:
    """A row of a plan CSV or ledger: its number as a spreadsheet shows it, and its cells
    (ids, names, places, the plan number), by column id."""

    line: int
    cells: Mapping[str, str]


@dataclass(frozen=True)
class Mismatch:
    """A school an id names in a plan file (``stated``) and in the instance (``actual``):
    each its name, with its place when the places differ; ``line`` is the file's row, None
    in ``plans.json``."""

    school: str
    stated: str
    actual: str
    column: str
    line: int | None = None


def school_identities(
    instance: Instance, pairs: Iterable[tuple[str, str]]
) -> dict[str, SchoolIdentity]:
    """The name and place of every school ``pairs`` name, by id, as ``plans.json`` records
    them."""
    found: dict[str, SchoolIdentity] = {}
    for pair in pairs:
        for school_id in pair:
            school = instance.school(school_id)
            if school is not None and school_id not in found:
                division = _division(instance, school)
                found[school_id] = SchoolIdentity(school.name, school.place, division, school.code)
    return found


def identity_mismatches(
    instance: Instance, recorded: Mapping[str, SchoolIdentity]
) -> list[Mismatch]:
    """The recorded schools whose name or place differs from the school of that id in
    ``instance`` (ids the instance lacks are another check's)."""
    found = []
    for school_id, stated in recorded.items():
        school = instance.school(school_id)
        if school is None:
            continue
        division = _division(instance, school)
        same_place = stated.place == school.place or (
            division is not None and stated.division == division
        )
        same_code = stated.code is not None and stated.code == school.code
        if same_code or (_is_named(stated.name, school) and same_place):
            continue
        if same_place:
            found.append(Mismatch(school_id, stated.name, school.name, "name"))
        else:
            was, now = f"{stated.name} ({stated.place})", f"{school.name} ({school.place})"
            found.append(Mismatch(school_id, was, now, "place"))
    return found


def row_mismatches(
    instance: Instance, rows: Iterable[PlanRow], with_places: bool = False
) -> list[Mismatch]:
    """The name cells (and, ``with_places``, the place cells) of ``rows`` that disagree with
    the instance's school of the row's id; an empty cell or an unknown id says nothing."""
    columns = {**SCHOOL_COLUMNS, **(PLACE_COLUMNS if with_places else {})}
    found = []
    for row in rows:
        for column, id_column in columns.items():
            stated, school_id = row.cells.get(column, ""), row.cells.get(id_column, "")
            actual = _described(instance, column, school_id)
            if stated and actual is not None and not _same_name(stated, actual):
                if column in SCHOOL_COLUMNS and _is_named(stated, instance.school(school_id)):
                    continue
                found.append(Mismatch(school_id, stated, actual, column, row.line))
    return found


def _division(instance: Instance, school: School) -> str | None:
    """The division code, as it is today, of the place ``school`` is in; None for a zone."""
    place = instance.places.get(school.place)
    return county_key(place) if place is not None and place.adcode else None


def _is_named(stated: str, school: School | None) -> bool:
    """Whether ``stated`` is ``school``'s name, or one it had before (``formerly``)."""
    if school is None:
        return False
    return any(_same_name(stated, name) for name in (school.name, *(school.formerly or ())))


def _same_name(stated: str, actual: str) -> bool:
    """Whether two names are one as compared; most are written alike, and that is checked
    first (a national plan's 180,000 rows)."""
    return stated == actual or canonical(stated) == canonical(actual)


def _described(instance: Instance, column: str, school_id: str) -> str | None:
    """What ``column`` of a plan row holds for this school in ``instance`` (as
    :func:`pairing_planner.report.frames.pairs_frame` writes it), None without the school."""
    school = instance.school(school_id)
    if school is None:
        return None
    if column == "helper_city":
        return instance.city_of(school).name
    if column == "county":
        county = instance.county_of(school)
        return county.name if county else ""
    return school.name
