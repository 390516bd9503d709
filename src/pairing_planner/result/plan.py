"""Plans and results: plain, serialisable data (no OR-Tools), the output of every solve.

``plans.json`` is :class:`Result` as JSON; its schema (``schema/plans.schema.json``) is
generated from these dataclasses, and reading a file back validates it against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.index.instance import helpers_by_recipient
from pairing_planner.instance.schema.base_models import Id
from pairing_planner.instance.schema.validation_messages import value_message
from pairing_planner.result.baseline_changes import Changes
from pairing_planner.said import Said

Status = Literal["OPTIMAL", "FEASIBLE", "RELAXED", "INFEASIBLE", "UNKNOWN"]
"""OPTIMAL: proven best; FEASIBLE: a plan, bound not closed (or the search was stopped);
RELAXED: no plan keeps every rule, and the plans returned bend the fewest (see their
relaxations); INFEASIBLE: no plan satisfies the rules; UNKNOWN: no plan found in time."""

PLANS_FORMAT = 2
"""2: a result records the name and place of every school its plans name
(:attr:`Result.schools`); files of format 1 lack them and still read."""


@dataclass(frozen=True)
class SchoolIdentity:
    """What a plan records of a school besides its id: an id read against another instance
    may name another school there (an instance written by hand, or ids an older import took
    from row numbers renumbered the next year), and the name and place show it."""

    name: str
    place: str
    """The id of the school's county, zone or city."""
    division: str | None = None
    """The division code of that place as it is today (定陶县's 371727 is 定陶区's 371703), None
    for a zone without one: next year's list may name the county by its new name and id."""
    code: str | None = None
    """The school's 学校标识码, when its list gave one: a school of the same code is the same
    school under whatever name next year's list gives it."""


@dataclass(frozen=True)
class Alternative:
    """The best other helper for a recipient, and what it would change."""

    helper: str
    cost_change: float
    term_changes: dict[str, float]
    serves: list[str] = field(default_factory=list)
    """Recipients that helper already serves in this plan (why a cheaper one was not taken)."""
    blocked_by: str = ""
    """For a cheaper helper: the rule that keeps it from this recipient in this plan, in words
    with its clause; empty when none does alone (the plan is cheaper as a whole)."""
    blocked_by_said: Said | None = None
    """``blocked_by`` by message id and values, worded in the language the result is read in
    (a Chinese solve's plans shown in English); None when no rule blocks it, or in files
    written before it was recorded (their ``blocked_by`` is shown as written)."""


@dataclass(frozen=True)
class Pair:
    """One pair of a plan with what it costs, term by term (weighted, in objective units)."""

    helper: str
    recipient: str
    distance_km: float
    costs: dict[str, float]
    cost: float
    alternative: Alternative | None = None


@dataclass(frozen=True)
class Relaxation:
    """A rule a relaxed plan bends, and by how much: ``amount`` units of rule ``kind`` about
    ``subject`` (a recipient, helper, ``city/stage`` or ``helper>recipient`` id)."""

    kind: str
    clause: str
    subject: str
    amount: int
    message: str
    penalty: int
    pairs: list[tuple[str, str]] = field(default_factory=list)
    """The plan's pairs (helper id, recipient id) by which it bends the rule, found once when
    the plan is read out so that every writer marks the same ones: a helper's pairs when it
    takes more than its capacity, a city's pairs of the stage when it supplies more than its
    quota, a recipient's when it has more helpers than it may. None when the rule is bent by
    what the plan lacks (a school left without a helper, a lock not kept, a city short of its
    quota): the relaxation is listed, not marked on a pair."""
    said: Said | None = None
    """``message`` by message id and values, to be worded in the language it is read in; None
    in files written before it was recorded."""


@dataclass(frozen=True)
class ConflictRule:
    """One rule instance of a conflicting set, with what it binds."""

    kind: str
    clause: str
    label: str
    summary: str
    subject: str = ""
    helpers: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    label_said: Said | None = None
    """``label`` by message id and values (None in older files)."""
    summary_said: Said | None = None
    """``summary`` by message id (None in older files)."""


@dataclass(frozen=True)
class Diagnosis:
    """Why no plan keeps every rule.

    ``structural``: counting arguments found before solving (Hall's condition on the candidate
    graph). ``conflict``: rule instances that cannot all hold together; ``minimal`` says
    whether dropping any one of them was proven to make the rest of its part satisfiable.
    """

    structural: list[str] = field(default_factory=list)
    conflict: list[ConflictRule] = field(default_factory=list)
    minimal: bool = False
    parts: int = 1
    """Independent parts whose conflicts are listed together (a part's set is its own smallest,
    their union is none: the other parts still conflict when one part's rule is dropped)."""
    seconds: float = 0.0
    note: str = ""
    structural_said: list[Said] | None = None
    """``structural`` by message id and values (None in older files)."""
    note_said: Said | None = None
    """``note`` by message id (None in older files, and when there is no note)."""

    def found_before(self, structural: Sequence[Said]) -> Diagnosis:
        """This diagnosis with the structural findings ``structural``, as text and by id."""
        return replace(
            self, structural=[s.text() for s in structural], structural_said=list(structural)
        )


