"""Checks that every id an instance uses names something it defines.

These are errors (exit 2), not warnings: a plan cannot be built on a dangling reference.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence

from pairing_planner.i18n import _
from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.schema.rule_models import CityQuotaRule, PairList
from pairing_planner.instance.schema.school_models import PlaceKind, School

Located = tuple[str, Sequence[str | int]]
"""A message and the location (pydantic-style path) of the value it is about."""


def reference_problems(data: InstanceData) -> list[Located]:
    """Every dangling or duplicate id in ``data``."""
    return [
        *_duplicates(data),
        *_place_links(data),
        *_school_places(data),
        *_rule_references(data),
        *_calendar_references(data),
    ]


def _calendar_references(data: InstanceData) -> list[Located]:
    if isinstance(data.calendar, SchoolCalendar):
        return calendar_places(data.calendar, data, ("calendar",))
    if isinstance(data.calendar, str):
        return [(_("a calendar file needs an instance file to be relative to"), ("calendar",))]
    return []


def calendar_places(
    calendar: SchoolCalendar, data: InstanceData, prefix: tuple[str, ...]
) -> list[Located]:
    """Each blocked period of ``calendar`` naming a city or school ``data`` does not have (a
    misspelt id would silently block nothing)."""
    cities = {p.id for p in data.places if p.kind == "city"}
    schools = {s.id for s in [*data.helpers, *data.recipients]}
    found: list[Located] = []
    for n, blocked in enumerate(calendar.blocked):
        if blocked.city is not None and blocked.city not in cities:
            message = _("unknown city '{id}'").format(id=blocked.city) + suggest(
                blocked.city, cities
            )
            found.append((message, (*prefix, "blocked", n, "city")))
        if blocked.school is not None and blocked.school not in schools:
            message = _("unknown school '{id}'").format(id=blocked.school)
            found.append(
                (message + suggest(blocked.school, schools), (*prefix, "blocked", n, "school"))
            )
    return found


def suggest(name: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" when a known id is close to ``name``."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return _("; did you mean '{name}'?").format(name=close[0]) if close else ""


def _school_lists(data: InstanceData) -> list[tuple[str, Sequence[School]]]:
    return [("helpers", data.helpers), ("recipients", data.recipients)]


def _duplicates(data: InstanceData) -> list[Located]:
    found: list[Located] = []
    seen: dict[str, str] = {}
    for p_i, place in enumerate(data.places):
        if place.id in seen:
            message = _("duplicate place id '{id}'").format(id=place.id)
            found.append((message, ("places", p_i, "id")))
        seen[place.id] = "place"
    seen_school: set[str] = set()
    for key, group in _school_lists(data):
        for i, school in enumerate(group):
            if school.id in seen_school:
                message = _("duplicate school id '{id}'").format(id=school.id)
                found.append((message, (key, i, "id")))
            seen_school.add(school.id)
    return found


def _place_links(data: InstanceData) -> list[Located]:
    kinds = {p.id: p.kind for p in data.places}
    found: list[Located] = []
    for i, place in enumerate(data.places):
        if place.city is None:
            continue
        if place.city not in kinds:
            message = _("'{name}' names an unknown city '{city}'")
            message = message.format(name=place.name, city=place.city)
            found.append((message + suggest(place.city, kinds), ("places", i, "city")))
        elif kinds[place.city] is not PlaceKind.city:
            message = _("'{name}' names '{city}' as its city, but that is a county")
            message = message.format(name=place.name, city=place.city)
            found.append((message, ("places", i, "city")))
    return found


def _school_places(data: InstanceData) -> list[Located]:
    places = {p.id for p in data.places}
    found: list[Located] = []
    for key, group in _school_lists(data):
        for i, school in enumerate(group):
            if school.place not in places:
                message = _("'{name}' is in an unknown place '{place}'")
                message = message.format(name=school.name, place=school.place)
                found.append((message + suggest(school.place, places), (key, i, "place")))
    return found


def _rule_references(data: InstanceData) -> list[Located]:
    cities = {p.id for p in data.places if p.kind is PlaceKind.city}
    helpers = {h.id for h in data.helpers}
    recipients = {r.id for r in data.recipients}
    found: list[Located] = []
    for i, rule in enumerate(data.rules):
        if isinstance(rule, CityQuotaRule):
            for city in rule.quotas:
                if city not in cities:
                    message = _("the quota names '{city}', which is not a city of this instance")
                    message = message.format(city=city)
                    found.append((message + suggest(city, cities), ("rules", i, "quotas", city)))
        elif isinstance(rule, PairList):
            found.extend(_pair_references(rule, i, helpers.__contains__, recipients))
    return found


def _pair_references(
    rule: PairList, index: int, is_helper: Callable[[str], bool], recipients: set[str]
) -> list[Located]:
    found: list[Located] = []
    for j, (helper, recipient) in enumerate(rule.pairs):
        loc = ("rules", index, "pairs", j)
        if not is_helper(helper):
            hint = " (it is a recipient: write [helper, recipient])" if helper in recipients else ""
            message = _("'{id}' is not a helper of this instance").format(id=helper)
            found.append((message + hint, loc))
        if recipient not in recipients:
            message = _("'{id}' is not a recipient of this instance").format(id=recipient)
            found.append((message, loc))
    return found
