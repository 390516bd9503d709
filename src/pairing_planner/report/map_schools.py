"""The recipient schools named on the schematic map (issue 30: it named only cities and
counties, so a planner could not tell which line was which school).

A school without coordinates of its own sits at its county's seat (or zone's, or city's), as
most schools of a list do, so the schools of a seat are named together in one label headed by
the place: "曹县：" over "第一中学" and "第一初级中学". Under that heading the school's name
drops the city and county it begins with, which the heading says (曹县第一中学 reads as
曹县 + 第一中学); a school drawn at its own coordinates keeps its whole name. Where those
labels do not all fit, or there are more than :data:`NAMED_SCHOOLS`, each school is given its
number in the instance's list (the number the calendar's activity ids begin with: 07-H1-2)
and the names are listed beside the map in that order; above :data:`KEYED_SCHOOLS` the map
names places only, and the ledger lists the pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pairing_planner.i18n import _, listing
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import Place, Recipient
from pairing_planner.report.label_placement import Label
from pairing_planner.result.plan import Plan

NAMED_SCHOOLS = 30
"""Up to this many recipients, the map names each beside its point."""
KEYED_SCHOOLS = 60
"""Up to this many, it numbers them and lists their names beside it."""
SCHOOL_SIZE = 7.0
"""The size (points) of the schools' labels and of the list beside the map."""


@dataclass(frozen=True)
class SchoolSpot:
    """The recipients drawn at one point, with their numbers in the instance's list:
    at the seat of ``place``, which heads their label, or (``place`` None) at a school's own
    coordinates."""

    place: Place | None
    x: float
    y: float
    schools: tuple[tuple[int, Recipient], ...]


def school_spots(
    instance: Instance, plan: Plan, project: Callable[[float, float], tuple[float, float]]
) -> list[SchoolSpot]:
    """The plan's recipients grouped by the point they are drawn at, in the list's order."""
    return recipient_spots(instance, {p.recipient for p in plan.pairs}, project)


def recipient_spots(
    instance: Instance, recipients: set[str], project: Callable[[float, float], tuple[float, float]]
) -> list[SchoolSpot]:
    """``recipients`` grouped by the point they are drawn at, in the list's order (the
    workbench's map groups its labels so, as the PNG map does)."""
    number = {r: n for n, r in enumerate(instance.recipients, start=1)}
    chosen = sorted(recipients, key=number.__getitem__)
    spots: dict[tuple[str, float, float], list[tuple[int, Recipient]]] = {}
    for recipient_id in chosen:
        school = instance.recipients[recipient_id]
        own = school.lat is not None and school.lon is not None
        x, y = project(*instance.coords(school))
        key = ("" if own else school.place, x, y)
        spots.setdefault(key, []).append((number[recipient_id], school))
    return [
        SchoolSpot(instance.places[place] if place else None, x, y, tuple(schools))
        for (place, x, y), schools in spots.items()
    ]


def spot_label(instance: Instance, spot: SchoolSpot, *, numbered: bool) -> Label:
    """The schools of a spot named (one a line, under their place's name), or ``numbered``
    by their numbers in the list (曹县：3、4)."""
    heading = "" if spot.place is None else _("{place}: ").format(place=spot.place.name)
    if numbered:
        text = heading + listing([str(n) for n, _school in spot.schools])
    else:
        names = [short_name(instance, school, spot.place) for _n, school in spot.schools]
        text = "\n".join([heading.rstrip(), *names] if heading else names)
    return Label(text, spot.x, spot.y, size=SCHOOL_SIZE, colour="black", required=False, led=True)


def short_name(instance: Instance, school: Recipient, place: Place | None) -> str:
    """The name without the city and county it begins with, when ``place`` heads it and
    something of two characters or more is left (牡丹区第二十二中学 → 第二十二中学)."""
    if place is None:
        return school.name
    name = school.name
    county = instance.county_of(school)
    for prefix in (instance.city_of(school).name, county.name if county else ""):
        if prefix and name.startswith(prefix) and len(name) - len(prefix) >= 2:
            name = name[len(prefix) :]
    return name


def key_lines(spots: list[SchoolSpot]) -> list[str]:
    """The list beside a numbered map: each school's number and whole name, in list order."""
    schools = sorted((s for spot in spots for s in spot.schools), key=lambda s: s[0])
    return [f"{n}  {school.name}" for n, school in schools]
