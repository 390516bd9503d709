"""Synthetic urban-rural (UR) instances: cities from real Shandong seats and counties scattered
around them (or every real county seat of mainland China), urban helpers near county seats
and rural recipients around them. The same seed gives the same instance. For tests and
benchmarks; the schools are all made up."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pairing_planner.i18n import _
from pairing_planner.instance.geodata.china import counties as china_counties
from pairing_planner.instance.geodata.geo import EARTH_RADIUS_KM
from pairing_planner.instance.geodata.shandong import CITIES
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.schema.school_models import Helper, Recipient

SUBJECTS = ("chinese", "math", "english", "physics", "chemistry", "biology", "it", "arts")


@dataclass(frozen=True)
class GeneratorSettings:
    """What to generate. Each county gets, per stage, enough helpers for its recipients: one
    of its own for each poverty-village school (S4) and capacity for ``slack`` times the rest,
    so the instance is feasible by construction."""

    cities: int = 4
    counties_per_city: int = 3
    recipients: int = 300
    slack: float = 1.3
    poverty_share: float = 0.2
    junior_share: float = 0.3
    max_km: float = 60.0
    helpers: int = 0
    """At least this many helpers: beyond those each county needs, more in random counties."""
    spread: float | None = None
    """Scatter helpers and recipients alike up to this many degrees around their county seat
    (a sprawling county whose schools form one large part); None: helpers near the seat,
    recipients around it."""
    seats: Literal["shandong", "china"] = "shandong"
    """Where the counties are: made up around Shandong's city seats (``cities`` ×
    ``counties_per_city``), or every county seat of mainland China (those two unused)."""
    seed: int = 0


SchoolT = TypeVar("SchoolT", Helper, Recipient)


PRESETS: dict[str, GeneratorSettings] = {
    "county": GeneratorSettings(cities=1, counties_per_city=1, recipients=50),
    "city": GeneratorSettings(cities=1, counties_per_city=8, recipients=800),
    "shandong": GeneratorSettings(
        cities=16, counties_per_city=9, recipients=10_000, helpers=5_000, max_km=40.0
    ),
    "national": GeneratorSettings(seats="china", recipients=180_000, max_km=40.0),
}
"""County (~50 recipients), city (~800), the whole province: 16 cities (Laiwu merged
into Jinan, as since 2019), 144 counties, 10,000 recipients, ≥ 5,000 helpers, 20 % in
poverty villages, pairs inside each county within 40 km; and all of China: the 2,845 county
seats of 338 cities, 180,000 recipients (about 63 a county), the same shares and cap."""


def sprawling_county(
    recipients: int, poverty_share: float, spread: float, seed: int
) -> GeneratorSettings:
    """One county spread so wide that it does not fall apart into parts (primary schools only,
    a 14 km cap leaving a few tens of candidates per recipient): a single large part, for the
    large-part tests and benchmarks."""
    return GeneratorSettings(
        cities=1,
        counties_per_city=1,
        recipients=recipients,
        poverty_share=poverty_share,
        junior_share=0.0,
        spread=spread,
        max_km=14.0,
        seed=seed,
    )


def generate_ur(settings: GeneratorSettings) -> InstanceData:
    """A UR instance (S1–S4): same-county pairs within ``max_km``, capacities 1–4, and a
    default time limit of one second per 100 recipients (at least 10 s): a province's few
    hundred parts need about 40 s on 2 cores."""
    rng = random.Random(settings.seed)
    places = _places(rng, settings)
    counties = [p for p in places if p["kind"] == "county"]
    recipients = [
        _school(
            rng,
            "r",
            i,
            rng.choice(counties),
            _stage(rng, settings),
            settings,
            helper=False,
        )
        for i in range(settings.recipients)
    ]
    helpers = _helpers_for(rng, counties, recipients, settings)
    while len(helpers) < settings.helpers:
        stage = _stage(rng, settings)
        county = rng.choice(counties)
        school = _school(rng, "h", len(helpers), county, stage, settings, helper=True)
        helpers.append(school)
    return InstanceData.model_validate(
        {
            "format": 1,
            "name": f"ur-{settings.recipients}-{settings.seed}",
            "title": _("Synthetic urban-rural instance ({n} recipients)").format(
                n=settings.recipients
            ),
            "source": "generated (pairing_planner.instance.generators.urban_rural), seed "
            + str(settings.seed),
            "program": "UR",
            "places": places,
            "helpers": helpers,
            "recipients": recipients,
            "rules": [
                {"kind": "coverage", "clause": "S1"},
                {"kind": "stage_match", "clause": "S3"},
                {
                    "kind": "scope",
                    "clause": "S2",
                    "within": "same_county",
                    "max_km": settings.max_km,
                },
                {"kind": "capacity", "clause": "S1"},
                {"kind": "poverty_one_to_one", "clause": "S4"},
            ],
            "objective": {
                "weights": {
                    "distance": 1.0,
                    "uncovered_needs": 10.0,
                    "score_gap": 1.0,
                    "load_balance": 5.0,
                },
                "min_lead": 30,
            },
            "solve": {"time_limit": max(10, settings.recipients // 100)},
        }
    )


def _places(rng: random.Random, settings: GeneratorSettings) -> list[dict[str, Any]]:
    if settings.seats == "china":
        return _china_places()
    places: list[dict[str, Any]] = []
    cities = [c for c in CITIES if c.id != "laiwu"] if settings.cities == 16 else CITIES
    for city in cities[: settings.cities]:
        places.append(
            {
                "id": city.id,
                "name": city.name,
                "kind": "city",
                "adcode": city.adcode,
                "lat": city.lat,
                "lon": city.lon,
            }
        )
        for k in range(settings.counties_per_city):
            places.append(
                {
                    "id": f"{city.id}-{k + 1}",
                    "name": f"{city.name.removesuffix('市')}示例{k + 1}县",
                    "kind": "county",
                    "city": city.id,
                    "lat": round(city.lat + rng.uniform(-0.5, 0.5), 4),
                    "lon": round(city.lon + rng.uniform(-0.5, 0.5), 4),
                }
            )
    return places


def _china_places() -> list[dict[str, Any]]:
    """Every city, seated at the mean of its county seats, then its counties at their own."""
    by_city: dict[str, list[Any]] = {}
    for county in china_counties():
        by_city.setdefault(county.city, []).append(county)
    places: list[dict[str, Any]] = []
    for city, members in by_city.items():
        lat = sum(c.lat for c in members) / len(members)
        lon = sum(c.lon for c in members) / len(members)
        name = members[0].city_name
        places.append(
            {
                "id": f"c{city}",
                "name": name,
                "kind": "city",
                "lat": round(lat, 4),
                "lon": round(lon, 4),
            }
        )
        places.extend(
            {
                "id": f"x{c.adcode}",
                "name": c.name,
                "kind": "county",
                "city": f"c{city}",
                "lat": c.lat,
                "lon": c.lon,
            }
            for c in members
        )
    return places


def _stage(rng: random.Random, settings: GeneratorSettings) -> str:
    return "junior" if rng.random() < settings.junior_share else "primary"


def _helpers_for(
    rng: random.Random,
    counties: list[dict[str, Any]],
    recipients: list[dict[str, Any]],
    settings: GeneratorSettings,
) -> list[dict[str, Any]]:
    """Per county and stage, helpers until the poverty schools have one each (the smallest
    capacities) and the others' capacity covers ``slack`` times the remaining recipients."""
    helpers: list[dict[str, Any]] = []
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for recipient in recipients:
        grouped.setdefault((recipient["place"], recipient["stages"][0]), []).append(recipient)
    for county in counties:
        for stage in ("primary", "junior"):
            local = grouped.get((county["id"], stage), [])
            poverty = sum(r["poverty_village"] for r in local)
            capacities: list[int] = []
            while len(capacities) < poverty or (
                sum(sorted(capacities)[poverty:]) < settings.slack * (len(local) - poverty)
            ):
                index = len(helpers)
                school = _school(rng, "h", index, county, stage, settings, helper=True)
                capacities.append(school["capacity"])
                helpers.append(school)
    return helpers


