"""Comparing plans, summary frames, and figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pairing_planner import Instance, SolveOptions, solve, write_result
from pairing_planner.cli import main
from pairing_planner.report.frames import city_frame, county_frame, terms_frame
from pairing_planner.report.plan_map import map_figure
from pairing_planner.report.plots import distance_figure, load_figure, save
from pairing_planner.result.compare import compare_plans
from tests.conftest import INSTANCES
from tests.solved import solved_once

ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


@pytest.fixture(scope="module")
def written(heze_as_stated: Instance, tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = solve(heze_as_stated, SolveOptions(plans=3, within=2))
    return write_result(heze_as_stated, result, tmp_path_factory.mktemp("out"))


def test_comparison_matches_the_plans(heze_as_stated: Instance) -> None:
    """The changed recipients are exactly those whose helper differs, with cost changes, and
    their counties (what --differ-by county counts) in the instance's order of places."""
    plans = solve(heze_as_stated, SolveOptions(plans=2, min_diff=4)).plans
    comparison = compare_plans(heze_as_stated, plans[0], plans[1])
    first, second = plans[0].helpers_of(), plans[1].helpers_of()
    assert {c.recipient for c in comparison.changes} == {r for r in first if first[r] != second[r]}
    schools = heze_as_stated.recipients
    counties = {schools[c.recipient].place for c in comparison.changes}
    assert comparison.counties == [p.id for p in heze_as_stated.data.places if p.id in counties]
    assert len(comparison.changes) >= 4
    cost = {p.recipient: p.cost for p in plans[0].pairs}
    other = {p.recipient: p.cost for p in plans[1].pairs}
    for change in comparison.changes:
        assert change.cost_change == pytest.approx(
            other[change.recipient] - cost[change.recipient], abs=0.01
        )


def test_summary_frames(heze_as_stated: Instance) -> None:
    """Per city: helper schools supplied (one per stage quota); per county: schools served."""
    result = solve(heze_as_stated)
    plan = result.plans[0]
    cities = city_frame(heze_as_stated, plan).set_index("helper_city")
    assert cities.loc["济南市", "helpers"] == 2 and cities.loc["莱芜市", "helpers"] == 1
    assert cities["recipients"].sum() == 20 and cities["max_load"].max() == 1
    counties = county_frame(heze_as_stated, plan).set_index("county")
    assert counties.loc["成武县", "recipients"] == 3
    terms = terms_frame(result)
    assert terms.loc[0, "objective"] == pytest.approx(
        terms.loc[0, "distance"] + terms.loc[0, "score_gap"]
    )


def test_compare_command(written: Path) -> None:
    """plan compare: JSON with the changed pairs, CSV with one row per change."""
    runner = CliRunner(env=ENGLISH)
    out = runner.invoke(
        main, ["compare", str(written), "--plans", "1,2", "--json"], catch_exceptions=False
    )
    comparison = json.loads(out.stdout)
    assert out.exit_code == 0 and comparison["changes"]
    out = runner.invoke(
        main, ["compare", str(written), "--plans", "1,3", "--csv"], catch_exceptions=False
    )
    assert out.stdout.startswith("\ufeffrecipient_id,recipient,helper_1,helper_3")
    two = runner.invoke(
        main,
        ["compare", str(written / "plans.json"), str(written / "plans.json"), "--plans", "1,2"],
    )
    assert two.exit_code == 0 and "against plan" in two.stdout


def test_comparing_two_results(written: Path, tmp_path: Path) -> None:
    """Two results: plan 1 of each by default, columns labelled by folder ((A) and (B) when
    one folder is given twice); results of different instances are refused with exit 2."""
    runner = CliRunner(env=ENGLISH)
    same = runner.invoke(main, ["compare", str(written), str(written / "plans.json"), "--json"])
    comparison = json.loads(same.stdout)
    assert same.exit_code == 0 and not comparison["changes"]
    labels = (comparison["label_a"], comparison["label_b"])
    assert labels == ("heze-as-stated:1 (A)", "heze-as-stated:1 (B)")
    other = tmp_path / "other"
    solved = runner.invoke(
        main, ["solve", str(INSTANCES / "heze.yaml"), "--out", str(other), "--quiet"]
    )
    assert solved.exit_code == 0
    refused = runner.invoke(main, ["compare", str(written), str(other / "heze")])
    assert refused.exit_code == 2 and "different instances" in " ".join(refused.stderr.split())


