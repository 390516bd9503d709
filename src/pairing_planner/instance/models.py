"""Instance format v1: the pydantic models behind the YAML file.

These models are the file format and nothing else: no OR-Tools, no solving. Field docs are
written for planners; they become the JSON Schema (``schema/instance.schema.json``) and the
reference in ``docs/instance-format.md``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from pairing_planner.i18n import _
from pairing_planner.instance.base_models import Id, Name, Strict
from pairing_planner.instance.calendar_models import SchoolCalendar
from pairing_planner.instance.number_caps import (
    MAX_COUNT,
    MAX_SECONDS,
    MAX_SEED,
    MAX_SUBJECTS,
    MAX_WEIGHT,
    MAX_WITHIN_PCT,
)
from pairing_planner.instance.provenance import Source

FORMAT_VERSION = 1


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

    @model_validator(mode="after")
    def _city_link(self) -> Place:
        if self.kind is PlaceKind.city and self.city is not None:
            raise ValueError(_("a city must not name a parent 'city'"))
        if self.kind is not PlaceKind.city and self.city is None:
            raise ValueError(_("a {kind} must name its 'city'").format(kind=self.kind.value))
        return self


class Contact(Strict):
    """The person responsible and a phone, from the contacts file the bureau keeps beside the
    instance (:mod:`pairing_planner.instance.contacts`); kept out of every output unless asked
    for."""

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


class RuleBase(Strict):
    """Every rule names the clause of the notice it comes from."""

    clause: str = Field(pattern=r"^[TSMHR]\d+$", description="Clause ID, e.g. 'S4'.")
    penalty: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description="Relaxation penalty per violation unit when no plan keeps every rule; "
        "default by kind (docs/infeasibility.md).",
    )
    note: str | None = None


class CoverageRule(RuleBase):
    """Every recipient gets exactly one (or at least one) helper."""

    kind: Literal["coverage"]
    mode: Literal["exactly_one", "at_least_one"] = "exactly_one"


class StageMatchRule(RuleBase):
    """A helper serves only recipients of a stage it teaches."""

    kind: Literal["stage_match"]


class Scope(StrEnum):
    """Where a helper may come from, relative to its recipient."""

    any = "any"
    same_city = "same_city"
    same_county = "same_county"
    other_city = "other_city"


class ScopeRule(RuleBase):
    """Where helpers may come from (S2: inside the city; HZ: from other cities)."""

    kind: Literal["scope"]
    within: Scope = Scope.any
    max_km: float | None = Field(default=None, gt=0, description="Longest allowed distance.")


class PovertyOneToOneRule(RuleBase):
    """A helper of a poverty-village recipient helps no other school (S4)."""

    kind: Literal["poverty_one_to_one"]


class CapacityRule(RuleBase):
    """No helper takes more recipients than its capacity (S1 allows one-to-many)."""

    kind: Literal["capacity"]


class CityQuotaRule(RuleBase):
    """Each named city supplies exactly N helper schools of a stage (S6, S7)."""

    kind: Literal["city_quota"]
    stage: Stage
    quotas: dict[Id, int] = Field(
        min_length=1, description="City id → number of helper schools (0 to 1,000,000)."
    )
    closed: bool = Field(
        default=True,
        description="Only the listed cities supply helpers of this stage (S6 and S7 name "
        "them); false: other cities' helpers are free.",
    )

    @field_validator("quotas")
    @classmethod
    def _in_range(cls, quotas: dict[str, int]) -> dict[str, int]:
        """A quota is a count of schools: never negative, and capped (``MAX_COUNT``) so that
        the model's bounds fit CP-SAT's integers."""
        for city, n in quotas.items():
            if n < 0:
                raise ValueError(
                    _("the quota of '{city}' is negative ({n})").format(city=city, n=n)
                )
            if n > MAX_COUNT:
                message = _(
                    "the quota of '{city}' is {n}; a quota is the number of helper schools "
                    "the city sends, at most {cap:,}"
                )
                raise ValueError(message.format(city=city, n=n, cap=MAX_COUNT))
        return quotas


class PairList(RuleBase):
    """A list of (helper, recipient) pairs."""

    pairs: list[tuple[Id, Id]] = Field(min_length=1, description="[helper id, recipient id].")


class LockRule(PairList):
    """These pairs must be in every plan."""

    kind: Literal["lock"]


class ForbidRule(PairList):
    """These pairs may never be in a plan."""

    kind: Literal["forbid"]


Rule = Annotated[
    CoverageRule
    | StageMatchRule
    | ScopeRule
    | PovertyOneToOneRule
    | CapacityRule
    | CityQuotaRule
    | LockRule
    | ForbidRule,
    Field(discriminator="kind"),
]


class Expected(Strict):
    """A count the source document states, so the tool can flag a list that disagrees (S5)."""

    clause: str = Field(pattern=r"^[TSMHR]\d+$")
    role: Literal["recipients", "helpers"] = "recipients"
    stage: Stage | None = Field(default=None, description="Count only this stage; none: all.")
    count: int = Field(ge=0)


class Term(StrEnum):
    """The cost terms a planner can weigh."""

    distance = "distance"
    uncovered_needs = "uncovered_needs"
    score_gap = "score_gap"
    load_balance = "load_balance"
    pair_table = "pair_table"
    change = "change"


class Objective(Strict):
    """Weights of the cost terms (0 switches a term off) and the optional pair table."""

    weights: dict[Term, float] = Field(
        default_factory=lambda: {Term.distance: 1.0},
        description="Term → weight, 0 to 10,000; a term not listed weighs 0.",
    )
    min_lead: float = Field(
        default=20.0, ge=0, le=100, description="score_gap: the lead a helper should have."
    )
    pair_table: str | None = Field(
        default=None,
        description="CSV file (helper,recipient,cost), relative to the YAML; pairs missing from it "
        "are not allowed.",
    )

    @field_validator("weights")
    @classmethod
    def _weights(cls, weights: dict[Term, float]) -> dict[Term, float]:
        """Weights are never negative, and at most ``MAX_WEIGHT``: above it a plan's integer
        cost could leave CP-SAT's 64-bit range (:mod:`pairing_planner.instance.number_caps`)."""
        for term, w in weights.items():
            if w < 0:
                raise ValueError(_("the weight of '{term}' must be ≥ 0").format(term=term.value))
            if w > MAX_WEIGHT:
                message = _(
                    "the weight of '{term}' is {w:g}, above the largest allowed ({cap:,.0f}) "
                    "so that every cost fits the solver's integers; scale the weights down "
                    "together (only their ratios matter)"
                )
                raise ValueError(message.format(term=term.value, w=w, cap=MAX_WEIGHT))
        return weights


