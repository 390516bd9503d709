"""Rule-by-rule checks of a plan, and its cost recomputed from the definitions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pairing_planner.i18n import _, listing, stage_word
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.rule_models import (
    CapacityRule,
    CityQuotaRule,
    CoverageRule,
    ForbidRule,
    LockRule,
    PovertyOneToOneRule,
    Scope,
    ScopeRule,
    StageMatchRule,
)
from pairing_planner.result.plan import Relaxation
from pairing_planner.verify.costs import Pairs, term_costs


@dataclass(frozen=True)
class Violation:
    """One broken rule: its clause, kind, what is wrong, and the schools involved."""

    clause: str
    kind: str
    message: str
    schools: tuple[str, ...] = ()
    subject: str = ""
    """What the broken rule instance is about, as a relaxation names it (recipient id, helper
    id, ``city/stage``, ``helper>recipient``)."""
    amount: int = 1
    """Violation units: schools missing or too many, helpers over or under a quota."""


@dataclass(frozen=True)
class Verdict:
    """The verifier's answer: violations (none: the plan is valid) and the recomputed cost."""

    violations: list[Violation]
    objective: float
    term_costs: dict[str, float] = field(default_factory=dict)
    declared: list[Violation] = field(default_factory=list)
    """Violations the plan declares as relaxations (no more than declared): not failures."""

    @property
    def ok(self) -> bool:
        """True when the plan breaks no rule."""
        return not self.violations


def verify_plan(
    instance: Instance,
    pairs: Iterable[tuple[str, str]],
    declared: Iterable[Relaxation] = (),
) -> Verdict:
    """Check ``pairs`` (helper id, recipient id) against every rule of ``instance``. A
    violation that a ``declared`` relaxation covers (same rule kind and subject, no more
    units) is reported as declared, not as a failure."""
    pairs = list(pairs)
    known = [(h, r) for h, r in pairs if h in instance.helpers and r in instance.recipients]
    violations = _unknown(instance, pairs) + _repeated(pairs)
    for rule in instance.data.rules:
        violations += _CHECKS[rule.kind](instance, rule, known)
    if instance.pair_costs is not None:
        violations += [
            Violation(
                "R2",
                "pair_table",
                _("{pair} is not in the pair table").format(pair=_names(instance, h, r)),
                (h, r),
            )
            for h, r in known
            if (h, r) not in instance.pair_costs
        ]
    allowed = {(r.kind, r.subject): r.amount for r in declared}
    covered = [v for v in violations if v.amount <= allowed.get((v.kind, v.subject), 0)]
    failures = [v for v in violations if v not in covered]
    terms = term_costs(instance, known)
    return Verdict(failures, round(sum(terms.values()), 4), terms, covered)


def _names(instance: Instance, helper: str, recipient: str) -> str:
    return f"{instance.helpers[helper].name} → {instance.recipients[recipient].name}"


def _unknown(instance: Instance, pairs: Pairs) -> list[Violation]:
    found = []
    for h, r in pairs:
        if h not in instance.helpers:
            found.append(
                Violation(
                    "—", "unknown", _("'{id}' is not a helper of this instance").format(id=h), (h,)
                )
            )
        elif instance.helpers[h].capacity == 0:
            message = _("{school} is not available this year (capacity 0)").format(
                school=instance.helpers[h].name
            )
            found.append(Violation("—", "unavailable", message, (h,), h))
        if r not in instance.recipients:
            found.append(
                Violation(
                    "—",
                    "unknown",
                    _("'{id}' is not a recipient of this instance").format(id=r),
                    (r,),
                )
            )
    return found


def _repeated(pairs: Pairs) -> list[Violation]:
    return [
        Violation(
            "—",
            "duplicate",
            _("the pair {helper} → {recipient} is listed {n} times").format(
                helper=h, recipient=r, n=n
            ),
            (h, r),
        )
        for (h, r), n in Counter(pairs).items()
        if n > 1
    ]


def _coverage(instance: Instance, rule: CoverageRule, pairs: Pairs) -> list[Violation]:
    helpers_of = Counter(r for _, r in pairs)
    found = []
    for recipient in instance.data.recipients:
        n = helpers_of[recipient.id]
        if n == 0 or (rule.mode == "exactly_one" and n > 1):
            wanted = _("exactly one") if rule.mode == "exactly_one" else _("at least one")
            message = _("{school} has {n} helpers; the rule wants {wanted}").format(
                school=recipient.name, n=n, wanted=wanted
            )
            found.append(
                Violation(
                    rule.clause, rule.kind, message, (recipient.id,), recipient.id, abs(n - 1)
                )
            )
    return found


def _stage_match(instance: Instance, rule: StageMatchRule, pairs: Pairs) -> list[Violation]:
    found = []
    for h, r in pairs:
        helper, recipient = instance.helpers[h], instance.recipients[r]
        if not set(helper.stages) & set(recipient.stages):
            message = _("{pair}: the helper teaches no stage of the recipient").format(
                pair=_names(instance, h, r)
            )
            found.append(Violation(rule.clause, rule.kind, message, (h, r)))
    return found