def test_figures_are_written(heze: Instance, tmp_path: Path) -> None:
    """Map, distance and load figures: PNG and SVG files that are not trivial."""
    result = solved_once(heze, SolveOptions(plans=2))
    plan = result.plans[0]
    for name, figure in {
        "map.png": map_figure(heze, plan),
        "load.png": load_figure(heze, plan),
        "distance.svg": distance_figure(heze, result),
    }.items():
        path = save(figure, tmp_path / name)
        assert path.stat().st_size > 10_000
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"


def test_map_labels_in_chinese(heze: Instance, tmp_path: Path) -> None:
    """City labels are the Chinese names as the instance writes them."""
    figure = map_figure(heze, solved_once(heze).plans[0])
    texts = {t.get_text() for axes in figure.axes for t in axes.texts}
    assert "济南市" in texts and "菏泽市" in texts
    assert save(figure, tmp_path / "map.svg").stat().st_size > 10_000


def test_plot_refuses_to_replace_a_file_without_force(written: Path, tmp_path: Path) -> None:
    """The README's plot command: it writes a figure, refuses to replace it (exit 2, the file
    untouched), and replaces it with --force."""
    runner = CliRunner(env=ENGLISH)
    target = tmp_path / "heze-map.png"
    assert runner.invoke(main, ["plot", str(written), "--to", str(target)]).exit_code == 0
    before = target.read_bytes()
    again = runner.invoke(main, ["plot", str(written), "--to", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr and target.read_bytes() == before
    forced = runner.invoke(main, ["plot", str(written), "--to", str(target), "--force"])
    assert forced.exit_code == 0


def test_a_plan_reads_whole_at_80_columns(heze_as_stated: Instance) -> None:
    """At 80 columns names wrap instead of being cut, every cost shows in full, and km is not
    repeated as a distance column; a wide terminal shows each cost term."""
    from io import StringIO

    from rich.console import Console

    from pairing_planner.report.terminal import render_result

    result = solve(heze_as_stated)
    narrow, wide = StringIO(), StringIO()
    render_result(Console(file=narrow, width=80), heze_as_stated, result, explain=False)
    render_result(Console(file=wide, width=160), heze_as_stated, result, explain=False)
    text = narrow.getvalue()
    assert "…" not in text and "distance" not in text.split("Plan 1:")[0]
    assert all(f"{p.cost:.2f}" in text for p in result.plans[0].pairs)
    assert "score gap" in wide.getvalue().split("Plan 1:")[0]
    assert all(
        p.recipient and heze_as_stated.recipients[p.recipient].name in wide.getvalue()
        for p in result.plans[0].pairs
    )


def test_a_comparison_keeps_the_helper_that_differs_at_80_columns(written: Path) -> None:
    """At 80 columns the two helpers' names wrap whole, so 甲 and 乙 stay visible."""
    run = CliRunner(env=ENGLISH | {"COLUMNS": "80"}).invoke(
        main, ["compare", str(written), "--plans", "1,2"]
    )
    assert run.exit_code == 0 and "…" not in run.stdout
    assert "甲" in run.stdout or "乙" in run.stdout


def test_city_costs_add_up_to_the_objective() -> None:
    """Per helper city, costs include the helpers' load terms, so they sum to the plan's
    objective (a city instance with load balance weighted)."""
    from pairing_planner import load_instance

    instance = load_instance(INSTANCES / "ur-sample-city.yaml")
    plan = solve(instance).plans[0]
    assert plan.helper_costs
    cities = city_frame(instance, plan)
    assert cities["cost"].sum() == pytest.approx(plan.objective, abs=0.05)


def test_a_province_s_load_figure_is_bounded_and_per_city() -> None:
    """More helpers than bars fit: one bar per helper city, every school counted, and the
    figure no wider than the bound (one bar per school made Shandong's 287,070 px wide)."""
    from pairing_planner import instance_from_data
    from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
    from pairing_planner.report import plots

    settings = GeneratorSettings(cities=3, counties_per_city=4, recipients=300, seed=1)
    instance = instance_from_data(generate_ur(settings))
    plan = solve(instance).plans[0]
    assert len({p.helper for p in plan.pairs}) > plots.MAX_BARS
    figure = load_figure(instance, plan)
    assert figure.get_figwidth() <= plots.MAX_WIDTH
    bars = figure.axes[0].patches
    assert len(bars) == 3 and sum(bar.get_height() for bar in bars) == len(plan.pairs)
