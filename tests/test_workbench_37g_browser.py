"""Review 37, part G, in the system's Chromium: the Start step follows the language switch
(finding 7); school names never broken inside, the plan cards in even columns, the map's
labels above its lines with a halo (finding 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web_helpers import NEEDS_CHROMIUM, served_page

pytestmark = [pytest.mark.slow, NEEDS_CHROMIUM]

BROKEN_NAMES = """() => [...document.querySelectorAll('#pairs tr[data-pair]')].flatMap((row) =>
  [row.cells[0], row.cells[2]].filter((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return range.getClientRects().length > 1;
  }).map((cell) => cell.textContent))"""
"""The school names in the pairs table that take more than one line."""


def _solved(page: Any) -> None:
    page.click("button[data-example=heze]")
    page.wait_for_selector("#check.current")
    page.click("nav button[data-step=solve]")
    page.fill("#solve-form input[name=plans]", "3")
    page.click("#solve-form button[type=submit]")
    page.wait_for_selector("#result-card", timeout=240_000)


def test_the_start_step_is_worded_again_in_english(tmp_path: Path) -> None:
    """After the switch: Open, '21 recipient and 40 helper schools', '2016: …' in both
    template choices; the chosen template kept."""
    with served_page(tmp_path) as page:
        page.select_option("#template", "heze-2019")
        page.click("#language")
        page.wait_for_function("document.querySelector('#examples button').textContent === 'Open'")
        buttons = page.eval_on_selector_all(
            "#examples button", "all => all.map((b) => b.textContent)"
        )
        counts = page.eval_on_selector_all(
            "#examples .cite", "all => all.map((c) => c.textContent)"
        )
        options = page.eval_on_selector_all(
            "#template option, .template-choice option", "all => all.map((o) => o.textContent)"
        )
        chosen = page.input_value("#template")
    assert set(buttons) == {"Open"}
    assert counts[0] == "21 recipient and 40 helper schools"
    assert all(c.endswith(" helper schools") and "所" not in c for c in counts), counts
    assert options and all("年：" not in o for o in options)
    assert any(o.startswith("2016: ") for o in options)
    assert chosen == "heze-2019"


def test_names_are_whole_cards_even_and_labels_haloed(tmp_path: Path) -> None:
    """At 1280 px, with an explanation open, no school name takes two lines; three plans'
    cards share one row at one width; a map label is drawn with a halo."""
    with served_page(tmp_path) as page:
        page.set_viewport_size({"width": 1280, "height": 800})
        _solved(page)
        page.click("nav button[data-step=plan]")
        page.wait_for_selector("#pairs tr[data-pair]")
        page.click("#pairs tr[data-pair] .why-button")
        broken = page.evaluate(BROKEN_NAMES)
        halo = page.eval_on_selector("#plan-map text", "t => getComputedStyle(t).paintOrder")
        page.set_viewport_size({"width": 1366, "height": 800})
        page.click("nav button[data-step=compare]")
        cards = page.eval_on_selector_all(
            ".alternatives .card",
            "all => all.map((c) => [Math.round(c.getBoundingClientRect().top), "
            "Math.round(c.getBoundingClientRect().width)])",
        )
    assert broken == []
    assert halo.startswith("stroke")
    assert len(cards) == 3 and len({tuple(c) for c in cards}) == 1, cards