def _school(
    rng: random.Random,
    prefix: str,
    index: int,
    county: dict[str, Any],
    stage: str,
    settings: GeneratorSettings,
    *,
    helper: bool,
) -> dict[str, Any]:
    kind = ("城区" if helper else "乡村") + ("中学" if stage == "junior" else "小学")
    lat, lon = _position(rng, county, settings, helper=helper)
    school: dict[str, Any] = {
        "id": f"{prefix}{index}",
        "name": f"{county['name']}{kind}{index}",
        "place": county["id"],
        "stages": [stage],
        "lat": round(lat, 4),
        "lon": round(lon, 4),
        "illustrative": True,
    }
    if helper:
        school |= {
            "capacity": rng.randint(1, 4),
            "score": rng.randint(65, 95),
            "strengths": sorted(rng.sample(SUBJECTS, 3)),
        }
    else:
        school |= {
            "poverty_village": rng.random() < settings.poverty_share,
            "score": rng.randint(25, 65),
            "needs": sorted(rng.sample(SUBJECTS, 2)),
        }
    return school


CHINA_KM = {True: 5.0, False: 25.0}
"""In China, helpers (True) lie within this many km of their county seat, recipients (False)
within this: 30 km apart at most, inside the preset's 40 km cap, so every recipient has its
county's helpers to choose from."""


