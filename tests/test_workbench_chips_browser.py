"""The lock and forbid chips can be read, in a real Chromium (issue 32, part 35I): each chip
is a button, and took button's white text on no background of its own, white on the white
card, under 方案 and beside 求解.

The browser is the system's Chromium (Debian's ``chromium``): Playwright cannot download its
own here. Without one the test is skipped, and says so."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web_helpers import NEEDS_CHROMIUM, served_page

pytestmark = NEEDS_CHROMIUM

SHOWN = """(selector) => {
  const chip = document.querySelector(selector);
  let behind = chip;
  let background = getComputedStyle(behind).backgroundColor;
  while (/rgba\\(.*, 0\\)$|transparent/.test(background) && behind.parentElement) {
    behind = behind.parentElement;
    background = getComputedStyle(behind).backgroundColor;
  }
  return [getComputedStyle(chip).color, background, chip.textContent];
}"""
"""A chip's text colour, the colour it is seen on (its own background, or the first one
behind it that is not transparent), and its text."""
WCAG_AA = 4.5
"""The least contrast WCAG 2 asks of text of ordinary size."""


def _luminance(css: str) -> float:
    """The relative luminance (WCAG 2) of a computed ``rgb(…)`` or ``rgba(…)`` colour."""
    red, green, blue = (int(c) / 255 for c in re.findall(r"[\d.]+", css)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(text: str, background: str) -> float:
    """WCAG 2's contrast ratio of two computed colours: 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(text), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_reads_black_on_white_as_21_and_white_on_white_as_1() -> None:
    """The measure the chips are held to."""
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert contrast("rgb(255, 255, 255)", "rgba(255, 255, 255, 1)") == 1.0


def test_a_lock_and_a_forbid_chip_can_be_read_on_the_plan_and_beside_solve(
    tmp_path: Path,
) -> None:
    """A lock and a forbid chip, each under 方案 and beside 求解, in text that stands out
    from what it is seen on (WCAG AA, 4.5:1)."""
    with served_page(tmp_path) as page:
        page.evaluate(
            """() => {
              state.schools = {};
              pendingOf(null).lock.add("H1:R1");
              pendingOf(null).forbid.add("H2:R2");
              renderPending();
            }"""
        )
        for step, box in (("plan", "#pending-list"), ("solve", "#solve-pending")):
            page.click(f"nav button[data-step={step}]")
            for kind in ("lock", "forbid"):
                text, seen_on, said = page.evaluate(SHOWN, f"{box} .chip.{kind}")
                assert said.strip(), (step, kind)
                assert contrast(text, seen_on) >= WCAG_AA, (step, kind, text, seen_on)
