"""What a solve is asked to do: the caller's options (any left out take the instance's
``solve:`` defaults) and the parameters in force once resolved, typed."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from pydantic import ValidationError

from pairing_planner.errors import InputError, Problem
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.models import DifferBy, Executor, SolveDefaults
from pairing_planner.instance.schema.validation_messages import value_message


@dataclass(frozen=True)
class SolveOptions:
    """How to solve; ``None`` fields take the instance's ``solve:`` defaults."""

    plans: int | None = None
    time_limit: float | None = None
    seed: int | None = None
    workers: int | None = None
    min_diff: int | None = None
    within: float | None = None
    differ_by: DifferBy | None = None
    strict: bool | None = None
    decompose: bool | None = None
    jobs: int | None = None
    executor: Executor | None = None
    scheduler: str | None = None

    def check(self) -> None:
        """Refuse options an instance's ``solve:`` could not hold (a seed beyond CP-SAT's 32
        bits, a time limit beyond a day, …), naming each: options from a notebook or a
        recorded ``plans.json`` (``--reproduce``) meet the caps the file and the CLI do."""
        given = {
            f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None
        }
        try:
            SolveDefaults.model_validate(given)
        except ValidationError as error:
            problems = [
                Problem(
                    value_message(e["type"], e.get("ctx") or {}, e["msg"]),
                    None,
                    None,
                    str(e["loc"][0]),
                )
                for e in error.errors()
            ]
            raise InputError(problems) from None

    def resolved(self, instance: Instance) -> Params:
        """The parameters in force: these options over the instance's defaults."""
        defaults = instance.data.solve.model_dump()
        mine = {f.name: getattr(self, f.name) for f in fields(self)}
        chosen = {name: mine[name] if mine[name] is not None else defaults[name] for name in mine}
        return Params(**chosen)


@dataclass(frozen=True)
class Params:
    """The parameters of a solve, every one decided (``plans.json`` records them)."""

    plans: int
    time_limit: float
    seed: int
    workers: int
    min_diff: int
    within: float | None
    differ_by: DifferBy
    strict: bool
    decompose: bool
    jobs: int | None
    executor: Executor = "processes"
    scheduler: str | None = None

    @property
    def processes(self) -> int:
        """How many things may run at once: ``jobs`` when given, else every core."""
        return self.jobs or os.cpu_count() or 1

    @property
    def merges(self) -> bool:
        """Whether the plans asked for can come from independent parts: one plan, or plans by
        cost at a least difference (:mod:`pairing_planner.solving.decomposition.least_difference`).
        ``--within`` maximises the least difference over the whole plan, and a difference in cities
        or counties spans parts, so these solve one model."""
        return self.plans == 1 or (self.within is None and self.differ_by == "school")

    def one_worker(self) -> Params:
        """These parameters for a search CP-SAT runs best on one worker: the plans of a series
        (each after the diversity constraints of the ones before), and the models of a
        relaxation. On these one worker proved several times faster than two interleaved,
        as on parts and fronts: Heze as printed, ``--plans 3 --differ-by city``, the least
        penalty in 0.8 s against 6.9 s, the three plans in 0.2 s against 11 s; a generated
        county of 300 recipients, three plans by city in 6 s against 51 s; of 1,000, 94 s,
        all proven, where two workers found one plan, unproven, in 84 s
        (docs/alternatives.md). One worker is deterministic too."""
        return replace(self, workers=1)

    def options(self, **changes: Any) -> SolveOptions:
        """These parameters as options, with ``changes`` (e.g. the time left)."""
        return replace(SolveOptions(**asdict(self)), **changes)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for ``plans.json``."""
        return asdict(self)