def _scope(instance: Instance, rule: ScopeRule, pairs: Pairs) -> list[Violation]:
    found = []
    for h, r in pairs:
        helper, recipient = instance.helpers[h], instance.recipients[r]
        hp, rp = instance.places[helper.place], instance.places[recipient.place]
        h_city, r_city = hp.city or hp.id, rp.city or rp.id
        ok = {
            Scope.any: True,
            Scope.same_city: h_city == r_city,
            Scope.other_city: h_city != r_city,
            Scope.same_county: hp.city is not None and hp.id == rp.id,
        }[rule.within]
        if not ok:
            message = _("{pair} breaks the scope '{scope}'").format(
                pair=_names(instance, h, r), scope=rule.within.value
            )
            found.append(Violation(rule.clause, rule.kind, message, (h, r)))
        if rule.max_km is None:
            continue
        km = instance.distance_km(h, r)
        if km > rule.max_km:
            message = _("{pair} is {km:.1f} km apart, over {cap} km").format(
                pair=_names(instance, h, r), km=km, cap=rule.max_km
            )
            found.append(Violation(rule.clause, rule.kind, message, (h, r)))
    return found


def _capacity(instance: Instance, rule: CapacityRule, pairs: Pairs) -> list[Violation]:
    load = Counter(h for h, _ in pairs)
    return [
        Violation(
            rule.clause,
            rule.kind,
            _("{school} takes {n} schools, over its capacity {capacity}").format(
                school=instance.helpers[h].name, n=n, capacity=instance.helpers[h].capacity
            ),
            (h,),
            h,
            n - instance.helpers[h].capacity,
        )
        for h, n in load.items()
        if n > instance.helpers[h].capacity
    ]


def _poverty(instance: Instance, rule: PovertyOneToOneRule, pairs: Pairs) -> list[Violation]:
    """Per poverty-village recipient: the other schools its helpers take (S4 wants none)."""
    load = Counter(h for h, _ in pairs)
    extra: dict[str, list[str]] = {}
    for h, r in pairs:
        if instance.recipients[r].poverty_village and load[h] > 1:
            extra.setdefault(r, []).append(h)
    return [
        Violation(
            rule.clause,
            rule.kind,
            _("{school} is in a key poverty village, but its helper {helpers}").format(
                school=instance.recipients[r].name,
                helpers=listing(
                    [
                        _("{school} helps {n} schools").format(
                            school=instance.helpers[h].name, n=load[h]
                        )
                        for h in helpers
                    ]
                ),
            ),
            (r, *helpers),
            r,
            sum(load[h] - 1 for h in helpers),
        )
        for r, helpers in extra.items()
    ]


def _city_quota(instance: Instance, rule: CityQuotaRule, pairs: Pairs) -> list[Violation]:
    supplied: dict[str, set[str]] = {}
    for h, r in pairs:
        helper = instance.helpers[h]
        if rule.stage in helper.stages and rule.stage in instance.recipients[r].stages:
            place = instance.places[helper.place]
            supplied.setdefault(place.city or place.id, set()).add(h)
    wanted = dict(rule.quotas)
    if rule.closed:
        wanted |= {city: 0 for city in supplied if city not in rule.quotas}
    found = []
    for city, quota in wanted.items():
        n = len(supplied.get(city, set()))
        if n == quota:
            continue
        if city in rule.quotas:
            text = _("{city} supplies {n} {stage} helper school(s), not {quota}")
        else:
            text = _(
                "{city} supplies {n} {stage} helper school(s), but the rule names only its "
                "own cities"
            )
        message = text.format(
            city=instance.places[city].name, n=n, stage=stage_word(rule.stage.value), quota=quota
        )
        subject = f"{city}/{rule.stage.value}"
        found.append(Violation(rule.clause, rule.kind, message, (city,), subject, abs(n - quota)))
    return found


def _lock(instance: Instance, rule: LockRule, pairs: Pairs) -> list[Violation]:
    present = set(pairs)
    return [
        Violation(
            rule.clause,
            rule.kind,
            _("locked pair {pair} is missing").format(pair=_names(instance, h, r)),
            (h, r),
            f"{h}>{r}",
        )
        for h, r in rule.pairs
        if (h, r) not in present
    ]


def _forbid(instance: Instance, rule: ForbidRule, pairs: Pairs) -> list[Violation]:
    banned = set(rule.pairs)
    return [
        Violation(
            rule.clause,
            rule.kind,
            _("forbidden pair {pair} is in the plan").format(pair=_names(instance, h, r)),
            (h, r),
        )
        for h, r in pairs
        if (h, r) in banned
    ]


_CHECKS: dict[str, Callable[[Instance, Any, Pairs], list[Violation]]] = {
    "coverage": _coverage,
    "stage_match": _stage_match,
    "scope": _scope,
    "capacity": _capacity,
    "poverty_one_to_one": _poverty,
    "city_quota": _city_quota,
    "lock": _lock,
    "forbid": _forbid,
}

CHECKED_KINDS = frozenset(_CHECKS)
"""The rule kinds the verifier checks, by their ``kind:`` name (a test holds this equal to
the rule kinds the model knows)."""
