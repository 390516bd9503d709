"""The workbench between instances in a real Chromium (a Chinese planner's re-check, U37b,
part 37H): opening another instance leaves no plan of the old one live under 方案, and a
re-solve from an old plan picked again is filed, named and looked up with its own instance;
the address follows the instance in hand and a pasted ``#solve=`` opens its solve; the Start
list tells a solve from its re-solve and says a stopped one was stopped; a solve's number is
the server's, the same in every tab; the English list words its statuses.

The browser is the system's Chromium (Debian's ``chromium``): Playwright cannot download its
own here. Without one the tests are skipped, and say so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web_helpers import (
    NEEDS_CHROMIUM,
    PAGE_SOLVE_MS,
    opened_in_page,
    served_page,
    solved_in_page,
)

pytestmark = [NEEDS_CHROMIUM, pytest.mark.slow]

HEZE = "heze-as-stated"
CITY = "ur-sample-city"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chinese page of the workbench on a server of its own; no script error may happen."""
    with served_page(tmp_path_factory.mktemp("37h-page")) as opened:
        yield opened


def resolved_with_first_pair_locked(page: Any) -> str:
    """Lock the first pair of the plan shown under 方案, re-solve, wait for the result shown
    under 方案 again; the re-solve's id."""
    shown = page.evaluate("state.current.solve.id")
    page.locator("#pairs tbody tr[data-pair] button.lock").first.click()
    page.click("#resolve-button")
    page.wait_for_function(
        f"state.current && state.current.solve.id !== '{shown}' && !state.running",
        timeout=PAGE_SOLVE_MS,
    )
    page.wait_for_selector("#plan.current")
    return str(page.evaluate("state.current.solve.id"))


def test_an_old_instances_plan_is_resolved_and_shown_with_its_own_instance(page: Any) -> None:
    """U37b N1 and N2: Heze solved, the city opened. 方案 shows no plan (its list offers
    Heze's, by its title) and the address no longer names Heze's solve; Heze's plan picked
    says whose it is; locking its first pair and re-solving solves Heze and files the result
    under Heze: its label, its schools (Heze's names, none of the city's), the instance in
    hand. Before, the re-solve was labelled 城乡…, its ids looked up among the city's schools."""
    opened_in_page(page, HEZE)
    heze = page.evaluate("state.instance")
    first = solved_in_page(page)
    assert page.evaluate("location.hash") == f"#solve={first}"
    opened_in_page(page, CITY)
    city = page.evaluate("state.instance")
    assert page.evaluate("location.hash") == ""
    page.click("nav button[data-step=plan]")
    assert page.input_value("#plan-choice") == ""
    assert page.locator("#pairs tbody tr").count() == 0
    assert "此实例还没有方案" in page.inner_text("#plan-summary")
    assert page.is_disabled("#resolve-button")
    offered = page.locator("#plan-choice option").all_inner_texts()
    assert any(label.startswith(heze["title"]) for label in offered), offered

    page.select_option("#plan-choice", index=1)
    assert heze["title"] in page.inner_text("#other-instance")
    assert city["title"] in page.inner_text("#other-instance")
    again = resolved_with_first_pair_locked(page)

    shown = page.evaluate("state.current.solve")
    assert again != first and shown["instance"]["id"] == heze["id"]
    assert page.evaluate("state.instance.id") == heze["id"]
    assert page.inner_text("#instance-name") == (heze["title"] or heze["name"])
    chosen = page.evaluate("$('plan-choice').selectedOptions[0].textContent")
    assert chosen.startswith(heze["title"]), chosen
    helpers = page.locator("#pairs tbody tr[data-pair] td:nth-child(3)").all_inner_texts()
    heze_names = {school["name"] for school in shown["schools"].values()}
    assert helpers and set(helpers) <= heze_names
    assert not page.locator("#other-instance").count()
    assert page.evaluate("location.hash") == f"#solve={again}"
    page.click("nav button[data-step=downloads]")
    assert page.inner_text("#download-list strong").startswith(heze["title"])


def test_a_solve_named_in_a_pasted_address_opens_in_the_open_tab(page: Any) -> None:
    """U37b N2: the hash was read at start only; changing it in an open tab did nothing."""
    opened_in_page(page, CITY)
    assert page.evaluate("location.hash") == ""
    kept = page.evaluate("fetch('/api/solves').then((r) => r.json())")
    oldest = kept[-1]
    page.evaluate(f"location.hash = '#solve={oldest['id']}'")
    page.wait_for_function(f"state.current?.solve.id === '{oldest['id']}'", timeout=PAGE_SOLVE_MS)
    assert page.evaluate("state.instance.id") == oldest["instance"]


def test_the_start_list_tells_solves_apart_and_numbers_them_as_the_server(page: Any) -> None:
    """U37b N4, N5, N6: a solve and its lock re-solve were two identical lines; a stopped
    solve read 可行，5 个方案; a reload numbered the re-solve 第 1 次; the English list said
    OPTIMAL. Now each line has its id's first six characters, the re-solve its lock, a stopped
    one 已停止; the number after a reload is the server's; English says optimal."""
    kept = page.evaluate("fetch('/api/solves').then((r) => r.json())")
    resolved = [solve for solve in kept if solve["locks"] == 1]
    assert resolved, kept
    page.click("nav button[data-step=start]")
    page.wait_for_selector(f"#solve-list li[data-solve='{resolved[0]['id']}']")
    lines = page.locator("#solve-list li").all_inner_texts()
    assert len(set(lines)) == len(lines) == len(kept)
    line = page.inner_text(f"#solve-list li[data-solve='{resolved[0]['id']}']")
    assert resolved[0]["id"][:6] in line and "重新求解（锁定 1 对，禁止 0 对）" in line
    stopped = page.evaluate(
        "listedLine({ title: '城乡', created: '2026-12-06T21:42', status: 'FEASIBLE',"
        " state: 'interrupted', plans: 5, id: 'abcdef0123', locks: 0, forbids: 0 })"
    )
    assert stopped == "城乡，2026-12-06 21:42 求解：可行，已停止，5 个方案，求解编号 abcdef"

    numbers = {solve["id"]: len(kept) - at for at, solve in enumerate(kept)}
    page.evaluate(f"history.replaceState(null, '', '#solve={resolved[0]['id']}')")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_function("state.current && !state.running", timeout=PAGE_SOLVE_MS)
    heading = page.inner_text("#result-card h3")
    assert heading.startswith(f"第 {numbers[resolved[0]['id']]} 次求解"), heading

    page.click("#language")
    page.wait_for_function("state.lang === 'en'")
    page.click("nav button[data-step=start]")
    page.wait_for_function(
        "document.querySelector('#solve-list li[data-solve]')"
        " && !/求解编号/.test(document.querySelector('#solve-list').innerText)",
        timeout=PAGE_SOLVE_MS,
    )
    english = " ".join(page.locator("#solve-list li").all_inner_texts())
    assert "optimal" in english and "OPTIMAL" not in english, english
    page.click("#language")
    page.wait_for_function("state.lang === 'zh'")
