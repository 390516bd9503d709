"""Schools and places in an instance file: stages (学段), cities and counties with their seats,
helper and recipient schools, contacts.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from pairing_planner.i18n import _
from pairing_planner.instance.bureau_files.provenance import Source
from pairing_planner.instance.schema.base_models import Id, Name, Strict
from pairing_planner.instance.schema.number_caps import MAX_SUBJECTS


class Stage(StrEnum):
    """School stage (学段)."""

    primary = "primary"
    junior = "junior"
    senior = "senior"


NAME_MARKS: tuple[tuple[str, Stage], ...] = (
    ("高级中学", Stage.senior),
    ("高中", Stage.senior),
    ("初级中学", Stage.junior),
    ("初中", Stage.junior),
    ("小学", Stage.primary),
)
"""Words in a Chinese school name that state its stage, the longer of two before the shorter."""


def stage_named(name: str) -> tuple[str, Stage] | None:
    """The word in a school's name that states its stage, and that stage; None when none
    does (巨野县高级中学 → 高级中学, senior)."""
    return next(((mark, stage) for mark, stage in NAME_MARKS if mark in name), None)


def not_swapped(data: object) -> object:
    """Raw data whose ``lat`` is no latitude (90 < lat ≤ 180) while its ``lon`` could be one
    (|lon| ≤ 90) refused as two values typed in each other's column, the likely slip (Shandong
    lies near lat 36, lon 118), where "give a value of at most 90" sent the planner to look
    for a wrong number (user test of issue 32)."""
    if not isinstance(data, dict):
        return data
    lat, lon = data.get("lat"), data.get("lon")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        return data
    assert isinstance(lat, int | float) and isinstance(lon, int | float)
    if 90 < lat <= 180 and abs(lon) <= 90:
        raise ValueError(
            _(
                "'lat' is {lat} and 'lon' {lon}: a latitude is at most 90, so the two look "
                "swapped; put the latitude (about 36 in Shandong) in 'lat' and the longitude "
                "(about 118) in 'lon'"
            ).format(lat=lat, lon=lon)
        )
    return data


class PlaceKind(StrEnum):
    """What a place is: a city (地级市), a county or district (县/市/区), or a zone (开发区)."""

    city = "city"
    county = "county"
    zone = "zone"


class Place(Strict):
    """A city, county or zone with the seat coordinates distances are measured from."""

    id: Id
    name: Name = Field(description="Chinese name as official documents print it.")
    kind: PlaceKind
    city: Id | None = Field(
        default=None, description="For a county or zone: the id of the city it belongs to."
    )
    adcode: str | None = Field(
        default=None,
        pattern=r"^\d{6}$",
        description="6-digit administrative division code (行政区划代码); zones may have none.",
    )
    lat: float = Field(ge=-90, le=90, description="Latitude of the seat, degrees north.")
    lon: float = Field(ge=-180, le=180, description="Longitude of the seat, degrees east.")
    note: str | None = Field(default=None, description="Where the data comes from, or caveats.")

    _not_swapped = model_validator(mode="before")(not_swapped)

    @model_validator(mode="after")
    def _city_link(self) -> Place:
        if self.kind is PlaceKind.city and self.city is not None:
            raise ValueError(_("a city must not name a parent 'city'"))
        if self.kind is not PlaceKind.city and self.city is None:
            raise ValueError(_("a {kind} must name its 'city'").format(kind=self.kind.value))
        return self


class Contact(Strict):
    """The person responsible and a phone, from the contacts file the bureau keeps beside the
    instance (:mod:`pairing_planner.instance.bureau_files.contacts`); kept out of every output
    unless asked for."""

    person: Name | None = None
    phone: Name | None = None


class School(Strict):
    """What helpers and recipients share."""

    id: Id
    name: Name
    code: str | None = Field(
        default=None,
        pattern=r"^[0-9]{10}$",
        description="The national ten-digit school identification code (学校标识码): the "
        "school's identity from year to year when the list gives it.",
    )
    formerly: list[Name] | None = Field(
        default=None,
        description="Names the school had before (曾用名): set by plan import --previous when "
        "a school keeps last year's id under another name, so that last year's plan, which "
        "names it as it was, is still read as naming this school.",
    )
    place: Id = Field(description="Id of the county, zone or city the school is in.")
    stages: list[Stage] = Field(
        min_length=1, description="Stages it teaches; a nine-year school carries two."
    )
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    score: float | None = Field(default=None, ge=0, le=100, description="Level, 0–100.")
    illustrative: bool = Field(
        default=False, description="True when the school is made up for illustration."
    )
    note: str | None = None
    source: Source | None = Field(
        default=None,
        description="The list's row the school was imported from (plan import, or a table "
        "the instance references), cited beside the instance line; none when typed here.",
    )

    _not_swapped = model_validator(mode="before")(not_swapped)

    @model_validator(mode="after")
    def _both_coords(self) -> School:
        if (self.lat is None) != (self.lon is None):
            raise ValueError(_("give both 'lat' and 'lon', or neither"))
        if len(set(self.stages)) != len(self.stages):
            raise ValueError(_("'stages' lists a stage twice"))
        return self


class Helper(School):
    """A helper school (帮扶学校): urban (S3) or, for HZ, a school of a supporting city."""

    capacity: int = Field(
        default=1,
        ge=0,
        le=100,
        description="How many recipients it takes; 0: not available this year (left out).",
    )
    strengths: list[str] = Field(default_factory=list, description="Subjects it is strong in.")


class Recipient(School):
    """A recipient school (被帮扶学校)."""

    poverty_village: bool = Field(
        default=False, description="In a provincial key poverty village: strictly one-to-one (S4)."
    )
    needs: list[str] = Field(
        default_factory=list,
        max_length=MAX_SUBJECTS,
        description="Subjects it needs help in (at most 100).",
    )
