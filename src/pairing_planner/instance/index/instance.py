"""The validated, immutable instance every later layer reads (no OR-Tools here)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar, cast

import numpy as np
from numpy.typing import NDArray

from pairing_planner.instance.bureau_files.provenance import Source, cite
from pairing_planner.instance.geodata.geo import NearIndex, great_circle_km, great_circle_km_many
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.schema.school_models import (
    Helper,
    Place,
    PlaceKind,
    Recipient,
    School,
    Stage,
)
from pairing_planner.instance.yaml_files.yaml_quick import Loc
from pairing_planner.instance.yaml_files.yaml_source import line_in

PairKey = tuple[str, str]
"""(helper id, recipient id)."""

T = TypeVar("T")
"""What a memoised table holds (:meth:`Instance.memo`)."""


def helpers_by_recipient(pairs: Iterable[PairKey]) -> dict[str, tuple[str, ...]]:
    """Recipient id → the ids of its helpers in ``pairs``, in their order, each once: the one
    index of a plan or pair list by recipient."""
    found: dict[str, dict[str, None]] = {}
    for helper_id, recipient_id in pairs:
        found.setdefault(recipient_id, {})[helper_id] = None
    return {r: tuple(hs) for r, hs in found.items()}


@dataclass(frozen=True)
class Instance:
    """An instance file's data, its pair table, and where it came from.

    Built by :func:`pairing_planner.instance.yaml_files.load.load_instance` or
    :func:`pairing_planner.instance.yaml_files.load.instance_from_data`, both of which check every
    reference, so the lookups here cannot fail.
    """

    data: InstanceData
    pair_costs: Mapping[PairKey, float] | None = None
    path: Path | None = None
    sha256: str = ""
    lines: Mapping[Loc, int] = field(default_factory=dict)
    shown: str | None = None
    """How a citation names the file where ``path`` is not what the planner knows: on the
    workbench, the name they uploaded it under (their 菏泽.yaml, not the server's folder), or
    "" for the file the workbench wrote from their lists, which they never saw: a finding
    then cites the list's row alone, and one about the instance as a whole no place (issue
    32: the check cited "第 1182 行" of that file)."""

    @property
    def cited_path(self) -> Path | None:
        """The file a citation's ``file:line`` names (:attr:`shown`); None for none."""
        if self.shown is None:
            return self.path
        return Path(self.shown) if self.shown else None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The file line of a value (e.g. ``("recipients", 12, "stages")``), None without a file."""
        return line_in(self.lines, loc)

    def source_of(self, loc: Sequence[str | int]) -> Source | None:
        """The list row the school at ``loc`` (``("recipients", 12, …)``) was imported from,
        cited beside :meth:`line_of`; None for anything else, or a school typed here."""
        if len(loc) < 2 or loc[0] not in ("helpers", "recipients") or not isinstance(loc[1], int):
            return None
        schools: list[Helper] | list[Recipient] = getattr(self.data, str(loc[0]))
        return schools[loc[1]].source if 0 <= loc[1] < len(schools) else None

    def school_loc(self, school_id: str) -> Loc | None:
        """Where a school is listed, ``("helpers", i)`` or ``("recipients", i)``; None when
        the instance has no such school."""
        if school_id in self.helpers:
            return ("helpers", self.position[school_id])
        if school_id in self.recipients:
            return ("recipients", self.position[school_id])
        return None

    def where_school(self, school_id: str) -> str:
        """``file:line (list, sheet, row)`` of a school (:func:`~pairing_planner.instance.
        provenance.cite`); "" for an id the instance lacks."""
        loc = self.school_loc(school_id)
        if loc is None:
            return ""
        return cite(self.cited_path, self.line_of(loc), self.source_of(loc))

    @property
    def name(self) -> str:
        """The instance's short id."""
        return self.data.name

    @cached_property
    def places(self) -> dict[str, Place]:
        """Places by id."""
        return {p.id: p for p in self.data.places}

    @cached_property
    def cities(self) -> list[Place]:
        """The city places, in file order."""
        return [p for p in self.data.places if p.kind is PlaceKind.city]

    @cached_property
    def helpers(self) -> dict[str, Helper]:
        """Helpers by id, in file order."""
        return {h.id: h for h in self.data.helpers}

    @cached_property
    def recipients(self) -> dict[str, Recipient]:
        """Recipients by id, in file order."""
        return {r.id: r for r in self.data.recipients}

    @cached_property
    def position(self) -> dict[str, int]:
        """Each school's place in its list of the file (helpers and recipients counted apart),
        so a subset of schools can be put back in file order without scanning every school."""
        return {
            **{h: i for i, h in enumerate(self.helpers)},
            **{r: i for i, r in enumerate(self.recipients)},
        }

    @cached_property
    def helpers_by_stage(self) -> dict[Stage, frozenset[str]]:
        """Helper ids by each stage they teach: the first narrowing of candidate pairs."""
        return {
            stage: frozenset(h.id for h in self.data.helpers if stage in h.stages)
            for stage in Stage
        }

    @cached_property
    def helpers_by_area(self) -> dict[str, frozenset[str]]:
        """Helper ids by city id and by county/zone id, for scope rules."""
        areas: dict[str, set[str]] = {}
        for helper in self.data.helpers:
            areas.setdefault(self.city_of(helper).id, set()).add(helper.id)
            county = self.county_of(helper)
            if county is not None:
                areas.setdefault(county.id, set()).add(helper.id)
        return {area: frozenset(ids) for area, ids in areas.items()}

    @cached_property
    def baseline_helpers(self) -> dict[str, frozenset[str]]:
        """Recipient id → its helpers in the baseline plan (empty without a baseline)."""
        pairs = self.data.baseline.pairs if self.data.baseline else []
        return {r: frozenset(hs) for r, hs in helpers_by_recipient(pairs).items()}

    @cached_property
    def helpers_near(self) -> NearIndex:
        """Helpers by location, for distance caps (``max_km``): a spatial index."""
        places = [(lat, lon) for lat, lon in self.coordinates[0].tolist()]
        return NearIndex(list(self.helpers), places)

    def helpers_within(self, recipient: Recipient, km: float) -> frozenset[str]:
        """Helpers within ``km`` of a recipient (the great-circle distance, exactly). The first
        call at a distance answers it for every recipient in one query of the index."""
        table = self.memo(("helpers within", km), lambda: self._all_within(km))
        if recipient.id in table:
            return table[recipient.id]
        return self.helpers_near.within(*self.coords(recipient), km)

    def _all_within(self, km: float) -> dict[str, frozenset[str]]:
        recipients = self.data.recipients
        found = self.helpers_near.within_many([self.coords(r) for r in recipients], km)
        return dict(zip((r.id for r in recipients), found, strict=True))

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """A table derived from this instance, built on first use and kept: the instance never
        changes, so the table never goes stale (a rule kind's index over all recipients)."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    @cached_property
    def _memo(self) -> dict[Hashable, object]:
        return {}

    @cached_property
    def recipients_near(self) -> NearIndex:
        """Recipients by location, for the windows of neighbourhood search."""
        recipients = self.data.recipients
        return NearIndex([r.id for r in recipients], [self.coords(r) for r in recipients])

    def school(self, school_id: str) -> School | None:
        """The helper or recipient with this id, or None."""
        return self.helpers.get(school_id) or self.recipients.get(school_id)

    def school_name(self, school_id: str) -> str:
        """A school's name as the instance spells it, or its id when it has no such school."""
        found = self.school(school_id)
        return found.name if found else school_id

    def city_of(self, school: School) -> Place:
        """The city (地级市) a school belongs to."""
        place = self.places[school.place]
        return place if place.kind is PlaceKind.city else self.places[place.city or ""]

    def county_of(self, school: School) -> Place | None:
        """The county or zone of a school, or None for a school placed at city level."""
        place = self.places[school.place]
        return None if place.kind is PlaceKind.city else place

    def coords(self, school: School) -> tuple[float, float]:
        """The school's own coordinates, or its place's seat."""
        if school.lat is not None and school.lon is not None:
            return school.lat, school.lon
        place = self.places[school.place]
        return place.lat, place.lon

    def distance_km(self, helper_id: str, recipient_id: str) -> float:
        """Great-circle km between a helper and a recipient."""
        return great_circle_km(
            *self.coords(self.helpers[helper_id]), *self.coords(self.recipients[recipient_id])
        )

    def distances_km(self, pairs: Sequence[PairKey]) -> NDArray[np.float64]:
        """:meth:`distance_km` of every pair, as one array operation."""
        at = self.position
        return self.distances_at(
            np.fromiter((at[h] for h, _r in pairs), np.intp, len(pairs)),
            np.fromiter((at[r] for _h, r in pairs), np.intp, len(pairs)),
        )

    def distances_at(
        self, helpers: NDArray[np.intp], recipients: NDArray[np.intp]
    ) -> NDArray[np.float64]:
        """:meth:`distance_km` of the pairs of the helpers and recipients at these positions
        (:attr:`position`), as one array operation."""
        here, there = self.coordinates[0][helpers], self.coordinates[1][recipients]
        return great_circle_km_many(here[:, 0], here[:, 1], there[:, 0], there[:, 1])

    @cached_property
    def coordinates(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(lat, lon) rows of the helpers and of the recipients, in file order (their
        positions, :attr:`position`)."""
        return (
            np.array([self.coords(h) for h in self.data.helpers], dtype=float).reshape(-1, 2),
            np.array([self.coords(r) for r in self.data.recipients], dtype=float).reshape(-1, 2),
        )
