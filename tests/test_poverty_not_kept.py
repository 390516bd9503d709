"""Schools marked in key poverty villages that no rule keeps one-to-one (S4) are a warning
(issue 31, the review of session 36): the one-to-one rule is declared by a rule, and a file
that marks the schools but leaves the rule out had their helpers help other schools too,
without a word."""

from __future__ import annotations

from pathlib import Path

from pairing_planner import Instance, load_instance
from pairing_planner.diagnosis.checks import check_instance
from pairing_planner.i18n import use_language
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.instance.yaml_files.dump import instance_yaml


def _county(folder: Path, with_rule: bool) -> Instance:
    """A generated county with some of its recipients in poverty villages, its S4 rule kept
    or left out, as a file (so each finding has its line)."""
    data = generate_ur(GeneratorSettings(cities=1, counties_per_city=1, recipients=30, seed=3))
    rules = [rule for rule in data.rules if with_rule or rule.kind != "poverty_one_to_one"]
    path = folder / f"county-{with_rule}.yaml"
    path.write_text(instance_yaml(data.model_copy(update={"rules": rules})), encoding="utf-8")
    return load_instance(path)


def test_poverty_schools_without_the_rule_are_each_a_warning(tmp_path: Path) -> None:
    """Each marked school is named, at its line, citing S4; with the rule, none is."""
    loose = _county(tmp_path, with_rule=False)
    marked = [r.name for r in loose.data.recipients if r.poverty_village]
    assert marked
    with use_language("en"):
        found = [f for f in check_instance(loose) if f.code == "poverty-not-kept"]
    assert sorted(f.message.split(" is marked")[0] for f in found) == sorted(marked)
    assert {(f.severity, f.clause) for f in found} == {("warning", "S4")}
    assert all(f.line is not None for f in found)
    kept = _county(tmp_path, with_rule=True)
    assert not [f for f in check_instance(kept) if f.code == "poverty-not-kept"]
