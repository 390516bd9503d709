"""Scope: where a helper may come from (S2: UR pairs stay inside the city, in practice the
county; HZ: helpers come from the supporting cities, not from Heze), and how far (``max_km``)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import Scope, ScopeRule
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules.base import Role, RuleKind, every_pair
from pairing_planner.rules.school_arrays import Positions, city_codes, county_codes, equal_pairs
from pairing_planner.said import Said, said


def narrow(rule: ScopeRule, instance: Instance, recipient: Recipient) -> frozenset[str] | None:
    """Exactly the helpers :func:`allows` allows, from the indexes: those of the recipient's
    city or county when the scope says so, without those of its own city for ``other_city``,
    and within the distance cap (measured as :func:`allows` measures it); None when nothing
    narrows (any scope, no cap)."""
    area = _area(rule, instance, recipient)
    if rule.max_km is None:
        pool = area
    elif area is None:
        pool = instance.helpers_within(recipient, rule.max_km)
    else:
        pool = _within_area(rule, instance, recipient, area)
    if rule.within is Scope.other_city:
        own = instance.helpers_by_area.get(instance.city_of(recipient).id, frozenset())
        pool = (frozenset(instance.helpers) if pool is None else pool) - own
    return pool


def _area(rule: ScopeRule, instance: Instance, recipient: Recipient) -> frozenset[str] | None:
    if rule.within is Scope.same_city:
        return instance.helpers_by_area.get(instance.city_of(recipient).id, frozenset())
    if rule.within is Scope.same_county:
        county = instance.county_of(recipient)
        return instance.helpers_by_area.get(county.id, frozenset()) if county else frozenset()
    return None


def _within_area(
    rule: ScopeRule, instance: Instance, recipient: Recipient, area: frozenset[str]
) -> frozenset[str]:
    """The area's helpers within the cap. Answered for every recipient at once on the first
    call: its area's few dozen helpers measured in one array operation, where the distance
    index gives the hundreds within the cap in any county, to intersect one by one."""
    table = instance.memo(("scope", rule.within, rule.max_km), lambda: _reach(rule, instance))
    if recipient.id in table:
        return table[recipient.id]
    return frozenset(h for h in area if allows(rule, instance, instance.helpers[h], recipient))


def _reach(rule: ScopeRule, instance: Instance) -> dict[str, frozenset[str]]:
    """Each recipient's area helpers within ``max_km``: measured one by one in an array for
    areas of up to :data:`MEASURED_AREA` helpers, from the distance index for larger ones. A
    distance within a metre of the cap is measured again by :func:`allows`' own function, so
    arrays and single pairs agree."""
    km = rule.max_km
    assert km is not None
    areas = {r.id: _area(rule, instance, r) or frozenset() for r in instance.data.recipients}
    large = [r for r in instance.data.recipients if len(areas[r.id]) > MEASURED_AREA]
    near_large = instance.helpers_near.within_many([instance.coords(r) for r in large], km)
    found = {r.id: hs & areas[r.id] for r, hs in zip(large, near_large, strict=True)}
    pairs = [(h, r) for r, area in areas.items() if r not in found for h in area]
    apart = instance.distances_km(pairs)
    inside = apart <= km
    for at in np.flatnonzero(np.abs(apart - km) < BOUNDARY_KM).tolist():
        inside[at] = instance.distance_km(*pairs[at]) <= km
    near: dict[str, set[str]] = {r: set() for r in areas if r not in found}
    for at in np.flatnonzero(inside).tolist():
        near[pairs[at][1]].add(pairs[at][0])
    return found | {r: frozenset(hs) for r, hs in near.items()}


MEASURED_AREA = 256
"""Helpers in an area up to which measuring each is cheaper than a query of the distance
index (about 100 µs): a county of a few dozen helpers is measured; a sprawling one of 2,600
(13 million pairs for its 5,000 recipients, 2.2 GB) is queried."""

BOUNDARY_KM = 1e-3
"""Distances this close to the cap are measured again one by one (the array formula may
differ from the scalar one in the last bits)."""


def allows(rule: ScopeRule, instance: Instance, helper: Helper, recipient: Recipient) -> bool:
    """True when the helper's place and distance fit the scope."""
    same_city = instance.city_of(helper).id == instance.city_of(recipient).id
    helper_county, recipient_county = instance.county_of(helper), instance.county_of(recipient)
    fits = {
        Scope.any: True,
        Scope.same_city: same_city,
        Scope.other_city: not same_city,
        Scope.same_county: helper_county is not None and helper_county == recipient_county,
    }[rule.within]
    if not fits or rule.max_km is None:
        return fits
    return instance.distance_km(helper.id, recipient.id) <= rule.max_km


