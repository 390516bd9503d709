"""A result's words follow the page's language in a real Chromium (issue 32, part 35Q):
Heze as S5 states it solved in Chinese with three plans, a pair locked and solved again, then
the page switched to English: the 'what changed' box, the compare page's plan notes, the
summary and the check's findings are English, no Han outside the schools' and cities' names;
switched back, Chinese, no English word. Heze as printed: the conflicting rules too.

The browser is the system's Chromium (Debian's ``chromium``): Playwright cannot download its
own here. Without one the tests are skipped, and say so."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pairing_planner.instance.yaml_files.load import load_instance
from tests.test_all_chinese import english_words
from tests.web_helpers import NEEDS_CHROMIUM, served_page

HAN = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = re.compile("[。，：；（）、]")
"""Chinese punctuation: an English sentence has none."""

pytestmark = [NEEDS_CHROMIUM, pytest.mark.slow]
INSTANCES = Path(__file__).resolve().parent.parent / "instances"
SOLVE_MS = 120_000


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chinese page of the workbench on a server of its own; no script error may happen."""
    with served_page(tmp_path_factory.mktemp("language-page")) as opened:
        yield opened


def _names(example: str) -> list[str]:
    """What stays as written in either language, longest first so a name is taken out whole:
    the schools and places as the instance spells them, and a list's column headers as the
    planner types them (纬度, 经度)."""
    instance = load_instance(INSTANCES / f"{example}.yaml")
    schools = [*instance.recipients.values(), *instance.helpers.values()]
    named = {s.name for s in schools} | {p.name for p in instance.places.values()}
    named |= {"纬度", "经度"}
    return sorted(named, key=len, reverse=True)


def _solved(page: Any, example: str, plans: int) -> None:
    """Open a shipped example and solve it from the page for ``plans`` plans."""
    page.click("nav button[data-step=start]")
    page.click(f"button[data-example={example}]")
    page.wait_for_selector("#check.current")
    page.click("nav button[data-step=solve]")
    page.fill("#solve-form input[name=time_limit]", "60")
    page.fill("#solve-form input[name=plans]", str(plans))
    page.click("#solve-button")
    page.wait_for_selector("#outcome:not(.previous) #result-card", timeout=SOLVE_MS)


def _switched(page: Any, language: str) -> None:
    """Switch the page's language and wait until the result's summary is worded again."""
    before = page.inner_text("#result-message")
    page.click("#language")
    page.wait_for_function(f"document.documentElement.lang === '{language}'")
    page.wait_for_function(
        "(said) => document.querySelector('#result-message').textContent !== said", arg=before
    )
    page.wait_for_load_state("networkidle")


def _texts(page: Any, selectors: list[str]) -> dict[str, list[str]]:
    """What each of ``selectors`` shows, wherever the page keeps it (hidden steps too)."""
    return {
        s: page.eval_on_selector_all(s, "(found) => found.map((e) => e.textContent.trim())")
        for s in selectors
    }


def _foreign(language: str, shown: dict[str, list[str]], names: list[str]) -> dict[str, str]:
    """What of the other language each text holds, the instance's names aside."""
    found = {}
    for texts in shown.values():
        for text in texts:
            if language == "zh":
                if words := english_words(text, set(names)):
                    found[text] = str(words)
                continue
            bare = text
            for name in names:
                bare = bare.replace(name, "")
            if HAN.search(bare) or FULL_WIDTH.search(bare):
                found[text] = bare
    return found


def _follows_the_language(page: Any, shown: list[str], example: str) -> None:
    """What ``shown`` finds on the page, every selector something: Chinese with no English
    word; switched to English, English with no Han (the instance's names aside); switched
    back, the same Chinese as before."""
    names = _names(example)
    chinese = _texts(page, shown)
    assert all(chinese.values()), chinese
    assert _foreign("zh", chinese, names) == {}
    _switched(page, "en")
    english = _texts(page, shown)
    assert all(english.values()), english
    assert _foreign("en", english, names) == {}, "\n".join(_foreign("en", english, names))
    _switched(page, "zh")
    assert _texts(page, shown) == chinese


SHOWN = [
    "#what-changed",
    "#alternatives .card",
    "#result-message",
    "#check .finding",
]


def test_a_locked_re_solve_and_its_plans_follow_the_language(page: Any) -> None:
    """Heze as stated, three plans, a pair locked and solved again: every sentence of the
    result, the change and the compare page in English after the switch, Chinese after the
    switch back."""
    _solved(page, "heze-as-stated", 3)
    page.click("#result-card button")
    page.wait_for_selector("#pairs tbody tr[data-pair]")
    page.locator("#pairs tbody tr[data-pair]").first.locator("button.why-button").click()
    page.locator("#pairs tr.why:not([hidden]) button.instead").first.click()
    page.click("#resolve-button")
    page.wait_for_selector("#what-changed", timeout=SOLVE_MS)
    page.click("nav button[data-step=compare]")
    page.wait_for_selector("#alternatives .card")
    _follows_the_language(page, SHOWN, "heze-as-stated")


def test_the_conflicting_rules_follow_the_language(page: Any) -> None:
    """Heze as printed (S6's conflict): the summary, the structural finding, the relaxations
    and the conflicting rules in English after the switch; Chinese again after it."""
    _solved(page, "heze", 1)
    shown = ["#result-message", "#diagnosis li", "#result-card details li", ".relaxations li"]
    _follows_the_language(page, shown, "heze")
