"""The workbench's trade-off front, next year's step and re-solve in a real Chromium (review
37, part 37F): a front asked with the form's defaults has the five points ``plan solve
--front`` gives, each card gives its gap to plan 1, and no point covers an axis's tick.

The browser is the system's Chromium (Debian's ``chromium``): Playwright cannot download its
own here. Without one the tests are skipped, and say so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web_helpers import (
    HEZE_LISTS,
    NEEDS_CHROMIUM,
    PAGE_SOLVE_MS,
    lists_in_page,
    opened_in_page,
    served_page,
    solved_in_page,
)

pytestmark = [NEEDS_CHROMIUM, pytest.mark.slow]

OVERLAPS = """() => {
  const boxes = (selector) =>
    [...document.querySelectorAll(`#outcome .front-chart ${selector}`)]
      .map((n) => n.getBoundingClientRect());
  const meet = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const ticks = boxes("text.tick");
  return boxes("circle.point").filter((dot) => ticks.some((t) => meet(dot, t))).length;
}"""
"""How many of the chart's points cover one of its ticks."""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chinese page of the workbench on a server of its own; no script error may happen."""
    with served_page(tmp_path_factory.mktemp("37f-page")) as opened:
        yield opened


def test_a_front_with_the_forms_defaults_has_five_points_and_their_gaps(page: Any) -> None:
    """权衡前沿 chosen, 方案数 left as it is: five points (the field says 5 and sends
    nothing), the cards say each point's gap to plan 1 (not 0.00 % for all), plan 1's card
    none, and no point of the chart covers a tick."""
    opened_in_page(page, "heze-as-stated")
    page.select_option("#front-choice", index=1)
    assert page.get_attribute("#solve-form input[name=plans]", "placeholder") == "5"
    assert page.input_value("#solve-form input[name=plans]") == ""
    solved_in_page(page)
    assert page.locator("#outcome .front-chart circle.point").count() == 5
    assert page.evaluate(OVERLAPS) == 0
    page.click("nav button[data-step=compare]")
    gaps = page.locator("#alternatives .card").evaluate_all(
        "cards => cards.map((c) => c.querySelector('.gap')?.textContent ?? null)"
    )
    assert len(gaps) == 5
    assert not gaps[0]
    assert all(gap and "方案 1" in gap for gap in gaps[1:]), gaps
    assert not all("0.00" in gap for gap in gaps[1:]), gaps
    page.click("nav button[data-step=solve]")
    page.select_option("#front-choice", index=0)
    assert page.get_attribute("#solve-form input[name=plans]", "placeholder") == "1"


def test_the_progress_box_shows_the_solve_the_outcome_shows(page: Any) -> None:
    """Two solves; plan 1 of the first chosen under 方案, then 求解: the outcome card and the
    progress box both show the first solve (the box said the last one's state)."""
    opened_in_page(page, "heze-as-stated")
    page.select_option("#front-choice", index=0)
    for plans in ("1", "2"):
        page.fill("#solve-form input[name=plans]", plans)
        solved_in_page(page)
    first = page.evaluate("state.solves[0].id")
    assert page.get_attribute("#progress", "data-solve") != first
    page.click("nav button[data-step=plan]")
    page.select_option("#plan-choice", index=0)
    page.click("nav button[data-step=solve]")
    assert page.get_attribute("#progress", "data-solve") == first
    assert page.evaluate("state.current.solve.id") == first
    assert page.inner_text("#result-card h3").startswith("第 1 次求解")


def test_next_year_keeps_the_plan_adopted_and_names_it_and_the_bends(page: Any) -> None:
    """Heze's 2016 lists solved for two plans; 2017's re-planned from plan 2: the list of last
    year's results gives each its plan count and solve id, 采用的方案 still says 方案 2 after
    the run, and the change report names plan 2 of that solve and the rules the relaxed new
    plan bends."""
    lists_in_page(page)
    page.select_option("#front-choice", index=0)
    page.fill("#solve-form input[name=plans]", "2")
    solved_in_page(page)
    last_year = page.evaluate("state.current.solve.id")
    page.click("nav button[data-step=next-year]")
    page.wait_for_selector(f"#baseline-choice option[value='{last_year}']", state="attached")
    page.select_option("#baseline-choice", last_year)
    listed = page.inner_text(f"#baseline-choice option[value='{last_year}']")
    assert "2 个方案" in listed and last_year[:6] in listed, listed
    page.select_option("#adopted-choice", "2")
    form = "#next-year-form"
    page.select_option(f"{form} select[name=template]", "heze")
    page.set_input_files(f"{form} input[name=recipients]", HEZE_LISTS / "heze-recipients-2017.csv")
    page.set_input_files(f"{form} input[name=helpers]", HEZE_LISTS / "heze-helpers.csv")
    page.click(f"{form} button[type=submit]")
    page.locator("#changes").wait_for(timeout=PAGE_SOLVE_MS)
    assert page.input_value("#adopted-choice") == "2"
    against = page.inner_text("#change-baseline")
    assert "方案 2" in against and last_year[:6] in against, against
    if page.evaluate("state.current.solve.result.status") == "RELAXED":
        assert page.locator("#change-bends li").count() > 0
