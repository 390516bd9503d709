"""The corners of the desk a bureau planner found left (issue 30, part 30A): the trade-off
front whole by default, with its ends and balanced point named; the overdue duties listed by
school, duty and date; an official list in a bureau's words; the solve footer in a
planner's words; click's defaults with a full-width colon under zh."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner

from pairing_planner import Instance, SolveOptions, trade_off, verify_plan
from pairing_planner.cli import main
from pairing_planner.i18n import use_language
from pairing_planner.io.calendar_sheet import TrackedActivity
from pairing_planner.objective import SCALE
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.duty_progress import OVERDUE_SHOWN, progress, render_progress
from pairing_planner.result.plan import Plan
from pairing_planner.solving.methods.front_words import balanced
from pairing_planner.solving.methods.trade_off_front import FRONT_POINTS
from tests.conftest import INSTANCES, build, instance_dict, random_school

TERMS = ("distance", "score_gap")
Point = tuple[int, int]


def _small() -> Instance:
    """Four helpers of capacity 2, seven recipients, distance and score gap weighted alike:
    2,469 plans, seven of them on the front (seed 0)."""
    rng = random.Random(0)
    helpers = [random_school(rng, "h", i, 2) | {"capacity": 2} for i in range(4)]
    recipients = [random_school(rng, "r", i, 2) for i in range(7)]
    rules = [
        {"kind": "coverage", "clause": "S1", "mode": "exactly_one"},
        {"kind": "capacity", "clause": "S1"},
    ]
    return build(instance_dict(helpers, recipients, rules, {"distance": 1.0, "score_gap": 1.0}))


def _every_plan(instance: Instance) -> set[Point]:
    """Every plan's two terms (in hundredths), by brute force: each pair's terms as the
    verifier recomputes them, added over every assignment the capacities allow."""
    cost = {
        (h, r): verify_plan(instance, [(h, r)]).term_costs
        for h in instance.helpers
        for r in instance.recipients
    }
    found = set()
    for choice in itertools.product(list(instance.helpers), repeat=len(instance.recipients)):
        if max(Counter(choice).values()) <= 2:
            pairs = list(zip(choice, instance.recipients, strict=True))
            found.add(
                (
                    sum(round(cost[p].get("distance", 0.0) * SCALE) for p in pairs),
                    sum(round(cost[p].get("score_gap", 0.0) * SCALE) for p in pairs),
                )
            )
    return found


def _non_dominated(points: set[Point]) -> list[Point]:
    return sorted(
        p for p in points if not any(q[0] <= p[0] and q[1] <= p[1] and q != p for q in points)
    )


def _values(plan: Plan) -> Point:
    return round(plan.term_costs["distance"] * SCALE), round(plan.term_costs["score_gap"] * SCALE)


@pytest.fixture(scope="module")
def small() -> Instance:
    return _small()


@pytest.fixture(scope="module")
def brute(small: Instance) -> set[Point]:
    return _every_plan(small)


def test_the_default_front_has_both_ends_and_the_balanced_point(
    small: Instance, brute: set[Point]
) -> None:
    """Without --plans a front gives up to five points (it gave one): the two ends (least
    distance, then least score gap) first and last, three points between, each on the true
    front, and the balanced one named (the point whose worse term is nearest its best).
    Before: one point, the least-distance end, and 'more points may exist'."""
    true_front = _non_dominated(brute)
    assert len(true_front) == 7
    with use_language("en"):
        result = trade_off(small, TERMS, SolveOptions(time_limit=60))
    points = [_values(p) for p in result.plans]
    assert len(points) == FRONT_POINTS == 5
    assert [p.rank for p in result.plans] == [1, 2, 3, 4, 5]
    roles = [p.constraints for p in result.plans]
    assert roles[0] == "end: least distance" and roles[-1] == "end: least score gap"
    middle = balanced(points)
    assert roles[middle] == "balanced" and 0 < middle < 4
    assert roles.count("between") == 2
    assert f"Plan {middle + 1} is the balanced one" in result.message
    assert "plan 5 the end with the least score gap" in result.message
    if all(p.status == "OPTIMAL" for p in result.plans):
        assert set(points) <= set(true_front)
        assert points[0] == true_front[0] and points[-1] == true_front[-1]
        assert "More points may exist" in result.message


def test_a_front_asked_for_every_point_is_the_brute_force_front(
    small: Instance, brute: set[Point]
) -> None:
    """With room for every point the front is exactly the non-dominated plans of a brute
    force over all 2,469 plans, said complete; and every weighted sum of the two terms is
    least at one of its points."""
    with use_language("en"):
        result = trade_off(small, TERMS, SolveOptions(plans=20, time_limit=60))
    if any(p.status != "OPTIMAL" for p in result.plans):
        pytest.skip("the machine's load kept a point from being proven")
    points = [_values(p) for p in result.plans]
    assert points == _non_dominated(brute)
    assert "More points may exist" not in result.message
    for weight in (0.1, 0.5, 1.0, 2.0, 10.0):
        best = min(a + weight * b for a, b in brute)
        assert min(a + weight * b for a, b in points) == pytest.approx(best)
    for plan in result.plans:
        assert verify_plan(small, [(p.helper, p.recipient) for p in plan.pairs]).ok


def test_the_balanced_point_is_the_one_whose_worse_term_is_nearest_its_best() -> None:
    """Each term counted from its best end (0) to its worst (1): the point whose larger share
    is least; ties go to the smaller sum."""
    assert balanced([(0, 100), (10, 60), (50, 40), (100, 0)]) == 2
    assert balanced([(0, 100), (40, 40), (60, 20), (100, 0)]) == 1
    assert balanced([(0, 100), (50, 50), (50, 40), (100, 0)]) == 2


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["一端：距离最小", "一端：水平差距最小", "最均衡", "方案 1 是距离最小的一端"]),
        ("en", ["end: least distance", "end: least score gap", "balanced", "Plan 1 is the end"]),
    ],
)
def test_plan_solve_front_prints_the_ends_and_the_balanced_plan(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    """plan solve --front 距离,水平差距 on Heze as stated prints five points, says which are
    the ends and which is balanced, in either language."""
    args = ["solve", str(INSTANCES / "heze-as-stated.yaml"), "--front", "距离,水平差距"]
    done = CliRunner().invoke(main, [*args, "--lang", lang, "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    text = "".join(done.output.split())
    for word in words:
        assert "".join(word.split()) in text
    assert len(list((tmp_path / "heze-as-stated").glob("plan-*.csv"))) == 5


@pytest.mark.parametrize(
    ("lang", "shown", "absent"),
    [("zh", "[默认：results]", "[默认: "), ("en", "[default: results]", "[默认")],
)
def test_click_defaults_take_the_languages_colon(lang: str, shown: str, absent: str) -> None:
    """click's [default: …] under zh reads [默认：…] with a full-width colon and ；between
    its parts (it read [默认: results] and [默认: 1; x>=1]); English keeps its own."""
    done = CliRunner().invoke(main, ["solve", "--help", "--lang", lang])
    text = " ".join(done.output.split())
    assert shown in text and absent not in text
    if lang == "zh":
        assert "[默认：1；x>=1]" in text


SOLVER_WORDS = ("放宽", "证明", "最优", "可行", "relaxed", "proven", "optimal")
"""Words of the solver an official list must not carry (issue 30)."""


@pytest.mark.parametrize(
    ("lang", "said", "remarks"),
    [
        ("zh", "本方案中 2 所学校未按 S6 的规定结对：济宁市", "备注"),
        ("en", "In this plan 2 school(s) are not paired as S6 sets out: 济宁市", "remarks"),
    ],
)
def test_an_official_list_says_a_bend_in_the_rules_words(
    heze: Instance, tmp_path: Path, lang: str, said: str, remarks: str
) -> None:
    """Heze as printed bends S6 (济宁市 sends a second junior high): the official list and the
    R4 report say under the title how many schools are not paired as S6 sets out, in the
    rule's words, and point to the remarks column; no solver word (放宽方案，放宽最少已证明
    before), the proof left to the ledger."""
    import docx
    import openpyxl

    from pairing_planner import export_plan, solve

    result = solve(heze, SolveOptions(time_limit=30))
    plan = result.plans[0]
    with use_language(lang):  # type: ignore[arg-type]
        listed = export_plan(heze, result, plan, tmp_path / "list.xlsx", form="list")
        printed = export_plan(heze, result, plan, tmp_path / "report.docx", form="report")
    sheet = openpyxl.load_workbook(listed).worksheets[0]
    note = str(sheet["A2"].value)
    assert note.startswith(said), note
    assert [c.value for c in sheet[3]][-1] == remarks
    paragraphs = [p.text for p in docx.Document(str(printed)).paragraphs]
    assert any(p.startswith(said) for p in paragraphs)
    for text in [note, *paragraphs]:
        assert not any(word in text.lower() for word in SOLVER_WORDS), text


def _overdue(instance: Instance, count: int) -> list[TrackedActivity]:
    """``count`` duties past their last day, H1 and H2 in turn, over the pairs of Heze as
    stated (one helper per recipient, as listed), none marked done."""
    pairs = list(zip(instance.helpers, instance.recipients, strict=False))
    return [
        TrackedActivity(
            f"a{n}",
            pairs[n % len(pairs)][0],
            pairs[n % len(pairs)][1],
            ("H1", "H2")[n % 2],
            date(2016, 10, 10),
            date(2016, 10, 14 + n % 3),
            "open",
        )
        for n in range(count)
    ]


def _printed(instance: Instance, rows: list[TrackedActivity], lang: str) -> str:
    out = StringIO()
    with use_language(lang):  # type: ignore[arg-type]
        render_progress(
            PlainConsole(file=out, width=200), progress(instance, rows, date(2017, 3, 1))
        )
    return out.getvalue()


@pytest.mark.parametrize(
    ("lang", "duty"),
    [
        ("zh", "选派中层以上干部到帮扶学校；选派青年骨干教师到帮扶学校学习（H1）"),
        (
            "en",
            "middle-level or higher managers sent to the helper; young key teachers sent "
            "to the helper (H1)",
        ),
    ],
)
def test_the_overdue_duties_say_schools_duty_and_date(
    heze_as_stated: Instance, lang: str, duty: str
) -> None:
    """Each overdue duty with both schools by name, the duty as the notice words it with its
    clause beside (only H1 or H2 before), and its last day."""
    rows = _overdue(heze_as_stated, 3)
    text = _printed(heze_as_stated, rows, lang)
    first = rows[0]
    line = next(
        line
        for line in text.splitlines()
        if heze_as_stated.recipients[first.recipient].name in line
    )
    assert heze_as_stated.helpers[first.helper].name in line
    assert duty in line and "2016-10-14" in line


@pytest.mark.parametrize(
    ("lang", "heading", "total"),
    [("zh", "各县区逾期任务", "合计"), ("en", "Overdue duties by county", "total")],
)
def test_a_long_overdue_list_is_counted_per_county_with_the_total(
    heze_as_stated: Instance, lang: str, heading: str, total: str
) -> None:
    """Past OVERDUE_SHOWN, the overdue duties are counted per county (the recipient's, in the
    list's order) with the clauses and the earliest last day, and the total; the earliest
    are still listed by name."""
    rows = _overdue(heze_as_stated, OVERDUE_SHOWN + 5)
    text = _printed(heze_as_stated, rows, lang)
    assert heading in text
    counted = Counter(
        (heze_as_stated.county_of(r) or heze_as_stated.city_of(r)).name
        for r in (heze_as_stated.recipients[row.recipient] for row in rows)
    )
    words = [line.replace("│", " ").split() for line in text.splitlines()]
    counties = [w[0] for w in words if w and w[0] in counted]
    listed = [
        (heze_as_stated.county_of(r) or heze_as_stated.city_of(r)).name
        for r in heze_as_stated.recipients.values()
    ]
    assert counties[: len(counted)] == sorted(counted, key=listed.index)
    assert [total, str(OVERDUE_SHOWN + 5)] in [w[:2] for w in words]
    assert len([line for line in text.splitlines() if "2016-10-1" in line]) >= OVERDUE_SHOWN
