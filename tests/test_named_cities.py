"""S6 and S7 name their cities: a helper of another city is refused for that stage by the
model and by the verifier, ``plan check`` names it, a quota that departs from the clause it
cites is flagged, and a relaxation may bend the list only in the open."""

from __future__ import annotations

from typing import Any

from pairing_planner import SolveOptions, check_instance, instance_from_data, solve, verify_plan
from pairing_planner.instance.yaml_files.yaml_source import load_yaml
from pairing_planner.report.ledger import pair_clauses
from tests.conftest import INSTANCES


def _heze_with(extra_helper: dict[str, Any], name: str = "heze-as-stated") -> Any:
    """A shipped Heze instance with one more helper (and its city, if new)."""
    data = load_yaml(INSTANCES / f"{name}.yaml").data
    data.pop("contacts")
    if not any(p["id"] == "liaocheng" for p in data["places"]):
        data["places"].append(
            {"id": "liaocheng", "name": "聊城市", "kind": "city", "lat": 36.45, "lon": 115.98}
        )
    data["helpers"].append(extra_helper)
    return instance_from_data(data)


NEAR = {
    "id": "liaocheng-j1",
    "name": "聊城市示例帮扶初中",
    "place": "liaocheng",
    "stages": ["junior"],
    "lat": 36.0,
    "lon": 115.6,
    "score": 99,
}
"""A junior high of a city S6 does not name, nearer to Heze than any named city's."""


def test_a_helper_of_an_unnamed_city_is_not_used_and_is_named() -> None:
    """The 聊城 junior high, the nearest and best, stays unused; the plan is still OPTIMAL
    at the old cost; plan check names the school, its city and S6."""
    instance = _heze_with(NEAR)
    result = solve(instance, SolveOptions(time_limit=20))
    plan = result.plans[0]
    assert result.status == "OPTIMAL" and "liaocheng-j1" not in {p.helper for p in plan.pairs}
    plain = solve(_heze_with(NEAR | {"stages": ["primary"]}), SolveOptions(time_limit=20))
    assert plan.objective == plain.plans[0].objective
    warned = [f for f in check_instance(instance) if f.code == "unnamed-city"]
    assert len(warned) == 1 and "聊城市" in warned[0].message and warned[0].clause == "S6"
    assert any("聊城市" in w and w.endswith("(S6)") for w in result.warnings)


def test_the_verifier_rejects_a_plan_that_uses_an_unnamed_city() -> None:
    """A hand-edited plan that gives a junior high to the 聊城 school breaks S6."""
    instance = _heze_with(NEAR)
    plan = solve(instance, SolveOptions(time_limit=20)).plans[0]
    edited = [
        ("liaocheng-j1" if p.recipient == "r01" else p.helper, p.recipient) for p in plan.pairs
    ]
    broken = [v for v in verify_plan(instance, edited).violations if v.kind == "city_quota"]
    assert any("聊城市" in v.message for v in broken)
    assert all(v.clause == "S6" for v in broken)


def test_an_open_list_lets_other_cities_serve() -> None:
    """``closed: false`` restores the open reading: the printed attachment's twelfth junior
    high goes to the 聊城 school and no rule bends."""
    data = load_yaml(INSTANCES / "heze.yaml").data
    data.pop("contacts")
    data["places"].append(
        {"id": "liaocheng", "name": "聊城市", "kind": "city", "lat": 36.45, "lon": 115.98}
    )
    data["helpers"].append(NEAR)
    for rule in data["rules"]:
        if rule["kind"] == "city_quota":
            rule["closed"] = False
    instance = instance_from_data(data)
    result = solve(instance, SolveOptions(time_limit=20))
    plan = result.plans[0]
    assert result.status == "OPTIMAL" and "liaocheng-j1" in {p.helper for p in plan.pairs}
    assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok


def test_a_relaxation_bends_the_list_in_the_open() -> None:
    """With a junior high too many (the printed attachment) and a 聊城 helper, the least
    relaxation either bends a named city's quota or uses 聊城, and declares what it bends."""
    instance = _heze_with(NEAR, "heze")
    result = solve(instance, SolveOptions(time_limit=20))
    plan = result.plans[0]
    assert result.status == "RELAXED" and plan.relaxations
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    assert verify_plan(instance, pairs, plan.relaxations).ok
    if "liaocheng-j1" in {h for h, _r in pairs}:
        assert any(r.subject == "liaocheng/junior" for r in plan.relaxations)


