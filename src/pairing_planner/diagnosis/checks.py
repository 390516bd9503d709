"""``plan check``: what a careful reader of an instance would notice, found in any instance.

Nothing here special-cases a file: each check reads the rules and data it is about. Findings
are graded ``conflict`` (the rules cannot all be met: no plan exists), ``warning`` (probably a
data error) and ``info`` (counts a planner wants to see).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from pairing_planner.algorithms.hall import (
    describe,
    describe_poverty,
    hall_shortfall,
    poverty_shortfall,
)
from pairing_planner.diagnosis.data_checks import data_findings
from pairing_planner.diagnosis.finding import Finding
from pairing_planner.diagnosis.quota_checks import quota_findings
from pairing_planner.i18n import N_, STAGE_WORDS, _, cited, listing, stage_word
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.schema.school_models import Stage, stage_named
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.prepare.problem import problem_data
from pairing_planner.rules import Role
from pairing_planner.rules.capabilities import clause_of, declared, idle_reason, quota_rules
from pairing_planner.rules.structures import Exclusive
from pairing_planner.said import Said, joined, said

CHECKS: dict[str, tuple[tuple[str, ...], str]] = {
    "expected-count": (("S5",), "Counts of schools differ from what the source document states."),
    "stage-name": (("S5", "S6", "S7"), "A school's name states a stage it is not marked with."),
    "no-candidate": (("S1", "T2"), "A recipient that no helper is allowed to serve."),
    "idle-helper": (("S2", "T4"), "A helper that may serve no recipient (e.g. in their city)."),
    "quota-supply": (("S6", "S7"), "A city asked for more helper schools than it lists."),
    "duplicate-school": (
        (),
        "The same school listed twice (names equal once spaces and full-width forms are set "
        "aside).",
    ),
    "name-place": ((), "A school's name begins with a county or city other than its place."),
    "far-coordinates": ((), "A school more than 150 km from its place's seat."),
    "adcode": (
        (),
        "A division code that is not its place's (its city's prefix, Shandong's table).",
    ),
    "unavailable": ((), "Helpers of capacity 0: not available this year, left out."),
    "at-seat": (
        (),
        "Recipients without coordinates of their own, placed at their county's seat (their "
        "distances tie).",
    ),
    "unnamed-city": (
        ("S6", "S7"),
        "A helper of a city the quota list does not name: it will not serve that stage.",
    ),
    "quota-clause": (
        ("S6", "S7"),
        "A quota that departs from the cities and counts of the clause it cites.",
    ),
    "hall-shortfall": (
        ("S1", "S5", "S6", "S7"),
        "Recipients whose possible helpers have too little room for them (Hall's condition, "
        "by maximum flow over quotas and capacities).",
    ),
    "poverty-shortfall": (
        ("S4",),
        "Poverty-village schools too many for a helper school of their own each (Hall's "
        "condition with one school per helper).",
    ),
}
"""Each ``plan check`` finding code: the clauses it serves and what it looks for."""


def check_instance(instance: Instance, pairs: list[PairKey] | None = None) -> list[Finding]:
    """Every finding for ``instance``, conflicts first; ``pairs`` are its candidate pairs when
    the caller has them already."""
    pairs = candidate_pairs(instance) if pairs is None else pairs
    found = [
        *_counts(instance),
        *warnings(instance, {h for h, _r in pairs}),
        *_unavailable(instance),
        *_at_seats(instance),
        *conflicts(instance, pairs),
    ]
    order = {"conflict": 0, "warning": 1, "info": 2}
    return sorted(found, key=lambda f: order[f.severity])


def warnings(instance: Instance, paired: Collection[str]) -> list[Finding]:
    """The findings that say the data may be wrong (cheap: no flow), which every solve
    carries into its result so that no plan is called optimal without them; ``paired``: the
    helpers some candidate pair names (the rest are idle)."""
    return [
        *_expected_counts(instance),
        *_stage_names(instance),
        *data_findings(instance),
        *_idle_helpers(instance, paired),
        *_poverty_not_kept(instance),
        *quota_findings(instance),
    ]


def warning_lines(instance: Instance, paired: Collection[str]) -> list[str]:
    """:func:`warnings` as lines, each where it is (:func:`finding_line`)."""
    return [finding_line(instance, f) for f in warnings(instance, paired)]


def warnings_said(instance: Instance, paired: Collection[str]) -> list[Said]:
    """:func:`warning_lines` by message ids, as a solve's result records them: a result is
    read in the language asked, not the one it was solved in (issue 32)."""
    return [f.as_said(instance) for f in warnings(instance, paired)]


def finding_line(instance: Instance, finding: Finding) -> str:
    """``file:line (list, row): message (clause)``: a finding as one line of a solve's
    warnings or diagnosis, citing the list row an imported school was typed in."""
    at = finding.where(instance)
    message = cited(finding.message, finding.clause) if finding.clause else finding.message
    return _("{place}: ").format(place=at) * bool(at) + message


def conflicts(instance: Instance, pairs: list[PairKey] | None = None) -> list[Finding]:
    """Only the findings that prove no plan exists (run before every part's solve, so the
    warnings' checks are left out)."""
    pairs = candidate_pairs(instance) if pairs is None else pairs
    return [
        *_unserved_recipients(instance, pairs),
        *_quota_supply(instance, pairs),
        *_hall(instance, pairs),
    ]


def conflict_messages(instance: Instance, pairs: list[PairKey]) -> list[Said]:
    """The findings that prove no plan exists, each with its clause and where it is, by
    message id: what a diagnosis lists as structural, read in other languages."""
    return [f.as_said(instance) for f in conflicts(instance, pairs)]


def _stage_counts(stages: list[list[Stage]]) -> str:
    counts = Counter(s for group in stages for s in group)
    return listing([f"{counts[s]} {stage_word(s.value)}" for s in Stage if counts[s]])


def _counts(instance: Instance) -> list[Finding]:
    data = instance.data
    recipients = _stage_counts([r.stages for r in data.recipients])
    helpers = _stage_counts([h.stages for h in data.helpers])
    poverty = sum(r.poverty_village for r in data.recipients)
    text = _("{n} recipients ({stages}); {m} helpers ({helper_stages})").format(
        n=len(data.recipients), stages=recipients, m=len(data.helpers), helper_stages=helpers
    )
    if poverty:
        text += _("; {n} recipients in key poverty villages (S4)").format(n=poverty)
    return [Finding("info", "counts", text)]


def _expected_counts(instance: Instance) -> list[Finding]:
    found = []
    for i, expected in enumerate(instance.data.expected):
        schools = (
            instance.data.recipients if expected.role == "recipients" else instance.data.helpers
        )
        listed = [s for s in schools if expected.stage is None or expected.stage in s.stages]
        if len(listed) != expected.count:
            stage = said(STAGE_WORDS[expected.stage.value]) if expected.stage else None
            what = said(N_("{stage} "), stage=stage) if stage else joined([])
            role = said(N_("recipients") if expected.role == "recipients" else N_("helpers"))
            message = said(
                N_("{clause} states {count} {what}{role}; the file lists {listed}"),
                clause=expected.clause,
                count=expected.count,
                what=what,
                role=role,
                listed=len(listed),
            )
            found.append(
                Finding(
                    "warning",
                    "expected-count",
                    message.text(),
                    expected.clause,
                    instance.line_of(("expected", i, "count")),
                    said=message,
                )
            )
    return found


def _stage_names(instance: Instance) -> list[Finding]:
    found = []
    for key, schools in (
        ("helpers", instance.data.helpers),
        ("recipients", instance.data.recipients),
    ):
        for i, school in enumerate(schools):
            named = stage_named(school.name)
            if named is not None and named[1] not in school.stages:
                mark, stage = named
                marked = joined([said(STAGE_WORDS[s.value]) for s in school.stages], ", ")
                message = said(
                    N_(
                        "{school} is marked {marked}, but its name says {mark} ({stage}); "
                        "check the stage"
                    ),
                    school=school.name,
                    marked=marked,
                    mark=mark,
                    stage=said(STAGE_WORDS[stage.value]),
                )
                clause = clause_of(instance, Role.stage)
                found.append(
                    Finding.about(
                        instance, (key, i, "stages"), "warning", "stage-name", message, clause
                    )
                )
    return found


def _unserved_recipients(instance: Instance, pairs: list[PairKey]) -> list[Finding]:
    clause = clause_of(instance, Role.cover)
    if clause is None:
        return []
    served = {r for _, r in pairs}
    return [
        Finding.about(
            instance,
            ("recipients", i),
            "conflict",
            "no-candidate",
            said(
                N_(
                    "{school} has no allowed helper: the stage, scope, forbid rules and pair "
                    "table leave none"
                ),
                school=r.name,
            ),
            clause,
        )
        for i, r in enumerate(instance.data.recipients)
        if r.id not in served
    ]


def _unavailable(instance: Instance) -> list[Finding]:
    """Helpers marked unavailable this year (capacity 0): left out, said once."""
    away = [h.name for h in instance.data.helpers if h.capacity == 0]
    if not away:
        return []
    message = _("{n} helper(s) not available this year (capacity 0), left out: {schools}")
    return [Finding("info", "unavailable", message.format(n=len(away), schools=listing(away)))]


def _at_seats(instance: Instance) -> list[Finding]:
    """Recipients with no coordinates of their own stand at their place's seat: schools of
    one county are then equally far from every helper, and plans that only swap their
    helpers tie (docs/alternatives.md). Said once, with how many."""
    seated = [r for r in instance.data.recipients if r.lat is None]
    if not seated:
        return []
    message = _(
        "{n} of {total} recipients have no coordinates of their own: their county's seat "
        "stands in, so schools of one county are equally far from every helper (give 'lat' and "
        "'lon', or 纬度 and 经度 in a school list, to tell them apart)"
    ).format(n=len(seated), total=len(instance.data.recipients))
    return [Finding("info", "at-seat", message)]


def _idle_helpers(instance: Instance, paired: Collection[str]) -> list[Finding]:
    found = []
    for i, helper in enumerate(instance.data.helpers):
        if helper.id in paired or helper.capacity == 0:
            continue
        clause, message = idle_reason(instance, helper) or (
            None,
            said(N_("{school} has no recipient it is allowed to serve"), school=helper.name),
        )
        found.append(
            Finding.about(instance, ("helpers", i), "warning", "idle-helper", message, clause)
        )
    return found


def _poverty_not_kept(instance: Instance) -> list[Finding]:
    """Recipients marked in key poverty villages that no rule's exclusive set holds: S4 asks
    that their helper help them alone, and a file that marks them but declares no such rule
    would give their helpers other schools too, without a word."""
    kept = {r for s in declared(instance) if isinstance(s, Exclusive) for r in s.recipients}
    message = N_(
        "{school} is marked in a key poverty village, but no rule keeps its helper to it alone "
        "(add a poverty_one_to_one rule): its helper may help other schools too"
    )
    found = []
    for i, recipient in enumerate(instance.data.recipients):
        if recipient.poverty_village and recipient.id not in kept:
            named = said(message, school=recipient.name)
            where = ("recipients", i)
            found.append(Finding.about(instance, where, "warning", "poverty-not-kept", named, "S4"))
    return found


def _quota_supply(instance: Instance, pairs: list[PairKey]) -> list[Finding]:
    busy = {h for h, _ in pairs}
    found = []
    for i, rule in quota_rules(instance):
        for city_id, quota in rule.quotas.items():
            able = [
                h
                for h in instance.data.helpers
                if h.id in busy and rule.stage in h.stages and instance.city_of(h).id == city_id
            ]
            if len(able) < quota:
                city = instance.places[city_id].name
                message = said(
                    N_(
                        "{city} must supply {quota} {stage} helper school(s), but only {able} of "
                        "its listed helpers can serve"
                    ),
                    city=city,
                    quota=quota,
                    stage=said(STAGE_WORDS[rule.stage.value]),
                    able=len(able),
                )
                line = instance.line_of(("rules", i, "quotas", city_id))
                found.append(
                    Finding(
                        "conflict", "quota-supply", message.text(), rule.clause, line, None, message
                    )
                )
    return found


def _hall(instance: Instance, pairs: list[PairKey]) -> list[Finding]:
    """Recipients the helpers they may have cannot all serve (Hall's condition), and
    poverty-village schools too many for a helper of their own each (S4): proofs that no plan
    exists, whatever the costs."""
    found = []
    problem = problem_data(instance, pairs)
    shortfall = hall_shortfall(problem)
    if shortfall is not None:
        clause = ", ".join(shortfall.clauses) or clause_of(instance, Role.cover)
        text = describe(instance, shortfall)
        found.append(Finding("conflict", "hall-shortfall", text.text(), clause, None, None, text))
    poor = poverty_shortfall(problem)
    if poor is not None:
        text = describe_poverty(instance, poor)
        found.append(
            Finding(
                "conflict",
                "poverty-shortfall",
                text.text(),
                ", ".join(poor.clauses),
                None,
                None,
                text,
            )
        )
    return found
