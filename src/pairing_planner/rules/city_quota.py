"""City quota: each named city supplies exactly N helper schools of a stage (S6: 11 cities one
junior high each; S7: 9 cities one senior high each). The model picks which of a city's
candidate schools serve."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.i18n import N_, ngettext, stage_word
from pairing_planner.instance.models import CityQuotaRule
from pairing_planner.rules.base import RuleKind

if TYPE_CHECKING:
    from pairing_planner.model.context import ModelContext


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
        posted = ctx.rule_instance(
            rule,
            index,
            ngettext(
                "{city} supplies exactly {n} {stage} helper school",
                "{city} supplies exactly {n} {stage} helper schools",
                quota,
            ).format(city=city.name, n=quota, stage=stage_word(rule.stage.value)),
            f"{city_id}/{rule.stage.value}",
            helpers=helpers,
            cities=[city_id],
        )
        ctx.bound(posted, ctx.total(used), quota, quota)


RULE = RuleKind(
    kind="city_quota",
    bent=N_("{label}, but supplies {actual}"),
    clauses=("S6", "S7"),
    summary=N_("Each named city supplies exactly the stated number of helper schools of a stage."),
    post=post,
)
