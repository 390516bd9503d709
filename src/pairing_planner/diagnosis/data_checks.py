"""``plan check`` findings about data a planner easily gets wrong, found in any instance: the
same school listed twice, a name that says one county while the school is placed in another,
coordinates far from the school's place, and division codes that do not belong to their place.
Each is a warning with the file line and what to do."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from pairing_planner.diagnosis.finding import Finding
from pairing_planner.i18n import N_
from pairing_planner.instance.bureau_files.school_identity import county_key
from pairing_planner.instance.bureau_files.school_names import canonical
from pairing_planner.instance.geodata.divisions import DIVISIONS
from pairing_planner.instance.geodata.geo import great_circle_km, great_circle_km_many
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import Place, PlaceKind, School
from pairing_planner.said import Said, said

FAR_KM = 150.0
"""A school farther than this from its place's seat has a coordinate wrong (a flipped sign, a
swapped latitude and longitude): counties are a few tens of km across, cities about 200."""

SUFFIXES = ("自治县", "县", "区", "市")
"""Endings of a division's name; a renamed division (定陶县 → 定陶区) keeps the rest."""


def data_findings(instance: Instance) -> list[Finding]:
    """Every data finding of the instance."""
    return [
        *_duplicates(instance),
        *_names_against_places(instance),
        *_far_coordinates(instance),
        *_adcodes(instance),
    ]


def _schools(instance: Instance) -> Iterator[tuple[School, tuple[str, int]]]:
    """Every school with its location in the file."""
    for i, helper in enumerate(instance.data.helpers):
        yield helper, ("helpers", i)
    for i, recipient in enumerate(instance.data.recipients):
        yield recipient, ("recipients", i)


def _compared_names(instance: Instance) -> list[str]:
    """Each school's name as compared (:func:`canonical`), in :func:`_schools`' order: made
    once for the duplicates and the names against places (issue 31: twice per school was a
    third of a large part's warnings)."""
    return instance.memo(
        "compared names", lambda: [canonical(school.name) for school, _loc in _schools(instance)]
    )


def _duplicates(instance: Instance) -> list[Finding]:
    seen: dict[str, tuple[School, tuple[str, int]]] = {}
    found = []
    for (school, loc), key in zip(_schools(instance), _compared_names(instance), strict=True):
        if key not in seen:
            seen[key] = (school, loc)
            continue
        first, first_loc = seen[key]
        message = said(
            N_(
                "{school} ({id}) and {other} ({other_id}, line {line}) look like the same "
                "school (names equal once spaces and full-width forms are set aside); keep one"
            ),
            school=school.name,
            id=school.id,
            other=first.name,
            other_id=first.id,
            line=instance.line_of(first_loc) or "?",
        )
        found.append(Finding.about(instance, loc, "warning", "duplicate-school", message))
    return found


def _short(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name


def _prefixes(instance: Instance) -> dict[str, Place]:
    """The names a school's name may begin with to say where it is: a county's name with or
    without its ending (曹县, 巨野县, 巨野), a city's full name (济南市; not 济南, which streets
    in other cities are named after)."""
    found: dict[str, Place] = {}
    for place in instance.data.places:
        if place.kind is PlaceKind.county:
            found |= {name: place for name in (place.name, _short(place.name)) if len(name) >= 2}
        elif place.kind is PlaceKind.city:
            found[place.name] = place
    return found


def _named_place(prefixes: dict[str, Place], text: str) -> Place | None:
    """The place whose name the school's name (as compared) begins with, the longest such,
    or None."""
    return next(
        (prefixes[text[:n]] for n in range(min(len(text), 8), 1, -1) if text[:n] in prefixes),
        None,
    )


def _names_against_places(instance: Instance) -> list[Finding]:
    prefixes = _prefixes(instance)
    found = []
    for (school, loc), text in zip(_schools(instance), _compared_names(instance), strict=True):
        named = _named_place(prefixes, text)
        place = instance.places[school.place]
        if named is None or named.id in {place.id, place.city} or _one_county(named, place):
            continue
        if named.kind is PlaceKind.city and instance.city_of(school).id == named.id:
            continue
        message = said(
            N_("{school} is placed in {place}, but its name begins with {named}; check its place"),
            school=school.name,
            place=place.name,
            named=named.name,
        )
        found.append(Finding.about(instance, (*loc, "place"), "warning", "name-place", message))
    return found


def _one_county(named: Place, place: Place) -> bool:
    """Whether a county the name gives and the school's place are one division today: a
    school named 定陶县… placed in 定陶区 after 定陶县 became 定陶区 is where its name says."""
    return bool(named.adcode and place.adcode) and county_key(named) == county_key(place)


def _far_coordinates(instance: Instance) -> list[Finding]:
    found = []
    for school, loc in _far_schools(instance):
        place = instance.places[school.place]
        assert school.lat is not None and school.lon is not None
        km = great_circle_km(school.lat, school.lon, place.lat, place.lon)
        if km <= FAR_KM:
            continue
        message = said(
            N_(
                "{school} lies {km:,.0f} km from the seat of {place}: a coordinate is likely "
                "wrong (a flipped sign, latitude and longitude swapped)"
            ),
            school=school.name,
            km=km,
            place=place.name,
        )
        found.append(Finding.about(instance, loc, "warning", "far-coordinates", message))
    return found


def _far_schools(instance: Instance) -> list[tuple[School, tuple[str, int]]]:
    """The schools with coordinates of their own that may lie farther than :data:`FAR_KM`
    from their place's seat, measured in one array operation (issue 31: a distance at a time
    was a quarter of a large part's warnings); :func:`_far_coordinates` measures these few
    again one by one, so a school within a metre of the limit is judged as before."""
    schools = [(s, loc) for s, loc in _schools(instance) if s.lat is not None and s.lon is not None]
    seats = [instance.places[school.place] for school, _loc in schools]
    here = np.array([(s.lat, s.lon) for s, _loc in schools], dtype=float).reshape(-1, 2)
    there = np.array([(p.lat, p.lon) for p in seats], dtype=float).reshape(-1, 2)
    km = great_circle_km_many(here[:, 0], here[:, 1], there[:, 0], there[:, 1])
    return [schools[i] for i in np.flatnonzero(km > FAR_KM - MARGIN_KM).tolist()]


MARGIN_KM = 1e-3
"""Schools this close under :data:`FAR_KM` by the array formula are measured again one by one
(the two formulas may differ in the last bits)."""


def _adcodes(instance: Instance) -> list[Finding]:
    found = []
    for i, place in enumerate(instance.data.places):
        problem = _adcode_problem(instance, place)
        if problem is not None:
            line = instance.line_of(("places", i, "adcode"))
            found.append(Finding("warning", "adcode", problem.text(), None, line, said=problem))
    return found


def _adcode_problem(instance: Instance, place: Place) -> Said | None:
    """Why the place's division code does not fit it: its city's code has other first four
    digits, or the bundled table of Shandong's codes gives the code to another name."""
    code = place.adcode
    if code is None:
        return None
    city = instance.places.get(place.city or "")
    if city is not None and city.adcode is not None and city.adcode[:4] != code[:4]:
        return said(
            N_("{place}'s adcode {code} is not one of {city}'s ({prefix}xx); check the code"),
            place=place.name,
            code=code,
            city=city.name,
            prefix=city.adcode[:4],
        )
    known = DIVISIONS.get(code)
    if known is not None and _short(known) != _short(place.name):
        return said(
            N_("the adcode {code} is {known}'s, not {place}'s; check the code"),
            code=code,
            known=known,
            place=place.name,
        )
    return None