@dataclass(frozen=True)
class Replan:
    """How a solve re-plans from an earlier plan (``plan solve --baseline``…); recorded in
    the result so ``--reproduce`` can apply it again."""

    baseline: str = ""
    """The earlier plan: a plans.json, or a plan CSV or ledger .xlsx; empty for none."""
    baseline_plan: int = 1
    keep_weight: float | None = None
    """Weight of a change (``change`` term); None: the instance's, else the default."""
    keep_first: bool = False
    """Fewest changes first, then the rest of the objective (lexicographic)."""
    lock_baseline: bool = False
    """Pin every pair of the baseline the instance still allows."""
    lock: tuple[str, ...] = ()
    """``HELPER:RECIPIENT`` pairs to pin."""
    forbid: tuple[str, ...] = ()
    """``HELPER:RECIPIENT`` pairs to rule out."""
    trust_ids: bool = False
    """Take the baseline's ids as naming this instance's schools even where its names or
    places disagree (``--trust-ids``)."""


@dataclass(frozen=True)
class Plan:
    """One candidate plan.

    ``bound`` is the proven lower bound on ``objective`` under the plan's constraints, or None
    for a plan whose search maximised its difference from earlier plans rather than
    minimising cost (``--within``); ``status`` OPTIMAL then means the difference is proven
    largest.
    """

    rank: int
    status: Status
    objective: float
    bound: float | None
    seconds: float
    pairs: list[Pair]
    term_costs: dict[str, float]
    helper_costs: dict[str, dict[str, float]] = field(default_factory=dict)
    time_budget: float = 0.0
    """Seconds this plan's search was allowed (its share of the total time limit)."""
    constraints: str = ""
    """The diversity constraints in force when this plan was found, in words."""
    constraints_said: Said | None = None
    """``constraints`` by message id and values (None in older files)."""
    gap_to_first: float = 0.0
    gap_to_first_pct: float = 0.0
    changed_recipients: list[str] = field(default_factory=list)
    """Recipients whose helper differs from plan 1."""
    changed_cities: list[str] = field(default_factory=list)
    """Cities whose set of helper schools differs from plan 1."""
    relaxations: list[Relaxation] = field(default_factory=list)
    """The rules this plan bends; empty for a plan that keeps every rule."""
    changes: Changes | None = None
    """What changed against the baseline plan, when there is one."""
    variants: int = 1
    """How many plans of the same cost it stands for: every way of swapping the helpers of
    interchangeable schools (:attr:`Result.interchangeable`), itself included."""
    least_bend_proven: bool = False
    """For a plan with relaxations: its total penalty is proven the least any plan pays. Its
    status speaks of its cost under that penalty, so OPTIMAL there never means the plan is
    optimal for the notice's rules."""

    @property
    def gap(self) -> float:
        """Relative gap between objective and proven bound (0 when optimal or unbounded)."""
        if self.objective <= 0 or self.bound is None:
            return 0.0
        return max(0.0, (self.objective - self.bound) / self.objective)

    def under(self, constraints: Said) -> Plan:
        """This plan found under ``constraints``: worded now, and kept by message id for a
        reader in another language."""
        return replace(self, constraints=constraints.text(), constraints_said=constraints)

    def helpers_of(self) -> dict[str, frozenset[str]]:
        """Recipient id → the ids of its helpers."""
        pairs = ((p.helper, p.recipient) for p in self.pairs)
        return {r: frozenset(hs) for r, hs in helpers_by_recipient(pairs).items()}

    def bends(self) -> dict[tuple[str, str], list[Relaxation]]:
        """(helper id, recipient id) → the relaxations that pair bends, for the pairs that
        bend any (from :attr:`Relaxation.pairs`)."""
        found: dict[tuple[str, str], list[Relaxation]] = {}
        for relaxation in self.relaxations:
            for helper, recipient in relaxation.pairs:
                found.setdefault((helper, recipient), []).append(relaxation)
        return found