DifferBy = Literal["school", "city", "county"]
"""What two plans' difference counts: recipients, helper cities or recipient counties."""


Executor = Literal["processes", "dask"]
"""Where the independent parts of a solve run."""


class SolveDefaults(Strict):
    """Defaults for ``plan solve``; command-line options override them."""

    plans: int = Field(default=1, ge=1, le=100)
    time_limit: float = Field(default=10.0, gt=0, le=MAX_SECONDS)
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Solver seed, 0 to 2^31 − 1.")
    workers: int = Field(default=2, ge=1, le=64)
    min_diff: int = Field(
        default=1,
        ge=1,
        le=MAX_COUNT,
        description="Each further plan differs from every earlier one in at "
        "least this many recipients' helpers.",
    )
    differ_by: DifferBy = Field(
        default="school",
        description="What further plans must differ in: recipients' helpers (school), the "
        "helper schools of cities (city), or the helpers of counties (county).",
    )
    decompose: bool = Field(
        default=True,
        description="Solve independent parts apart (one plan only); false: one model.",
    )
    jobs: int | None = Field(
        default=None, ge=1, le=64, description="Processes for parts; none: all cores."
    )
    executor: Executor = Field(
        default="processes",
        description="Where independent parts are solved: this machine's processes, or a Dask "
        "cluster (the optional extra 'dask').",
    )
    scheduler: str | None = Field(
        default=None,
        description="With the dask executor: the scheduler's address (tcp://host:8786); none: "
        "a local cluster of 'jobs' worker processes.",
    )
    strict: bool = Field(
        default=False,
        description="When no plan keeps every rule: diagnose only, return no relaxed plans.",
    )
    within: float | None = Field(
        default=None,
        gt=0,
        le=MAX_WITHIN_PCT,
        description="Further plans cost at most this many percent "
        "above plan 1 and are as different from the earlier plans as possible.",
    )


class Baseline(Strict):
    """Last year's plan, to keep as much of as the rules allow (``change`` term). Its pairs may
    name schools the instance no longer has: those pairs are simply gone."""

    pairs: list[tuple[Id, Id]] = Field(description="[helper id, recipient id] of the old plan.")
    source: str = Field(default="", description="Where the pairs came from (file, plan rank).")
    names: dict[Id, Name] = Field(
        default_factory=dict,
        description="The names the baseline's file gives its schools, by id: the change "
        "report names a closed school by it, and a school renamed since.",
    )


class InstanceData(Strict):
    """A whole instance file: places, schools, the notice's rules and the planner's costs."""

    format: Literal[1] = Field(description="Format version; this tool reads 1.")
    name: Id = Field(description="Short id; names the result directory.")
    title: str
    source: str = Field(description="Provenance, e.g. the notice number.")
    program: Literal["UR", "HZ"] = Field(description="UR: urban-rural (S1–S4); HZ: Heze (S5–S7).")
    language: Literal["zh", "en"] | None = Field(
        default=None, description="Language of messages for this instance (--lang overrides)."
    )
    places: list[Place] = Field(min_length=1)
    helpers: list[Helper] = Field(min_length=1)
    recipients: list[Recipient] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    expected: list[Expected] = Field(default_factory=list)
    objective: Objective = Field(default_factory=Objective)
    baseline: Baseline | None = Field(
        default=None, description="An earlier plan to change as little as possible."
    )
    solve: SolveDefaults = Field(default_factory=SolveDefaults)
    contacts: str | None = Field(
        default=None,
        description="The contacts file beside this one (CSV or YAML: school id, person, "
        "phone), kept out of any repository; read only for a ledger with contacts.",
    )
    calendar: SchoolCalendar | str | None = Field(
        default=None,
        description="The school year the pairs' duties are scheduled in (plan calendar), or "
        "the file beside this one that holds it (YAML, .xlsx or .csv); without it, a typical "
        "Shandong year.",
    )
