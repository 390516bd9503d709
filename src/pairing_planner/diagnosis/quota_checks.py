"""``plan check`` findings about city quotas (S6, S7): helpers of a city the list does not name,
and quotas that depart from the clause they cite. Both are warnings: a bureau may have reasons
(a city merged into another), but the plan must not be called OPTIMAL without saying so."""

from __future__ import annotations

from pairing_planner.clauses import NAMED_CITIES
from pairing_planner.diagnosis.finding import Finding
from pairing_planner.i18n import _, stage_word
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import CityQuotaRule
from pairing_planner.rules.capabilities import quota_rules
from pairing_planner.rules.city_quota import unnamed_helpers


def quota_findings(instance: Instance) -> list[Finding]:
    """Both kinds of finding for every quota rule of the instance."""
    found: list[Finding] = []
    for index, rule in quota_rules(instance):
        found += _unnamed(instance, rule)
        found += _against_clause(instance, index, rule)
    return found


def _unnamed(instance: Instance, rule: CityQuotaRule) -> list[Finding]:
    stage = stage_word(rule.stage.value)
    position = {h.id: i for i, h in enumerate(instance.data.helpers)}
    return [
        Finding.about(
            instance,
            ("helpers", position[helper.id]),
            "warning",
            "unnamed-city",
            _(
                "{school} is in {city}, which the {clause} list does not name for {stage} "
                "helper schools; it will not serve {stage} schools"
            ).format(
                school=helper.name,
                city=instance.city_of(helper).name,
                clause=rule.clause,
                stage=stage,
            ),
            rule.clause,
        )
        for helper in unnamed_helpers(rule, instance)
    ]


def _against_clause(instance: Instance, index: int, rule: CityQuotaRule) -> list[Finding]:
    """Where a quota citing S6 or S7 differs from the cities and counts the clause prints."""
    if rule.clause not in NAMED_CITIES:
        return []
    stage, named = NAMED_CITIES[rule.clause]
    line = instance.line_of(("rules", index))
    if rule.stage.value != stage:
        text = _("the {clause} quota is for {stage} schools, but {clause} is about {wanted} ones")
        message = text.format(
            clause=rule.clause, stage=stage_word(rule.stage.value), wanted=stage_word(stage)
        )
        return [Finding("warning", "quota-clause", message, rule.clause, line)]
    found: list[Finding] = []
    listed: set[str] = set()
    for city_id, n in rule.quotas.items():
        name = instance.places[city_id].name.removesuffix("市")
        listed.add(name)
        if name not in named:
            text = _("{city} is not among the cities {clause} names")
        elif n != named[name]:
            text = _("{city} supplies {n} here, but {clause} says {wanted}")
        else:
            continue
        message = text.format(
            city=instance.places[city_id].name, clause=rule.clause, n=n, wanted=named.get(name)
        )
        where = instance.line_of(("rules", index, "quotas", city_id))
        found.append(Finding("warning", "quota-clause", message, rule.clause, where))
    for name in named.keys() - listed:
        text = _("{clause} names {city}, which this quota does not list")
        message = text.format(clause=rule.clause, city=name)
        found.append(Finding("warning", "quota-clause", message, rule.clause, line))
    return found