def _position(
    rng: random.Random, county: dict[str, Any], settings: GeneratorSettings, *, helper: bool
) -> tuple[float, float]:
    """Where a school lies: around Shandong's made-up seats, within ``spread`` degrees (0.05
    for helpers, 0.25 for recipients by default); in China, within a disc of
    :data:`CHINA_KM` around the real seat, since a degree of longitude shrinks towards the
    equator and a square of degrees put Sansha's schools 46 km from their helpers."""
    if settings.seats == "shandong":
        spread = settings.spread if settings.spread is not None else 0.05 if helper else 0.25
        return (
            county["lat"] + rng.uniform(-spread, spread),
            county["lon"] + rng.uniform(-spread, spread),
        )
    km = CHINA_KM[helper] * math.sqrt(rng.random())
    angle = rng.uniform(0.0, 2 * math.pi)
    north, east = km * math.cos(angle), km * math.sin(angle)
    degree = 2 * math.pi * EARTH_RADIUS_KM / 360
    return (
        county["lat"] + north / degree,
        county["lon"] + east / (degree * math.cos(math.radians(county["lat"]))),
    )


def next_year(data: InstanceData, share: float, seed: int) -> InstanceData:
    """The instance a year later: ``share`` of the schools gone and as many joining. A
    recipient that closes is replaced by a new school (not in a poverty village: the
    province's list of villages is fixed) near one that stays; a helper that
    closes (or merges) by a new helper of the same stage and capacity nearby, under a new id,
    so every county keeps the room it had and the year stays feasible, while the recipients of
    a closed helper must move. For re-planning benchmarks and tests; same seed, same year."""
    rng = random.Random(seed)
    helpers: list[Helper] = []
    joining_helpers: list[Helper] = []
    for helper in data.helpers:
        if rng.random() >= share:
            helpers.append(helper)
            continue
        i = len(joining_helpers)
        joining_helpers.append(_moved(rng, helper, f"m{i}", f"{helper.name}新校区{i}"))
    recipients = [r for r in data.recipients if rng.random() >= share]
    joining = []
    for i in range(round(share * len(data.recipients))):
        model = rng.choice(recipients)
        school = _moved(rng, model, f"n{i}", f"{model.name}分校{i}")
        joining.append(school.model_copy(update={"poverty_village": False}))
    return data.model_copy(
        update={
            "name": f"{data.name}-next",
            "helpers": helpers + joining_helpers,
            "recipients": recipients + joining,
        }
    )


def _moved(rng: random.Random, school: SchoolT, new_id: str, name: str) -> SchoolT:
    """A new school like ``school``, a couple of km away, under a new id."""
    return school.model_copy(
        update={
            "id": new_id,
            "name": name,
            "lat": round((school.lat or 0.0) + rng.uniform(-0.02, 0.02), 4),
            "lon": round((school.lon or 0.0) + rng.uniform(-0.02, 0.02), 4),
        }
    )
