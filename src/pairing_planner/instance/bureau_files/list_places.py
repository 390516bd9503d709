"""Counties and cities a school list names, found by name: the template's places first (development
zones included), then Shandong's division table, past names too, whose seats become new places'
coordinates. A county written after its city in one cell (菏泽市成武县) is found too; an unknown or
ambiguous name is a problem naming what it may have meant.
"""

from __future__ import annotations

import difflib
from collections import Counter
from functools import cache

from pairing_planner.errors import Problem
from pairing_planner.i18n import _
from pairing_planner.instance.geodata.division_changes import current_division
from pairing_planner.instance.geodata.divisions import DIVISIONS, SEATS
from pairing_planner.instance.index.ids import id_from_name
from pairing_planner.instance.schema.school_models import Place, PlaceKind
from pairing_planner.instance.spreadsheets.tables import Row, Table

PROVINCE = "山东省"
"""What an address begins with before its city."""


def compact_name(name: str) -> str:
    """A name without its spaces, half- or full-width."""
    return "".join(name.split())


@cache
def _city_prefixes() -> tuple[str, ...]:
    """The names a county's cell may begin with its city by: 菏泽市 and 菏泽, the longest
    first."""
    names = {n for c, n in DIVISIONS.items() if c.endswith("00") and not c.endswith("0000")}
    prefixes = names | {n.removesuffix("市") for n in names}
    return tuple(sorted(prefixes, key=len, reverse=True))


@cache
def _codes_by_name() -> dict[str, list[str]]:
    """Division codes by name, built once (a name may stand in several cities: 市中区)."""
    codes: dict[str, list[str]] = {}
    for code, name in DIVISIONS.items():
        codes.setdefault(name, []).append(code)
    return codes


def _by_division_today(places: list[Place]) -> dict[str, Place]:
    """The template's places by the division each is part of today, leaving out a division
    two places are part of (蓬莱市 and 长岛县, both 蓬莱区 since 2020): a list naming 蓬莱区
    could mean either, so it gets a place of its own."""
    today = {p.id: current_division(p.adcode) for p in places if p.adcode}
    counts = Counter(today.values())
    return {today[p.id]: p for p in places if p.id in today and counts[today[p.id]] == 1}


class ListPlaces:
    """Counties and cities by name: the template's places first (zones included), then the
    division table; the places the lists use, with the cities they belong to."""

    def __init__(self, places: list[Place]) -> None:
        self._places = places
        self._by_id = {p.id: p for p in places}
        self._by_name = {compact_name(p.name): p for p in places}
        self._by_code = {p.adcode: p for p in places if p.adcode}
        self._by_current = _by_division_today(places)
        self._added: dict[str, Place] = {}

    def get(self, place_id: str) -> Place | None:
        """The place of a resolved id; None for none."""
        return self._by_id.get(place_id) or self._added.get(place_id)

    def used(self) -> list[Place]:
        """The given places, then those the lists brought from the division table."""
        return [*self._places, *self._added.values()]

    def resolve(self, table: Table, row: Row, problems: list[Problem]) -> str | None:
        """The id of the row's place: its place id when the table gives one (a table an
        instance references), else its county, else its city, by name; or None with a
        problem."""
        place_id = row.cells.get("place", "")
        if place_id:
            if place_id in self._by_id:
                return place_id
            message = _("'{id}' is not a place of this instance").format(id=place_id)
            problems.append(table.problem(message, row.number, "place"))
            return None
        county, city = row.cells.get("county", ""), row.cells.get("city", "")
        if not county and not city:
            message = _("neither a county nor a city is given")
            problems.append(table.problem(message, row.number, "county"))
            return None
        city_place = self._find(city, None) if city else None
        if city and city_place is None:
            problems.append(self._unknown(table, row, "city", city, None))
            return None
        if not county:
            return city_place.id if city_place else None
        place = self._find(county, city_place) or self._after_city(county, city_place)
        if place is None:
            problems.append(self._unknown(table, row, "county", county, city_place))
            return None
        return place.id

    def _find(self, name: str, city: Place | None) -> Place | None:
        """The place called ``name`` (in ``city`` when given); spaces do not count (the
        attachment prints 曹 县 and 单 县, spaced to the width of three characters)."""
        name = compact_name(name)
        known = self._by_name.get(name)
        if known is not None and (city is None or known.city in (None, city.id)):
            return known
        codes = [
            c
            for c in _codes_by_name().get(name, [])
            if city is None or c[:4] == (city.adcode or "")[:4]
        ]
        if len(codes) != 1:
            return None
        return self._from_division(codes[0])

    def _after_city(self, name: str, city: Place | None) -> Place | None:
        """A county written after its city in one cell, as an address is (菏泽市成武县,
        山东省菏泽市成武县, 菏泽成武县): the county of that name in that city, which must be
        ``city`` when the row names one."""
        name = compact_name(name).removeprefix(PROVINCE)
        for prefix in _city_prefixes():
            rest = name.removeprefix(prefix)
            if rest in ("", name):
                continue
            named = self._find(prefix, None) or self._find(prefix + "市", None)
            if named is None or (city is not None and named.id != city.id):
                continue
            place = self._find(rest, named)
            if place is not None:
                return place
        return None

    def _from_division(self, code: str) -> Place:
        """A place for a division code: the template's with that code, or the template's one
        division that is the same today (定陶区 in a list, 定陶县 in the template: renamed in
        2016, :mod:`~pairing_planner.instance.geodata.division_changes`), else a new one with the
        division's seat (its city added too), its id its name in pinyin as the template's
        places are named (泰山区 → taishanqu; with the code after it when that id is taken),
        so that files named by place (``plan calendar --charts-by county``) are all pinyin."""
        if code in self._by_code:
            return self._by_code[code]
        if current_division(code) in self._by_current:
            return self._by_current[current_division(code)]
        is_city = code.endswith("00")
        city = None if is_city else self._from_division(code[:4] + "00")
        lat, lon = SEATS.get(code, SEATS.get(code[:4] + "00", (0.0, 0.0)))
        spelled = id_from_name(DIVISIONS[code])
        place = Place(
            id=spelled if spelled and self.get(spelled) is None else f"{spelled}-{code}".strip("-"),
            name=DIVISIONS[code],
            kind=PlaceKind.city if is_city else PlaceKind.county,
            city=None if city is None else city.id,
            adcode=code,
            lat=lat,
            lon=lon,
            note="from the bundled division table (cpca 0.5.5): seat coordinates",
        )
        self._by_code[code] = place
        self._by_name.setdefault(compact_name(place.name), place)
        self._added[place.id] = place
        return place

    def _unknown(self, table: Table, row: Row, key: str, name: str, city: Place | None) -> Problem:
        """An unknown or ambiguous place, with what it may have meant."""
        matches = _codes_by_name().get(compact_name(name), [])
        if len(matches) > 1 and city is None:
            cities = "、".join(DIVISIONS.get(c[:4] + "00", c) for c in matches)
            message = _("'{name}' is in more than one city ({cities}); add a 市 column")
            message = message.format(name=name, cities=cities)
            return table.problem(message, row.number, key)
        names = list(self._by_name) + [
            n for c, n in DIVISIONS.items() if city is None or c[:4] == (city.adcode or "")[:4]
        ]
        close = difflib.get_close_matches(name, list(dict.fromkeys(names)), n=3, cutoff=0.5)
        hint = _("; did you mean {names}?").format(names="、".join(close)) if close else ""
        message = _("no county or city called '{name}' is known").format(name=name) + hint
        if key == "county" and not close:
            message += _(" (a development zone needs a place in the template)")
        return table.problem(message, row.number, key)
