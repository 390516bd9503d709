"""Loose ends other parts found on issues 31 and 32 (part 35N): a school calendar never offered
as a template or example, a tiny gap printed "< 0.01 %", Chinese separators in a result's
summary, and the count of plans a plan stands for made exact."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from pairing_planner.i18n import use_language
from pairing_planner.instance.yaml_files.load import is_calendar_file
from pairing_planner.prepare.symmetry import variants
from pairing_planner.report.terminal import percent_text
from pairing_planner.result.worded_json import SAID
from pairing_planner.said import joined, said
from pairing_planner.solving.result_notes import MAY_DIFFER, unproven
from tests.web_helpers import examples_server

INSTANCES = Path(__file__).resolve().parent.parent / "instances"
CALENDAR = "calendar-2016-illustrative"
LIST = {"recipients": ("名单.csv", (INSTANCES / "lists" / "heze-recipients.csv").read_bytes())}


def test_a_calendar_file_is_told_from_an_instance_by_its_fields() -> None:
    """The one test the refusal of ``plan solve`` and the workbench's lists share."""
    assert is_calendar_file(INSTANCES / f"{CALENDAR}.yaml")
    assert not is_calendar_file(INSTANCES / "heze.yaml")


def test_the_workbench_offers_no_calendar_as_a_template_or_example(tmp_path: Path) -> None:
    """The refusal of lists without a template listed calendar-2016-illustrative among the
    templates; naming it, or opening it as an example, is refused as no such thing."""
    with examples_server(tmp_path / "data", "en") as client:
        names = [example["name"] for example in client.get("/api/examples").json()]
        assert "heze" in names and CALENDAR not in names
        refused = client.post("/api/instances", files=LIST)
        [problem] = refused.json()["problems"]
        assert "heze-as-stated" in problem["message"] and CALENDAR not in problem["message"]
        named = client.post("/api/instances", files=LIST, data={"template": CALENDAR})
        [problem] = named.json()["problems"]
        assert (
            named.status_code == 422 and f"there is no template '{CALENDAR}'" in problem["message"]
        )
        assert CALENDAR not in problem["message"].split(";", 1)[1]
        assert client.post(f"/api/examples/{CALENDAR}").status_code == 404


def test_the_templates_are_listed_with_chinese_separators(tmp_path: Path) -> None:
    """In Chinese the templates a refusal names are joined by 、, not ", "."""
    with examples_server(tmp_path / "data", "zh") as client:
        [problem] = client.post("/api/instances", files=LIST).json()["problems"]
        assert "heze-2019、heze-as-stated" in problem["message"], problem["message"]


def test_a_tiny_gap_reads_below_a_hundredth_not_zero() -> None:
    """Two decimals printed 21,441.35 against 21,441.23 as +0.00 %; the workbench says < 0.01."""
    gap = 100 * (21_441.35 - 21_441.23) / 21_441.23
    assert percent_text(gap) == "< 0.01"
    assert percent_text(0.0) == "+0.00" and percent_text(1.234) == "+1.23"


@pytest.mark.parametrize(("lang", "said"), [("en", "(< 0.01 %)"), ("zh", "（< 0.01 %）")])
def test_plan_solve_prints_a_tiny_gap_to_plan_1_below_a_hundredth(
    tmp_path: Path, lang: str, said: str
) -> None:
    """heze-as-stated's second plan costs 0.01 more than its first: "+0.00 %" before."""
    from pairing_planner.cli import main

    args = ["--lang", lang, "solve", str(INSTANCES / "heze-as-stated.yaml"), "--plans", "2"]
    ran = CliRunner().invoke(main, [*args, "--out", str(tmp_path)], catch_exceptions=False)
    assert ran.exit_code == 0, ran.output
    assert said in ran.output and "0.00 %" not in ran.output, ran.output


def test_what_is_not_proven_is_listed_with_chinese_separators() -> None:
    """ "（搜索被中途停止; 方案 1, 2 的成本是否最低）": in Chinese a list's items are joined by 、
    and its clauses by ；, also when a result solved in English is worded in Chinese."""
    plans = [SimpleNamespace(rank=k, status="FEASIBLE", relaxations=[]) for k in (1, 2)]
    result = SimpleNamespace(plans=plans, interrupted=True, diagnosis=None)
    with use_language("en"):
        note = said(MAY_DIFFER, what=joined(unproven(result), "; "))  # type: ignore[arg-type]
        assert "(the search was stopped; the cost of plan 1, 2)" in note.text()
    stored = SAID.validate_json(SAID.dump_json(note))
    with use_language("zh"):
        assert "（搜索被中途停止；方案 1、2 的成本" in stored.text(), stored.text()


def test_the_api_names_the_calendar_sheet_as_the_file_does(tmp_path: Path) -> None:
    """The API schema said "the 台账 sheet": the calendar's one sheet is 活动安排, the
    bureau's 台账 of the duties (R2), as README and docs/calendar.md say."""
    from pairing_planner.io.sheet_names import CALENDAR as SHEET
    from pairing_planner.web.app import create_app
    from pairing_planner.web.config import ServeConfig

    app = create_app(ServeConfig(data=tmp_path))
    described = json.dumps(app.openapi(), ensure_ascii=False)
    assert f"one sheet, {SHEET.zh}, or {SHEET.en} in English" in described
    assert "台账 sheet" not in described


def test_twin_helpers_serving_twin_recipients_stand_for_two_plans() -> None:
    """h0 → r2, h1 → r3 with h0, h1 twins and r2, r3 twins: the swaps reach 2 plans, not 4."""
    assert variants([("r2", "r3")], [("h0", "r2"), ("h1", "r3")], [("h0", "h1")]) == 2


def test_the_count_of_variants_is_the_plans_the_swaps_reach() -> None:
    """On small random plans, every swap of each group applied and the distinct pair sets
    counted: the count says exactly that many (unserved recipients and idle helpers too)."""
    draw = random.Random(35)
    for _case in range(300):
        helpers = [f"h{i}" for i in range(draw.randint(1, 5))]
        recipients = [f"r{i}" for i in range(draw.randint(1, 6))]
        pairs = [(draw.choice(helpers), r) for r in recipients if draw.random() < 0.85]
        groups, helper_groups = _grouped(draw, recipients), _grouped(draw, helpers)
        reached = {
            frozenset((swap_h.get(h, h), swap_r.get(r, r)) for h, r in pairs)
            for swap_r in _swaps(groups)
            for swap_h in _swaps(helper_groups)
        }
        assert variants(groups, pairs, helper_groups) == len(reached), (
            pairs,
            groups,
            helper_groups,
        )


def _grouped(draw: random.Random, schools: list[str]) -> list[tuple[str, ...]]:
    """Some of ``schools`` in groups of two or more, as symmetry finds them."""
    shuffled = draw.sample(schools, len(schools))
    groups, start = [], 0
    while start < len(shuffled):
        size = draw.randint(1, 3)
        if size > 1 and start + size <= len(shuffled):
            groups.append(tuple(shuffled[start : start + size]))
        start += size
    return groups


def _swaps(groups: list[tuple[str, ...]]) -> list[dict[str, str]]:
    """Every way of ordering each group anew, as a map from school to school."""
    found: list[dict[str, str]] = [{}]
    for group in groups:
        found = [
            {**swap, **dict(zip(group, order, strict=True))}
            for swap in found
            for order in itertools.permutations(group)
        ]
    return found