def mask(
    rule: ScopeRule, instance: Instance, helpers: Positions, recipients: Positions
) -> NDArray[np.bool_]:
    """:func:`allows` over arrays: the places compared by their codes, then the distance
    measured for the pairs whose places fit, those within a metre of the cap again one by one
    by :func:`allows`' own function."""
    fits = _places_fit(rule, instance, helpers, recipients)
    if rule.max_km is None:
        return fits
    at = np.flatnonzero(fits)
    apart = instance.distances_at(helpers[at], recipients[at])
    inside = apart <= rule.max_km
    helper_ids, recipient_ids = list(instance.helpers), list(instance.recipients)
    for i in np.flatnonzero(np.abs(apart - rule.max_km) < BOUNDARY_KM).tolist():
        h, r = helper_ids[helpers[at[i]]], recipient_ids[recipients[at[i]]]
        inside[i] = instance.distance_km(h, r) <= rule.max_km
    fits[at] = inside
    return fits


def _places_fit(
    rule: ScopeRule, instance: Instance, helpers: Positions, recipients: Positions
) -> NDArray[np.bool_]:
    if rule.within is Scope.any:
        return np.ones(len(helpers), dtype=bool)
    if rule.within is Scope.same_county:
        helper_county, recipient_county = county_codes(instance)
        county = helper_county[helpers]
        return np.asarray((county == recipient_county[recipients]) & (county >= 0))
    helper_city, recipient_city = city_codes(instance)
    same = helper_city[helpers] == recipient_city[recipients]
    return np.asarray(same if rule.within is Scope.same_city else ~same)


def join(rule: ScopeRule, instance: Instance) -> tuple[Positions, Positions] | None:
    """The pairs a hair within the cap from the distance index (about 40 a recipient where
    its county may hold thousands of helpers), else those of one city or county; None for
    any scope or another city without a cap, which narrow nothing worth a join."""
    if rule.max_km is not None:
        recipients, helpers = instance.helpers_near.near_pairs(instance.coordinates[1], rule.max_km)
        return helpers, recipients
    if rule.within is Scope.same_city:
        return equal_pairs(city_codes(instance))
    if rule.within is Scope.same_county:
        return equal_pairs(county_codes(instance))
    return None


def idle(rule: ScopeRule, instance: Instance, helper: Helper) -> Said | None:
    """A helper in the recipients' own city when helpers must come from other cities (HZ):
    ``plan check`` says so instead of a bare "serves no one"."""
    if rule.within is not Scope.other_city:
        return None
    city = instance.city_of(helper)
    if city.id not in {instance.city_of(r).id for r in instance.data.recipients}:
        return None
    return said(
        N_(
            "{school} is in {city}, the recipients' own city, and the scope rule takes "
            "helpers from other cities only; it can serve no one"
        ),
        school=helper.name,
        city=city.name,
    )


RULE = RuleKind(
    kind="scope",
    role=Role.filter,
    penalty=None,
    binds=every_pair,
    idle=idle,
    clauses=("S2", "T4"),
    label=N_("scope"),
    summary=N_(
        "A helper school comes from where the program says (same city or county, or another "
        "city) and from no farther than the distance cap."
    ),
    narrow=narrow,
    narrows_exactly=True,
    allows=allows,
    mask=mask,
    join=join,
)
