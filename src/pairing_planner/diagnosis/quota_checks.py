"""``plan check`` findings about city quotas (S6, S7): helpers of a city the list does not name,
and quotas that depart from the clause they cite. Both are warnings: a bureau may have reasons
(a city merged into another), but the plan must not be called OPTIMAL without saying so."""

from __future__ import annotations

from pairing_planner.clauses import NAMED_CITIES
from pairing_planner.diagnosis.finding import Finding
from pairing_planner.i18n import N_, STAGE_WORDS
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import CityQuotaRule
from pairing_planner.rules.capabilities import quota_rules
from pairing_planner.rules.city_quota import unnamed_helpers
from pairing_planner.said import Said, said


def quota_findings(instance: Instance) -> list[Finding]:
    """Both kinds of finding for every quota rule of the instance."""
    found: list[Finding] = []
    for index, rule in quota_rules(instance):
        found += _unnamed(instance, rule)
        found += _against_clause(instance, index, rule)
    return found


def _unnamed(instance: Instance, rule: CityQuotaRule) -> list[Finding]:
    stage = said(STAGE_WORDS[rule.stage.value])
    position = {h.id: i for i, h in enumerate(instance.data.helpers)}
    return [
        Finding.about(
            instance,
            ("helpers", position[helper.id]),
            "warning",
            "unnamed-city",
            said(
                N_(
                    "{school} is in {city}, which the {clause} list does not name for {stage} "
                    "helper schools; it will not serve {stage} schools"
                ),
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
        message = said(
            N_("the {clause} quota is for {stage} schools, but {clause} is about {wanted} ones"),
            clause=rule.clause,
            stage=said(STAGE_WORDS[rule.stage.value]),
            wanted=said(STAGE_WORDS[stage]),
        )
        return [_quota_clause(message, rule, line)]
    found: list[Finding] = []
    listed: set[str] = set()
    for city_id, n in rule.quotas.items():
        name = instance.places[city_id].name.removesuffix("市")
        listed.add(name)
        if name not in named:
            text = N_("{city} is not among the cities {clause} names")
        elif n != named[name]:
            text = N_("{city} supplies {n} here, but {clause} says {wanted}")
        else:
            continue
        message = said(
            text,
            city=instance.places[city_id].name,
            clause=rule.clause,
            n=n,
            wanted=named.get(name, ""),
        )
        where = instance.line_of(("rules", index, "quotas", city_id))
        found.append(_quota_clause(message, rule, where))
    for name in named.keys() - listed:
        message = said(
            N_("{clause} names {city}, which this quota does not list"),
            clause=rule.clause,
            city=name,
        )
        found.append(_quota_clause(message, rule, line))
    return found


def _quota_clause(message: Said, rule: CityQuotaRule, line: int | None) -> Finding:
    """A quota that departs from the clause it cites, at ``line`` of the instance."""
    return Finding("warning", "quota-clause", message.text(), rule.clause, line, said=message)