@dataclass(frozen=True)
class Result:
    """Everything one ``plan solve`` produced, and what is needed to reproduce it."""

    instance: Id
    """The id of the instance solved; it names the result's folder, so a file read back must
    not name a path (``../../x``) that would lead a writer out of the folder it was given."""
    instance_sha256: str
    tool_version: str
    ortools_version: str
    parameters: dict[str, Any]
    status: Status
    seconds: float
    plans: list[Plan]
    interrupted: bool = False
    message: str = ""
    """What the result says of itself, in the language it was solved in (files and older
    readers read it); :attr:`said` words it in another."""
    diagnosis: Diagnosis | None = None
    instance_path: str = ""
    replan: Replan | None = None
    """The instance file solved (absolute), so exports and comparisons can find its names."""
    build_seconds: float = 0.0
    """Of ``seconds``, the time spent building models (summed over parts when decomposed)."""
    startup_seconds: float = 0.0
    """Of ``seconds``, those before the solve began: for ``plan solve``, from the process's
    start (:func:`pairing_planner.clock.process_start`) through imports and reading the
    instance."""
    cpu_seconds: float = 0.0
    """The CPU seconds the solve got (this process and the workers that ended), from its
    start to its result (:func:`pairing_planner.clock.cpu_seconds`): far fewer than the
    wall seconds it took says the machine was busy."""
    late_seconds: float = 0.0
    """How long the searches ran past the deadline: from the later of the deadline and the
    solve's start to its end (:func:`pairing_planner.solving.strategy._late`), so a start-up
    that ended past the deadline counts as start-up, not lateness; 0 when in time, and for
    a trade-off front, which does not record it."""
    guaranteed_work: float = 0.0
    """The deterministic work handed out to the searches whatever the load (units of CP-SAT's
    deterministic time, :mod:`pairing_planner.solving.execution.guaranteed_work`): the sum over
    the parts, or a single model's series; 0 when none was (a model too large for one plan's
    need), so the footer does not blame it for lateness (issue 31)."""
    worker_peak_mb: float = 0.0
    """Decomposed solves: the largest resident memory of any process that solved parts (MB);
    0 for a single model."""
    exhausted: bool = False
    """Fewer plans than asked because no further plan meets the diversity constraints
    (proven), not because time ran out."""
    warnings: list[str] = field(default_factory=list)
    """What ``plan check`` warns of in the instance (``file:line: message (clause)``): a plan
    is optimal for the data as written, and these say where the data may be wrong."""
    front: list[str] = field(default_factory=list)
    """For a trade-off (``--front A,B``): the two cost terms its plans trade, the plans
    ordered by the first (:mod:`pairing_planner.solving.methods.trade_off_front`)."""
    interchangeable: list[list[str]] = field(default_factory=list)
    """With more than one plan asked for: groups of recipient ids no rule and no cost tells
    apart; plans that only swap their helpers are one plan, offered once."""
    schools: dict[str, SchoolIdentity] = field(default_factory=dict)
    """The name and place of every school the plans name, by id, so a reader can tell when
    an instance's id names another school; empty in files of format 1, whose ids cannot be
    checked."""
    format: int = PLANS_FORMAT
    said: Said | None = None
    """``message`` by message id and values (:mod:`pairing_planner.said`), worded in the
    language the result is shown in; None in files written before it was recorded, whose
    message is shown as it is."""
    warnings_said: list[Said] | None = None
    """:attr:`warnings` by message id and values, one each, worded in the language the result
    is read in; None in files written before they were recorded (shown as written)."""

    def to_json(self) -> str:
        """The ``plans.json`` text, by pydantic's serializer (the same text as ``asdict`` and
        ``json.dumps``, in a fifteenth of the time: 0.04 s for the Shandong preset's plan)."""
        return RESULT_ADAPTER.dump_json(self, indent=2).decode() + "\n"

    @classmethod
    def from_json(cls, text: str, path: Path | None = None) -> Result:
        """Read ``plans.json`` text back, validated against the dataclasses; what is wrong
        said in the planner's language (pydantic's "Invalid JSON: EOF while parsing…" stayed
        English under zh, issue 30)."""
        try:
            return RESULT_ADAPTER.validate_json(text)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(k) for k in first["loc"])
            if first["type"] in ("dataclass_type", "missing"):
                raise InputError([Problem(_(NOT_A_RESULT), path)]) from None
            if where == "instance":
                message = _(NOT_AN_ID)
            else:
                message = value_message(first["type"], first.get("ctx") or {}, first["msg"])
            raise InputError([Problem(message, path, None, where)]) from None


RESULT_ADAPTER: TypeAdapter[Result] = TypeAdapter(Result)
NOT_A_RESULT = N_(
    "this is not a result of plan solve: give the plans.json it wrote (or its folder)"
)
NOT_AN_ID = N_(
    "the instance must be named by an id (ASCII letters, digits, '-', '_' and '.', up to 64), "
    "as plan solve writes it; this file was not written by plan solve, or was changed since"
)


def plans_schema() -> dict[str, Any]:
    """The JSON Schema of ``plans.json``."""
    return RESULT_ADAPTER.json_schema()
