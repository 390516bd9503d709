"""What a bureau planner's test of issue 30 found under --lang zh at 80 columns (part 30D):
the official list's bend line, plan calendar's table, sample commands, overdue duties,
chart titles, the progress and load charts, compare's heading, the second-best helper and
--front's closing line."""

from __future__ import annotations

from dataclasses import replace
from io import StringIO

import pytest
from rich.cells import cell_len
from rich.text import Text

from pairing_planner import Instance, SolveOptions, load_instance, trade_off
from pairing_planner.api import activity_calendar
from pairing_planner.i18n import _, use_language
from pairing_planner.report.calendar_terminal import LISTED, render_calendar
from pairing_planner.report.comparison_table import render_comparison
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.line_breaks import wrapped_lines
from pairing_planner.report.official import official_lists
from pairing_planner.report.plan_map import map_figure
from pairing_planner.report.plots import distance_figure, load_figure
from pairing_planner.result.calendar import CalendarResult
from pairing_planner.result.compare import compare_plans
from pairing_planner.result.plan import Relaxation
from tests.conftest import INSTANCES
from tests.solved import solved_once
from tests.test_charts_legible import assert_legible

TERMS = ("distance", "score_gap")


def test_the_printed_lists_say_a_bend_once_on_the_sheet_it_concerns(heze: Instance) -> None:
    """Heze as printed bends S6 (济宁市 sends a second junior high): the whole list says how
    many schools bend, as many as its remarks mark; of the R4 report's eleven sheets only
    济宁市's says it (every sheet said it before)."""
    plan = solved_once(heze).plans[0]
    with use_language("zh"):
        (whole,) = official_lists(heze, plan)
        sheets = official_lists(heze, plan, per_city=True)
    marked = [row for row in whole.rows if row[-1]]
    assert whole.note.startswith(f"本方案中 {len(marked)} 所学校未按 S6 的规定结对：济宁市")
    assert whole.note.endswith("见备注栏。")
    assert [s.name for s in sheets if s.note] == ["济宁市"]


def test_a_city_short_of_its_quota_is_said_without_a_count_or_a_pointer(
    heze_as_stated: Instance,
) -> None:
    """A city that names no senior helper where S7 asks one (the planner's Heze list) bends
    no school's pair: the list said '本方案中 0 所学校未按 S7 的规定结对…见备注栏。' over an
    empty remarks column, on every city's sheet. Now the rule alone, on the whole list and
    on that city's sheet; a plan that bends nothing says nothing."""
    kept = solved_once(heze_as_stated).plans[0]
    city = heze_as_stated.city_of(heze_as_stated.helpers[kept.pairs[0].helper])
    short = Relaxation("city_quota", "S7", f"{city.id}/senior", 1, "", 10)
    bent = replace(kept, relaxations=[short])
    with use_language("zh"):
        assert all(not found.note for found in official_lists(heze_as_stated, kept))
        (whole,) = official_lists(heze_as_stated, bent)
        sheets = official_lists(heze_as_stated, bent, per_city=True)
    for note in [whole.note, *(s.note for s in sheets if s.note)]:
        assert note.startswith("本方案未按 S7 的规定确定帮扶学校：")
        assert " 0 所学校" not in note and "备注" not in note
    assert [s.name for s in sheets if s.note] == [city.name]


@pytest.fixture(scope="module")
def stated_calendar(heze_as_stated: Instance) -> CalendarResult:
    """Heze as stated's plan 1 scheduled in the school year 2016 (58 activities: listed one
    by one, as the planner's 19 schools were)."""
    plan = solved_once(heze_as_stated).plans[0]
    return activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=5)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_calendar_keeps_names_and_duties_whole_at_80_columns(
    heze_as_stated: Instance, stated_calendar: CalendarResult, lang: str
) -> None:
    """At 80 columns the activity table cut 牡丹区吴店镇中 / 心中学 and 选派中层以上干 /
    部到帮扶学校: now each activity is a block, every school name and every duty on one
    line, within 80 columns; at 130 columns it is the table."""
    assert len(stated_calendar.placements) <= LISTED
    scheduled = {(p.activity.host, p.activity.traveller) for p in stated_calendar.placements}
    names = {heze_as_stated.school_name(school) for pair in scheduled for school in pair}
    with use_language(lang):  # type: ignore[arg-type]
        duties = {_(p.activity.duty) for p in stated_calendar.placements}
        narrow, wide = StringIO(), StringIO()
        render_calendar(PlainConsole(file=narrow, width=80), heze_as_stated, stated_calendar, [])
        render_calendar(PlainConsole(file=wide, width=130), heze_as_stated, stated_calendar, [])
    text = narrow.getvalue()
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    assert all(name in text for name in names)
    assert lang == "en" or all(duty in text for duty in duties)
    assert "┃" in wide.getvalue()