def test_a_quota_departing_from_its_clause_is_flagged() -> None:
    """Heze 2019 gives Jinan two junior highs and drops Laiwu: both differ from S6."""
    findings = [f for f in check_instance_of("heze-2019") if f.code == "quota-clause"]
    assert len(findings) == 2 and {f.clause for f in findings} == {"S6"}
    assert any("济南市" in f.message for f in findings)
    assert any("莱芜" in f.message for f in findings)
    assert not [f for f in check_instance_of("heze") if f.code == "quota-clause"]


def check_instance_of(name: str) -> list[Any]:
    from pairing_planner import load_instance

    return check_instance(load_instance(INSTANCES / f"{name}.yaml"))


def test_ledger_clauses_cite_only_the_quota_of_the_pairs_stage() -> None:
    """A junior pair never cites S7, a senior pair always does; S6's quota binds no senior
    pair (the heze instances cite S6 for capacity, which binds every pair)."""
    from pairing_planner import load_instance
    from pairing_planner.rules import RULE_KINDS

    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    junior_quota = next(
        r for r in instance.data.rules if r.clause == "S6" and r.kind == "city_quota"
    )
    plan = solve(instance, SolveOptions(time_limit=20)).plans[0]
    for pair in plan.pairs:
        helper, recipient = instance.helpers[pair.helper], instance.recipients[pair.recipient]
        senior = "senior" in recipient.stages
        assert ("S7" in pair_clauses(instance, pair.helper, pair.recipient)) == senior
        binds = RULE_KINDS["city_quota"].binds(junior_quota, instance, helper, recipient)
        assert binds != senior


def test_plan_solve_prints_the_warnings_with_the_plan(tmp_path: Any) -> None:
    """Heze 2019 solves, but its quota departs from S6: plan solve says so with the line,
    and plans.json records it."""
    import json

    from click.testing import CliRunner

    from pairing_planner.cli import main

    instance = INSTANCES / "heze-2019.yaml"
    run = CliRunner().invoke(main, ["solve", str(instance), "--out", str(tmp_path)])
    assert run.exit_code == 0
    assert "warning:" in run.stdout and "heze-2019.yaml:182" in " ".join(run.stdout.split())
    saved = json.loads((tmp_path / "heze-2019" / "plans.json").read_text(encoding="utf-8"))
    assert any("S6 says 1" in w for w in saved["warnings"])


def test_a_rizhao_senior_high_is_not_used_for_s7() -> None:
    """日照 gives a junior high (S6) but no senior high (S7): its senior high stays unused,
    and plan check names it with S7."""
    rizhao = NEAR | {"id": "rizhao-s9", "name": "日照市示例高中", "place": "rizhao"}
    instance = _heze_with(rizhao | {"stages": ["senior"]})
    plan = solve(instance, SolveOptions(time_limit=20)).plans[0]
    assert "rizhao-s9" not in {p.helper for p in plan.pairs}
    warned = [f for f in check_instance(instance) if f.code == "unnamed-city"]
    assert len(warned) == 1 and warned[0].clause == "S7" and "日照市" in warned[0].message


def test_many_warnings_are_summed_up_above_the_plans() -> None:
    """A solve of an instance with many doubtful schools prints ten warnings and says how
    many more there are; plans.json keeps them all."""
    from io import StringIO

    from rich.console import Console

    from pairing_planner.report.terminal import WARNINGS_SHOWN, render_result

    def flipped(data: dict[str, Any]) -> None:
        for helper in data["helpers"]:
            helper["lon"] = -helper["lon"]

    data = load_yaml(INSTANCES / "heze-as-stated.yaml").data
    data.pop("contacts")
    flipped(data)
    instance = instance_from_data(data)
    result = solve(instance, SolveOptions(time_limit=20))
    assert len(result.warnings) == len(instance.helpers) > WARNINGS_SHOWN
    out = StringIO()
    render_result(Console(file=out, width=200), instance, result, explain=False)
    shown = out.getvalue()
    assert shown.count("warning:") == WARNINGS_SHOWN
    assert f"{len(result.warnings) - WARNINGS_SHOWN} more warning(s)" in shown
