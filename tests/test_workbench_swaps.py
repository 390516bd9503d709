"""The workbench's comparison of two plans sets apart the differences that only swap
interchangeable schools, as ``plan compare`` does: after a lock and a forbid of Heze the page
said "8 pairs changed", two of them 成武县第一中学 and 第二中学 trading helpers no rule and no
cost tells apart (issue 32, the Chinese planner's acceptance test, finding 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pairing_planner.cli import main
from pairing_planner.result.swaps import common_groups
from tests.web_helpers import (
    NEEDS_CHROMIUM,
    PAGE_SOLVE_MS,
    examples_server,
    opened_in_page,
    served_page,
    solve_done,
    solved_in_page,
)

CHANGED = {"lock": ["jining-j1:r13"], "forbid": ["taian-s1:r14"]}
"""The acceptance test's lock and forbid of Heze as printed."""


def _solved(client: Any, instance: str, extra: dict[str, list[str]]) -> dict[str, Any]:
    return solve_done(client, {"instance": instance, "options": {}, **extra})


@pytest.mark.slow
def test_the_api_compares_two_plans_as_plan_compare_does(tmp_path: Path) -> None:
    """Heze re-solved with the lock and forbid: the answer is ``plan compare --json`` of the
    two results (labels aside), with swaps among the changes and fewer real changes than
    changes; plans of two instances are refused (409)."""
    with examples_server(tmp_path, "en") as client:
        heze = client.post("/api/examples/heze").json()["id"]
        before = _solved(client, heze, {})
        after = _solved(client, heze, CHANGED)
        answer = client.get(f"/api/solves/{before['id']}/plans/1/compare/{after['id']}/1")
        other = client.post("/api/examples/heze-as-stated").json()["id"]
        stated = _solved(client, other, {})
        refused = client.get(f"/api/solves/{before['id']}/plans/1/compare/{stated['id']}/1")
    assert answer.status_code == 200, answer.text
    found = answer.json()
    folders = [next((tmp_path / "solves" / s["id"]).glob("*/plans.json")) for s in (before, after)]
    command = CliRunner().invoke(main, ["compare", *map(str, folders), "--json"])
    assert command.exit_code == 0, command.output
    expected = json.loads(command.stdout)
    del expected["label_a"], expected["label_b"]
    assert {k: v for k, v in found.items() if k != "real_changes"} == expected
    swaps = [change for change in found["changes"] if change["swap"]]
    assert swaps and found["real_changes"] == len(found["changes"]) - len(swaps)
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")


@pytest.mark.slow
@NEEDS_CHROMIUM
def test_the_page_says_which_changes_only_swap(tmp_path: Path) -> None:
    """In Chromium: Heze solved, then re-solved with the lock and forbid; "what changed" and
    the comparison of the two plans each say how many changes only swap interchangeable
    schools and mark those rows 仅为互换."""
    with served_page(tmp_path) as page:
        opened_in_page(page, "heze")
        solved_in_page(page)
        page.evaluate(
            """() => {
              const pending = pendingOf(state.current.solve.instance);
              pending.lock.add("jining-j1:r13");
              pending.forbid.add("taian-s1:r14");
              renderPending();
            }"""
        )
        page.click("nav button[data-step=plan]")
        page.click("#resolve-button")
        changed = page.wait_for_selector("#what-changed .swaps", timeout=PAGE_SOLVE_MS).inner_text()
        marked = page.locator("#what-changed li", has_text="仅为互换").count()
        page.click("nav button[data-step=compare]")
        page.click("#compare-button")
        compared = page.wait_for_selector("#comparison .swaps", timeout=PAGE_SOLVE_MS).inner_text()
        rows = page.locator("#compare-pairs tr", has_text="仅为互换").count()
    assert "只是可互换学校之间的互换" in changed and "只是可互换学校之间的互换" in compared
    swaps = int(changed.split("有 ")[1].split(" ")[0])
    assert marked == rows == swaps > 0


@pytest.mark.slow
def test_a_forbidden_pair_s_change_is_never_only_a_swap(tmp_path: Path) -> None:
    """Heze, then Heze with yantai-s1:r07 forbidden: r07 and r08 trade their helpers, which
    the forbid tells apart, so neither change is a swap, either way round, in the API and in
    plan compare alike (the review of issue 32: both were marked 仅为互换)."""
    with examples_server(tmp_path, "en") as client:
        heze = client.post("/api/examples/heze").json()["id"]
        plain = _solved(client, heze, {})
        forbid = _solved(client, heze, {"forbid": ["yantai-s1:r07"]})
        answers = [
            client.get(f"/api/solves/{a['id']}/plans/1/compare/{b['id']}/1").json()
            for a, b in ((plain, forbid), (forbid, plain))
        ]
    folder = {
        s["id"]: next((tmp_path / "solves" / s["id"]).glob("*/plans.json")) for s in (plain, forbid)
    }
    for answer, (a, b) in zip(answers, ((plain, forbid), (forbid, plain)), strict=True):
        assert {c["recipient"] for c in answer["changes"]} >= {"r07", "r08"}
        assert not any(c["swap"] for c in answer["changes"] if c["recipient"] in ("r07", "r08"))
        command = CliRunner().invoke(
            main, ["compare", str(folder[a["id"]]), str(folder[b["id"]]), "--json"]
        )
        assert [c["swap"] for c in json.loads(command.stdout)["changes"]] == [
            c["swap"] for c in answer["changes"]
        ]


def test_common_groups_are_the_schools_alike_in_both() -> None:
    """Each group of the first cut by the second's: r07 told apart by a forbid leaves r08 and
    r09 alike; a school alike in one instance only is in no group."""
    first = [["r07", "r08", "r09"], ["h1", "h2"]]
    second = [["r08", "r09"], ["h1", "h3"]]
    assert common_groups(first, second) == [["r08", "r09"]]
    assert common_groups(first, first) == first