def test_a_sample_command_longer_than_a_line_breaks_between_its_arguments() -> None:
    """plan check of a sheet suggests a command 84 columns wide at 80: it broke inside the
    file name (菏泽被帮扶名单2016. / yaml); now between arguments, every file name whole."""
    command = "plan import TEMPLATE --recipients 菏泽被帮扶名单2016.xlsx -o 菏泽被帮扶名单2016.yaml"
    lines = [line.plain for line in wrapped_lines(Text(f"请先用 {command} 转成实例"), 80)]
    assert all(cell_len(line) <= 80 for line in lines)
    words = " ".join(lines).split()
    assert "菏泽被帮扶名单2016.xlsx" in words and "菏泽被帮扶名单2016.yaml" in words
    assert [line.plain for line in wrapped_lines(Text("甲" * 50), 80)] == ["甲" * 40, "甲" * 10]


def test_comparing_a_plan_with_itself_says_they_are_the_same(heze_as_stated: Instance) -> None:
    """Two folders holding the same plan printed '0 所被帮扶学校更换了帮扶学校；…：无' under a
    heading that ran the words together (方案results/heze2016:1与方案…对比): now the heading
    spaces the labels and the line says the two plans are the same."""
    plan = solved_once(heze_as_stated).plans[0]
    same = compare_plans(heze_as_stated, plan, plan, label_a="a/heze:1", label_b="b/heze:1")
    out = StringIO()
    with use_language("zh"):
        render_comparison(PlainConsole(file=out, width=80), heze_as_stated, same)
    text = out.getvalue()
    assert "方案 a/heze:1 与方案 b/heze:1 对比" in text
    assert "两方案相同" in text and "0 所" not in text


def test_a_front_cut_by_its_plans_names_the_options_to_raise(heze_as_stated: Instance) -> None:
    """Heze as stated's front has more points than two: asked for two, it said only 'ask for
    more plans or more time'; now it names --plans and --time-limit, in both languages."""
    for lang, said in (("zh", "方案数（--plans）或时间（--time-limit）"), ("en", "(--plans)")):
        with use_language(lang):  # type: ignore[arg-type]
            found = trade_off(heze_as_stated, TERMS, SolveOptions(plans=2, time_limit=30))
        assert said in found.message and "--time-limit" in found.message


@pytest.fixture(scope="module")
def long_titled(heze_as_stated: Instance, tmp_path_factory: pytest.TempPathFactory) -> Instance:
    """Heze as stated titled as plan import titles the planner's lists (their file names)."""
    text = (INSTANCES / "heze-as-stated.yaml").read_text(encoding="utf-8")
    title = "支持菏泽教育发展 — 菏泽被帮扶名单2016.xlsx、帮扶学校2016.xlsx 中的学校"
    path = tmp_path_factory.mktemp("titled") / "heze-as-stated.yaml"
    path.write_text(text.replace(f'title: "{heze_as_stated.data.title}"', f'title: "{title}"'))
    return load_instance(path)


def test_every_chart_title_fits_its_figure(long_titled: Instance) -> None:
    """The distance chart's title ran off the right edge (…2016.xlsx 中的学, 校 cut): every
    chart's title now wraps where a line may break and lies whole inside its figure."""
    result = solved_once(long_titled)
    with use_language("zh"):
        figures = [
            distance_figure(long_titled, result),
            load_figure(long_titled, result.plans[0]),
            map_figure(long_titled, result.plans[0]),
        ]
    for figure in figures:
        assert_legible(figure, [])
    assert "\n" in figures[0].axes[0].title.get_text()


def test_the_load_chart_names_the_instance_and_draws_every_helper(
    heze_as_stated: Instance,
) -> None:
    """The load chart was headed 帮扶学校负担 — 方案1 and drew only the helpers in use (19 of
    the planner's 40): now its title names the instance and every helper is a bar, the idle
    ones at 0."""
    plan = solved_once(heze_as_stated).plans[0]
    with use_language("zh"):
        figure = load_figure(heze_as_stated, plan)
    axes = figure.axes[0]
    assert heze_as_stated.data.title in axes.title.get_text().replace("\n", "")
    assert len(axes.get_xticklabels()) == len(heze_as_stated.helpers) > len(plan.pairs)
