"""City quota: each named city supplies exactly N helper schools of a stage (S6: 11 cities one
junior high each; S7: 9 cities one senior high each). The model picks which of a city's
candidate schools serve."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.instance.models import CityQuotaRule
from pairing_planner.rules.base import RuleKind

if TYPE_CHECKING:
    from pairing_planner.model.context import ModelContext

STAGE_WORDS = {"primary": "primary school", "junior": "junior high", "senior": "senior high"}


def post(rule: CityQuotaRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per city: the number of its helpers serving the stage equals N."""
    instance = ctx.instance
    for city_id, quota in rule.quotas.items():
        helpers = [
            h.id
            for h in instance.data.helpers
            if rule.stage in h.stages and instance.city_of(h).id == city_id
        ]
        used = [ctx.helper_serves_stage(h, rule.stage) for h in helpers]
        city = instance.places[city_id]
        word = STAGE_WORDS[rule.stage.value] + ("s" if quota != 1 else "")
        posted = ctx.rule_instance(
            rule,
            index,
            f"{city.name} supplies exactly {quota} {word}",
            f"{city_id}/{rule.stage.value}",
            helpers=helpers,
            cities=[city_id],
        )
        ctx.bound(posted, ctx.total(used), quota, quota)


RULE = RuleKind(
    kind="city_quota",
    bent="{label}, but supplies {actual}",
    clauses=("S6", "S7"),
    summary="Each named city supplies exactly the stated number of helper schools of a stage.",
    post=post,
)
