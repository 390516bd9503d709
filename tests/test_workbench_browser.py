"""The workbench as a planner uses it (issue 32): Chromium driven by Playwright through the
whole job — upload the Heze lists, read the S6 conflict, solve into the plan that bends the
rules least, lock another helper, solve again, compare the two plans, download the ledger.

The browser is the system's Chromium (Debian's ``chromium``): Playwright cannot download its
own here. Without one the test is skipped, and says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web_helpers import chromium_at
from tools.workbench_screenshots import chromium, serving, walk_the_job

BROWSER = chromium()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium found (apt-get install chromium): the workbench's browser tests skipped",
)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("workbench")) as found:
        yield found


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium_at(BROWSER) as launched:
        yield launched


@pytest.mark.slow
def test_the_whole_job(url: str, browser: object, tmp_path: Path) -> None:
    """Lists in, S6 shown, the least relaxation proven, a lock re-solved and compared, and
    the ledger downloaded is a workbook openpyxl reads, one row per Heze school paired."""
    from openpyxl import load_workbook

    page = browser.new_page(locale="zh-CN")  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    walked = walk_the_job(page, url, tmp_path)

    assert "S6" in walked.conflict and "11" in walked.conflict
    assert walked.status == "RELAXED"
    assert walked.proven
    assert walked.changed.startswith("变化：") and "变化：0 对" not in walked.changed
    assert "所被帮扶学校的帮扶学校不同" in walked.compared
    workbook = load_workbook(walked.ledger, read_only=True)
    sheet = workbook[workbook.sheetnames[0]]
    names = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert "牡丹区第二十二中学" in names
    assert not errors


def test_the_page_is_chinese_with_an_english_switch(url: str, browser: object) -> None:
    """The page speaks Chinese by default; the switch turns it and the server's words to
    English, and back."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    assert page.inner_text("nav button[data-step=start]") == "1 开始"
    page.click("#language")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.inner_text("nav button[data-step=start]") == "1 Start"
    assert page.inner_text("#language") == "中文"
    page.click("#language")
    page.wait_for_function("document.documentElement.lang === 'zh'")
    assert page.inner_text("#lists-form h3") == "上传学校名单"


def test_a_bad_list_is_named_with_its_row(url: str, browser: object, tmp_path: Path) -> None:
    """A list the import refuses shows the server's problems, each citing the file as
    uploaded, and the page stays at the start."""
    bad = tmp_path / "名单.csv"
    bad.write_text("学校名称,县区\n某某中学,不存在县\n", encoding="utf-8")
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    page.select_option("#template", "heze")
    page.set_input_files("#lists-form input[name=recipients]", bad)
    page.click("#lists-form button[type=submit]")
    shown = page.wait_for_selector("#start-problems li").inner_text()
    assert "名单.csv" in shown
    assert page.locator("#start.current").count() == 1
