"""The rules of an instance file, one model per rule kind (its ``kind:`` and fields), joined in the
:data:`Rule` union; each names the clause of the notice it comes from.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, field_validator

from pairing_planner.i18n import _
from pairing_planner.instance.schema.base_models import Id, Strict
from pairing_planner.instance.schema.number_caps import MAX_COUNT
from pairing_planner.instance.schema.school_models import Stage


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
