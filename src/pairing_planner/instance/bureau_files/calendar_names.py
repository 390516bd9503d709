"""The cities and schools a school-calendar sheet blocks days for, as a clerk writes them: by
name (菏泽市, or 菏泽 without 市; a school as its list spells it, compared as imports compare
names) or by the instance's id. A clerk knows the names; the ids are the tool's (issue 30)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pairing_planner.i18n import N_, _
from pairing_planner.instance.bureau_files.school_names import canonical
from pairing_planner.instance.index.references import suggest
from pairing_planner.instance.schema.models import InstanceData

NOT_THERE = {
    "city": N_(
        "'{value}' is not a city of this instance: write the city's name ({name}, or {short}) "
        "or its id ({id}), or leave the cell empty to block the days for every city"
    ),
    "school": N_(
        "'{value}' is not a school of this instance: write the school's name as its list "
        "spells it, or its id (its 编号 in the plan), or leave the cell empty"
    ),
}


def _city_key(name: str) -> str:
    """A city's name as compared: 菏泽市 and 菏泽 are one."""
    return canonical(name).removesuffix("市")


@dataclass(frozen=True)
class CalendarNames:
    """The instance's ids by each name a sheet may give a city or a school (the ids too);
    a school name two schools share is left out, so it is never taken for either. ``spelled``:
    the names as the instance spells them, offered when a cell is close to one."""

    ids: dict[str, dict[str, str]]
    spelled: dict[str, list[str]]
    example: dict[str, str]
    """A city of this instance to show how one is written (its name, short name and id): the
    first the instance lists, not one the shipped Heze file has."""

    @classmethod
    def of(cls, data: InstanceData) -> CalendarNames:
        """The names of ``data``'s cities and schools."""
        cities = [p for p in data.places if p.kind == "city"]
        schools = [*data.helpers, *data.recipients]
        shared = Counter(canonical(s.name) for s in schools)
        by_name = {canonical(s.name): s.id for s in schools if shared[canonical(s.name)] == 1}
        ids = {
            "city": {_city_key(p.name): p.id for p in cities} | {p.id: p.id for p in cities},
            "school": by_name | {s.id: s.id for s in schools},
        }
        spelled = {"city": [p.name for p in cities], "school": [s.name for s in schools]}
        first = cities[0] if cities else None
        example = (
            {"name": first.name, "short": _city_key(first.name), "id": first.id} if first else {}
        )
        return cls(ids, spelled, example)

    def id_of(self, column: str, text: str) -> str | None:
        """The id ``text`` names in ``column`` (city or school), None when it names none."""
        key = _city_key(text) if column == "city" else canonical(text)
        known = self.ids[column]
        return known.get(text) or known.get(key)

    def not_there(self, column: str, text: str) -> str:
        """What to say of a cell that names no city or school of the instance, with the
        nearest name when one is close."""
        said = _(NOT_THERE[column]).format(value=text, **self.example)
        return said + suggest(text, self.spelled[column])
