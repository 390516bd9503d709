"""``plan check`` findings on the shipped Heze instance and on instances built to trip each."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from pairing_planner import Instance, check_instance
from pairing_planner.algorithms.hall import hall_shortfall, poverty_shortfall
from pairing_planner.prepare.problem import problem_data
from tests.conftest import build, instance_dict, random_school


def _messages(instance: Instance, severity: str) -> list[str]:
    return [f.message for f in check_instance(instance) if f.severity == severity]


def test_heze_as_printed(heze: Instance) -> None:
    """21 recipients (9 senior, 12 junior) against S5's 20 (9, 11), row 13's stage, and the
    junior-high shortfall."""
    findings = check_instance(heze)
    text = "\n".join(f.message for f in findings)
    assert "21 recipients (12 junior, 9 senior)" in text
    assert "S5 states 20 recipients; the file lists 21" in text
    assert "S5 states 11 junior recipients; the file lists 12" in text
    assert "巨野县高级中学 is marked junior, but its name says 高级中学" in text
    shortfall = [f for f in findings if f.code == "hall-shortfall"]
    assert len(shortfall) == 1 and shortfall[0].clause == "S6"
    assert shortfall[0].message.startswith(
        "12 junior recipients, 11 helper slots for them (S6): 1 cannot be paired."
    )
    juniors = [r.name for r in heze.data.recipients if r.stages[0].value == "junior"]
    assert all(name in shortfall[0].message for name in juniors)
    assert "by 22 helpers in 11 cities" in shortfall[0].message
    stage_warning = next(f for f in findings if f.code == "stage-name")
    assert heze.path is not None
    assert (
        heze.path.read_text(encoding="utf-8").splitlines()[stage_warning.line - 1].strip()
        == "stages: [junior]"
    )  # type: ignore[operator]


def test_heze_as_stated_has_no_conflict(heze_as_stated: Instance) -> None:
    """The 20 schools S5 states agree with every count and leave no conflict."""
    assert _messages(heze_as_stated, "conflict") == []
    assert _messages(heze_as_stated, "warning") == []


def _two_city_instance(quota: int, helpers_in_c1: int) -> Instance:
    rng = random.Random(0)
    helpers = [random_school(rng, "h", i, 2) | {"place": "c1k0"} for i in range(helpers_in_c1)]
    helpers.append(random_school(rng, "h", 9, 2) | {"place": "c0k0"})
    recipients = [random_school(rng, "r", i, 2) | {"place": "c0k1"} for i in range(2)]
    rules = [
        {"kind": "coverage", "clause": "S5"},
        {"kind": "capacity", "clause": "S6"},
        {"kind": "scope", "clause": "T4", "within": "other_city"},
        {"kind": "city_quota", "clause": "S6", "stage": "junior", "quotas": {"c1": quota}},
    ]
    return build(instance_dict(helpers, recipients, rules))


def test_helper_in_recipients_city_is_flagged() -> None:
    """A helper in the recipients' own city under an other-city scope can serve no one."""
    warnings = _messages(_two_city_instance(1, 2), "warning")
    assert any("the recipients' own city" in w for w in warnings)


def test_quota_beyond_listed_helpers_is_a_conflict() -> None:
    """A city asked for more helper schools than it lists cannot meet its quota."""
    conflicts = _messages(_two_city_instance(3, 2), "conflict")
    assert any("must supply 3 junior helper school(s), but only 2" in c for c in conflicts)


def test_recipient_without_candidate_is_a_conflict() -> None:
    """A recipient no helper may serve (here: no helper teaches its stage) is named."""
    rng = random.Random(1)
    helpers = [random_school(rng, "h", 0, 2)]
    recipients = [random_school(rng, "r", 0, 2) | {"stages": ["senior"]}]
    rules = [{"kind": "coverage", "clause": "S1"}, {"kind": "stage_match", "clause": "S3"}]
    conflicts = _messages(build(instance_dict(helpers, recipients, rules)), "conflict")
    assert conflicts == [
        "R school 0 has no allowed helper: the stage, scope, forbid rules and pair table leave none"
    ]


def _hall_by_brute_force(pairs: set[tuple[str, str]], capacity: dict[str, int]) -> bool:
    """Whether some set of recipients has less helper room than members (every subset)."""
    recipients = sorted({r for _h, r in pairs})
    for size in range(1, len(recipients) + 1):
        for group in itertools.combinations(recipients, size):
            helpers = {h for h, r in pairs if r in group}
            if sum(capacity[h] for h in helpers) < size:
                return True
    return False


