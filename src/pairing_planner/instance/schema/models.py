"""Instance format v1: the pydantic models behind the YAML file.

These models are the file format and nothing else: no OR-Tools, no solving. Field docs are
written for planners; they become the JSON Schema (``schema/instance.schema.json``) and the
reference in ``docs/instance-format.md``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator

from pairing_planner.i18n import _
from pairing_planner.instance.schema.base_models import Id, Name, Strict
from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.instance.schema.number_caps import (
    MAX_COUNT,
    MAX_SECONDS,
    MAX_SEED,
    MAX_WEIGHT,
    MAX_WITHIN_PCT,
)
from pairing_planner.instance.schema.rule_models import Rule
from pairing_planner.instance.schema.school_models import Helper, Place, Recipient, Stage

FORMAT_VERSION = 1


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
        cost could leave CP-SAT's 64-bit range
        (:mod:`pairing_planner.instance.schema.number_caps`)."""
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
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="CP-SAT threads for a single plan of one model; other searches use one.",
    )
    """One by default: two interleaved workers took 30-100 times as long as one to the same
    proof on every model measured, shipped and generated (docs/performance.md, "One plan of
    one model on one worker")."""
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
