"""City quota: each named city supplies exactly N helper schools of a stage, and no other city
supplies any (S6: 11 cities one junior high each; S7: 9 cities one senior high each). The
model picks which of a city's candidate schools serve.

The notice names the cities, so a list is closed by default: a helper of another city that
teaches the stage counts towards a quota of 0 for its city, posted, verified and relaxed like
any other quota (a relaxation that uses it is marked). ``closed: false`` leaves other cities
free."""

from __future__ import annotations

from collections.abc import Mapping

from pairing_planner.i18n import N_, STAGE_WORDS
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import CityQuotaRule
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules.base import Node, PartScope, Role, RuleKind
from pairing_planner.rules.structures import Quota, Structure
from pairing_planner.said import Said, counted, joined, named, said


def quotas_of(rule: CityQuotaRule, instance: Instance) -> dict[str, int]:
    """Every city's quota: the listed ones, then, for a closed list, 0 for every other city
    with a helper that teaches the stage."""
    quotas = dict(rule.quotas)
    if rule.closed:
        for helper in _teaching(rule, instance):
            quotas.setdefault(instance.city_of(instance.helpers[helper]).id, 0)
    return quotas


def _teaching(rule: CityQuotaRule, instance: Instance) -> list[str]:
    """The helpers that teach the rule's stage, in file order (from the instance's index)."""
    return sorted(instance.helpers_by_stage[rule.stage], key=instance.position.__getitem__)


def unnamed_helpers(rule: CityQuotaRule, instance: Instance) -> list[Helper]:
    """Helpers that teach the stage in a city a closed list does not name: they may not serve
    that stage (``plan check`` warns)."""
    if not rule.closed:
        return []
    return [
        h
        for h in instance.data.helpers
        if rule.stage in h.stages and instance.city_of(h).id not in rule.quotas
    ]


def declare(rule: CityQuotaRule, index: int, instance: Instance) -> list[Structure]:
    """One quota row per city: the number of its helpers serving the stage equals N."""
    return [
        Quota(
            index,
            city_id,
            rule.stage,
            tuple(counted_helpers(rule, instance, city_id)),
            quota,
            _label(rule, instance, city_id, quota),
        )
        for city_id, quota in quotas_of(rule, instance).items()
    ]


def _label(rule: CityQuotaRule, instance: Instance, city_id: str, quota: int) -> Said:
    """The quota as a requirement, so that its bend reads as one English sentence: "济宁市
    must supply exactly 1 junior helper school but supplies 2" (review 37, finding 7). The
    older wording's ids stay in the catalogue: a plans.json written with them is worded."""
    city, stage = instance.places[city_id].name, said(STAGE_WORDS[rule.stage.value])
    if city_id not in rule.quotas:
        return said(
            N_("{city} is not among the cities that supply {stage} helper schools"),
            city=city,
            stage=stage,
        )
    return counted(
        "{city} must supply exactly {n} {stage} helper school",
        "{city} must supply exactly {n} {stage} helper schools",
        n=quota,
        city=city,
        stage=stage,
    )


def counted_helpers(rule: CityQuotaRule, instance: Instance, city_id: str) -> list[str]:
    """The helpers a city's quota counts: the city's helpers that teach the rule's stage, in
    file order (from the instance's indexes by area and stage, not a scan of every helper)."""
    counted = (
        instance.helpers_by_area.get(city_id, frozenset()) & instance.helpers_by_stage[rule.stage]
    )
    return sorted(counted, key=instance.position.__getitem__)


def _node(index: int, city_id: str) -> Node:
    return ("q", str(index), city_id)


def links(rule: CityQuotaRule, index: int, instance: Instance) -> list[list[Node]]:
    """Each city's quota is a node of its own joined to the helpers it counts: a quota its
    city cannot meet (no helper of that stage, or none that may serve) then stays in exactly
    one part, which is infeasible and says so, instead of vanishing from the merged plan."""
    return [
        [_node(index, city), *(("h", h) for h in counted_helpers(rule, instance, city))]
        for city in quotas_of(rule, instance)
    ]


def restrict(
    rule: CityQuotaRule, index: int, instance: Instance, part: PartScope
) -> CityQuotaRule | None:
    """The quotas whose nodes the part holds (by default: of the cities of its helpers that
    teach the stage), every one written out, so the part's list is as closed as the whole."""
    quotas = quotas_of(rule, instance)
    if part.nodes is None:
        kept = {
            city: n
            for city, n in quotas.items()
            if any(h in part.helpers for h in counted_helpers(rule, instance, city))
        }
    else:
        kept = {c: n for c, n in quotas.items() if _node(index, c) in part.nodes}
    return rule.model_copy(update={"quotas": kept, "closed": False}) if kept else None


def blocks(
    rule: CityQuotaRule,
    instance: Instance,
    helper: Helper,
    recipient: Recipient,
    serving: Mapping[str, list[str]],
) -> Said | None:
    """The helper's city already supplies its quota of the stage with other schools (or is
    not named at all)."""
    if rule.stage not in helper.stages or rule.stage not in recipient.stages:
        return None
    city = instance.city_of(helper).id
    quota = quotas_of(rule, instance).get(city)
    if quota is None:
        return None
    others = [
        h
        for h in counted_helpers(rule, instance, city)
        if h != helper.id
        and any(rule.stage in instance.recipients[r].stages for r in serving.get(h, []))
    ]
    if len(others) < quota:
        return None
    if not others:
        return _label(rule, instance, city, quota)
    return said(
        N_("{city} supplies its {n} {stage} helper school(s) already: {schools}"),
        city=instance.places[city].name,
        n=quota,
        stage=said(STAGE_WORDS[rule.stage.value]),
        schools=joined([named(instance.helpers[h].name) for h in others], ", "),
    )


def binds(rule: CityQuotaRule, instance: Instance, helper: Helper, recipient: Recipient) -> bool:
    """Pairs of the quota's stage whose helper's city it counts (S6 binds the junior pairs,
    S7 the senior ones)."""
    city = instance.city_of(helper).id
    counted = rule.closed or city in rule.quotas
    return counted and rule.stage in helper.stages and rule.stage in recipient.stages


RULE = RuleKind(
    kind="city_quota",
    role=Role.quota,
    penalty=10,
    binds=binds,
    links=links,
    restrict=restrict,
    blocks=blocks,
    bent=N_("{label} but supplies {actual}"),
    mark=N_("{clause}: city over its quota"),
    clauses=("S6", "S7"),
    label=N_("city quota"),
    summary=N_(
        "Each named city supplies exactly the stated number of helper schools of a stage, "
        "and no other city any."
    ),
    declare=declare,
)