def test_hall_shortfall_agrees_with_brute_force() -> None:
    """On 80 random small instances the max-flow check finds a shortfall exactly when some
    set of recipients with a candidate lacks room (one with none is ``no-candidate``'s), and
    the set it names lacks exactly the room it reports."""
    rng = random.Random(7)
    found = 0
    for _trial in range(80):
        helpers = [
            random_school(rng, "h", i, 1) | {"capacity": rng.randint(1, 3)} for i in range(4)
        ]
        recipients = [random_school(rng, "r", i, 1) for i in range(6)]
        rules = [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S3"}]
        instance = build(instance_dict(helpers, recipients, rules, cities=1))
        pairs = {(h["id"], r["id"]) for h in helpers for r in recipients if rng.random() < 0.4}
        capacity = {h["id"]: h["capacity"] for h in helpers}
        expected = _hall_by_brute_force(pairs, capacity)
        shortfall = hall_shortfall(problem_data(instance, sorted(pairs)))
        assert (shortfall is not None) == expected
        if shortfall is not None:
            found += 1
            named = {h for h, r in pairs if r in shortfall.recipients}
            assert set(shortfall.helpers) == named
            assert shortfall.room == sum(capacity[h] for h in named) < len(shortfall.recipients)
    assert 5 < found < 70


def test_poverty_shortfall_agrees_with_brute_force() -> None:
    """S4's Hall condition on 80 random instances: a shortfall is found exactly when some
    set of poverty-village schools with a candidate has fewer possible helpers than members,
    and the message says how many cannot be paired one-to-one."""
    rng = random.Random(11)
    found = 0
    for _trial in range(80):
        helpers = [random_school(rng, "h", i, 1) | {"capacity": 3} for i in range(4)]
        recipients = [random_school(rng, "r", i, 1) | {"poverty_village": i < 3} for i in range(7)]
        rules = [
            {"kind": "coverage", "clause": "S1"},
            {"kind": "capacity", "clause": "S3"},
            {"kind": "poverty_one_to_one", "clause": "S4"},
        ]
        instance = build(instance_dict(helpers, recipients, rules, cities=1))
        pairs = {(h["id"], r["id"]) for h in helpers for r in recipients if rng.random() < 0.35}
        poor = {(h, r) for h, r in pairs if instance.recipients[r].poverty_village}
        unit = {h["id"]: 1 for h in helpers}
        shortfall = poverty_shortfall(problem_data(instance, sorted(pairs)))
        assert (shortfall is not None) == _hall_by_brute_force(poor, unit)
        if shortfall is not None:
            found += 1
            assert shortfall.clauses == ["S4"]
            assert shortfall.room == len({h for h, r in poor if r in shortfall.recipients})
            assert shortfall.room < len(shortfall.recipients)
    assert 5 < found < 70


def test_every_check_is_documented() -> None:
    """docs/checks.md lists every finding code the checks can report."""
    from pairing_planner.diagnosis.checks import CHECKS

    text = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    assert all(f"| `{code}` |" in text for code in CHECKS)


def test_a_school_with_no_candidate_stays_out_of_the_hall_witness(heze: Instance) -> None:
    """The printed attachment plus a primary school no helper teaches: the Hall conflict
    names the 12 junior highs only; the primary school is named by its own finding."""
    from pairing_planner import instance_from_data

    data = heze.data.model_dump(mode="json", exclude_none=True)
    extra = data["recipients"][0] | {"id": "p1", "name": "示例小学", "stages": ["primary"]}
    data["recipients"].append(extra)
    findings = check_instance(instance_from_data(data))
    hall = [f.message for f in findings if f.code == "hall-shortfall"]
    assert len(hall) == 1 and "示例小学" not in hall[0] and hall[0].startswith("12 junior")
    assert any(f.code == "no-candidate" and "示例小学" in f.message for f in findings)


def test_recipients_at_their_seat_are_said_once(heze_as_stated: Instance) -> None:
    """The attachment gives no school's location: plan check says, once, that every
    recipient stands at its county's seat; a recipient with coordinates is not counted."""
    from pairing_planner import check_instance, instance_from_data

    (finding,) = [f for f in check_instance(heze_as_stated) if f.code == "at-seat"]
    assert finding.severity == "info" and "20 of 20" in finding.message
    data = heze_as_stated.data.model_dump()
    data["recipients"][0] |= {"lat": 35.25, "lon": 115.42}
    (fewer,) = [f for f in check_instance(instance_from_data(data)) if f.code == "at-seat"]
    assert "19 of 20" in fewer.message
