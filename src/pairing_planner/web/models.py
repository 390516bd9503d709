"""The API's request and response bodies: the OpenAPI schema (``schema/api.json``) is made
from these."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from pairing_planner.instance.schema.models import SolveDefaults


class ProblemItem(BaseModel):
    """One problem, as ``plan check --json`` gives it: where, and what to do."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    sheet: str | None = None


class InstanceOut(BaseModel):
    """A stored instance and ``plan check``'s findings on it."""

    id: str
    name: str
    title: str
    recipients: int
    helpers: int
    notes: list[ProblemItem] = Field(description="What plan import noted (kept, skipped, filled).")
    findings: list[dict[str, Any]] = Field(description="As plan check --json lists them.")
    conflicts: int = Field(description="Findings that mean no plan can keep every rule (exit 1).")


SERVER_SET = ("executor", "scheduler")
"""The solve options the API does not take: parts run in the worker's own process (no Dask
from a server)."""


def _optional(field: FieldInfo) -> tuple[Any, FieldInfo]:
    """An instance's ``solve:`` default as an API option: its type, caps and description
    kept, left out (None) unless given, so that the instance's default applies."""
    annotation: Any = field.annotation
    return annotation | None, FieldInfo.merge_field_infos(field, default=None)


OPTION_FIELDS: dict[str, Any] = {
    **{
        name: _optional(field)
        for name, field in SolveDefaults.model_fields.items()
        if name not in SERVER_SET
    },
    "front": (
        str | None,
        Field(
            default=None,
            description="The trade-off front between two cost terms, as plan solve --front "
            "takes them: 'distance,score_gap', or their names in either language (距离,水平差距).",
        ),
    ),
}
"""The solve options the API takes: each of ``SolveDefaults`` the server does not set, and
the front."""
Options = create_model(
    "Options",
    __config__=ConfigDict(extra="forbid", allow_inf_nan=False, strict=True),
    __doc__="The ``SolveOptions`` fields (``plan solve``'s options) with the caps and words "
    "of an instance's ``solve:`` (``SolveDefaults``), each written there once; those left out "
    "take the instance's defaults. Parts run in the worker's processes (no Dask from here). "
    'Strict: a number is given as a JSON number (30, not "30" or true), a yes or no as true or '
    "false.",
    **OPTION_FIELDS,
)


class Baseline(BaseModel):
    """Re-plan from plan ``plan`` of an earlier solve, changing as few pairs as the rules
    allow (``plan solve --baseline``)."""

    model_config = ConfigDict(extra="forbid")

    solve: str
    plan: int = Field(default=1, ge=1)


class SolveIn(BaseModel):
    """A solve of a stored instance; ``lock`` and ``forbid`` pin or rule out pairs
    (``HELPER:RECIPIENT``, as ``--lock`` and ``--forbid``)."""

    model_config = ConfigDict(extra="forbid")

    instance: str
    options: Options = Field(default_factory=Options)
    lock: list[str] = Field(default_factory=list, max_length=10_000)
    forbid: list[str] = Field(default_factory=list, max_length=10_000)
    baseline: Baseline | None = None


class ProgressOut(BaseModel):
    """The latest best plan during a solve (objective units), and the gap to the bound."""

    plan: int
    best: float
    bound: float
    gap: float
    seconds: float


class SolveOut(BaseModel):
    """A solve: its ``state`` (queued, running, done, failed, interrupted, cancelled;
    ``interrupted`` has a result when a stop kept the best plan so far), its
    ``status`` as ``plans.json`` has it once there is a result, the latest progress, its place
    in the queue, and the result as ``plans.json`` holds it."""

    id: str
    instance: str
    state: Literal["queued", "running", "done", "failed", "interrupted", "cancelled"]
    status: str | None = None
    stopping: bool = False
    queue_position: int | None = None
    progress: ProgressOut | None = None
    parts: list[int] | None = Field(default=None, description="Parts done, parts in all.")
    points: list[int] | None = Field(
        default=None, description="A front's points found so far, points asked."
    )
    stage: Literal["reading", "preparing", "solving", "writing"] | None = Field(
        default=None,
        description="What a running solve does: reading the instance, preparing it "
        "(candidate pairs, parts), solving (once a part or a plan is reported) or writing the "
        "result; none once it has ended.",
    )
    problems: list[ProblemItem] = Field(default_factory=list)
    result: dict[str, Any] | None = None
    files: list[str] = Field(default_factory=list, description="GET /api/solves/{id}/files/…")
    terms: dict[str, str] = Field(
        default_factory=dict,
        description="The result's cost terms (its term_costs and front) by name in the "
        "answer's language: score_gap → 水平差距.",
    )
    balanced: int | None = Field(
        default=None,
        description="Of a trade-off front of three points or more: its balanced plan's rank.",
    )


class ChangesOut(BaseModel):
    """A re-planned plan against its baseline: the counts ``plan solve`` prints, and one row
    per change (``change``, ``school_id``, ``school``, ``old``, ``new``, ``why``, ``clause``)
    as the ledger's 变动 sheet has them."""

    plan: int
    source: str = Field(description="The baseline: its plans.json and plan.")
    kept: int
    moved: int
    forced: int = Field(description="Moves the new lists force (the old pair is not allowed).")
    new: int
    removed: int
    rows: list[dict[str, str]]


class Pair(BaseModel):
    """A pair of a plan: helper id, recipient id."""

    helper: str
    recipient: str


class RelaxationIn(BaseModel):
    """A rule a relaxed plan bends, as ``plans.json`` records it under the plan's
    ``relaxations``: its ``kind``, ``subject`` and ``amount`` are what the verifier matches."""

    kind: str
    subject: str
    amount: int = Field(ge=1)
    clause: str = ""
    message: str = ""
    penalty: int = 0
    pairs: list[tuple[str, str]] = Field(default_factory=list)


class VerifyIn(BaseModel):
    """A plan to verify against a stored instance: ``pairs`` (with the ``relaxations`` a
    relaxed plan declares), or plan ``plan`` of ``solve``."""

    model_config = ConfigDict(extra="forbid")

    instance: str
    pairs: list[Pair] | None = Field(default=None, max_length=500_000)
    relaxations: list[RelaxationIn] = Field(
        default_factory=list,
        max_length=100_000,
        description="The rules the plan declares it bends, as plans.json records them: a "
        "violation a declared relaxation covers is listed as declared, not a failure.",
    )
    solve: str | None = None
    plan: int = Field(default=1, ge=1)


class VerifyOut(BaseModel):
    """``plan verify --json``: ok, the violations, the cost recomputed by term."""

    ok: bool
    violations: list[dict[str, Any]]
    declared: list[dict[str, Any]]
    objective: float
    term_costs: dict[str, float]


class CalendarOut(BaseModel):
    """The making of plan ``plan``'s activity calendar, a job like a solve: its ``state``
    (queued, running, done, failed, interrupted: stopped, nothing kept), its place in the
    queue, why it failed, and once done the ``files`` to download by
    ``GET /api/solves/{id}/files/{name}``."""

    id: str
    solve: str
    plan: int
    state: Literal["queued", "running", "done", "failed", "interrupted", "cancelled"]
    queue_position: int | None = None
    problems: list[ProblemItem] = Field(default_factory=list)
    files: list[str] = Field(
        default_factory=list,
        description="Once done: calendar-K.xlsx (one sheet, 活动安排, or calendar in English: "
        "the bureau's 台账 of the duties, R2) and calendar-K.zip (every school's .ics).",
    )
