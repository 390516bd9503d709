"""City quota: each named city supplies exactly N helper schools of a stage (S6: 11 cities one
junior high each; S7: 9 cities one senior high each). The model picks which of a city's
candidate schools serve."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairing_planner.i18n import N_, ngettext, stage_word
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import CityQuotaRule, Helper, Recipient
from pairing_planner.rules.base import Node, PartScope, Role, RuleKind

if TYPE_CHECKING:
    from pairing_planner.cpsat.context import ModelContext


def post(rule: CityQuotaRule, ctx: ModelContext, index: int) -> None:
    """One rule instance per city: the number of its helpers serving the stage equals N."""
    instance = ctx.instance
    for city_id, quota in rule.quotas.items():
        helpers = counted_helpers(rule, instance, city_id)
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


def counted_helpers(rule: CityQuotaRule, instance: Instance, city_id: str) -> list[str]:
    """The helpers a city's quota counts: the city's helpers that teach the rule's stage."""
    return [
        h.id
        for h in instance.data.helpers
        if rule.stage in h.stages and instance.city_of(h).id == city_id
    ]


def _node(index: int, city_id: str) -> Node:
    return ("q", str(index), city_id)


def links(rule: CityQuotaRule, index: int, instance: Instance) -> list[list[Node]]:
    """Each city's quota is a node of its own joined to the helpers it counts: a quota its
    city cannot meet (no helper of that stage, or none that may serve) then stays in exactly
    one part, which is infeasible and says so, instead of vanishing from the merged plan."""
    return [
        [_node(index, city), *(("h", h) for h in counted_helpers(rule, instance, city))]
        for city in rule.quotas
    ]


def restrict(
    rule: CityQuotaRule, index: int, instance: Instance, part: PartScope
) -> CityQuotaRule | None:
    """The quotas whose nodes the part holds (by default: of the cities of its helpers that
    teach the stage)."""
    if part.nodes is None:
        kept = {
            city: n
            for city, n in rule.quotas.items()
            if any(h in part.helpers for h in counted_helpers(rule, instance, city))
        }
    else:
        kept = {c: n for c, n in rule.quotas.items() if _node(index, c) in part.nodes}
    return rule.model_copy(update={"quotas": kept}) if kept else None


def binds(rule: CityQuotaRule, instance: Instance, helper: Helper, recipient: Recipient) -> bool:
    """Pairs of the quota's stage whose helper is of a city the quota names (S6 binds the
    junior pairs, S7 the senior ones)."""
    city = instance.city_of(helper).id
    return city in rule.quotas and rule.stage in helper.stages and rule.stage in recipient.stages


RULE = RuleKind(
    kind="city_quota",
    role=Role.quota,
    penalty=10,
    flow=False,
    lagrangian=False,
    binds=binds,
    links=links,
    restrict=restrict,
    bent=N_("{label}, but supplies {actual}"),
    clauses=("S6", "S7"),
    summary=N_("Each named city supplies exactly the stated number of helper schools of a stage."),
    post=post,
)
