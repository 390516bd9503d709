"""A stopped solve says it was stopped after N of K plans, never that time ran out (issue 32,
U37b N3: a 120 s, 5-plan solve stopped by SIGTERM of plan serve after 6 s read "已找到 4 个方案
（共需 5 个）时时间用尽；请放宽时限" beside "求解被中止"). The workbench's Stop, DELETE and
SIGTERM and plan solve's Ctrl-C all end a solve by :func:`pairing_planner.stop.request`."""

from __future__ import annotations

import pytest

from pairing_planner import Instance, SolveOptions, solve, stop
from pairing_planner.i18n import Language, use_language
from pairing_planner.said import said
from pairing_planner.solving.result_notes import sequence_message
from tests.solved import solved_once

FIVE = SolveOptions(plans=5, seed=0, time_limit=20)

STOPPED = {
    "en": "The search was stopped after 1 of 5 plans; the plans found are kept.",
    "zh": "已找到 1 个方案（共需 5 个）时求解被中止；已找到的方案予以保留。",
}
TIME_WORDS = {
    "en": ("Time ran out", "more time", "--time-limit"),
    "zh": ("时间用尽", "时限", "--time-limit"),
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_solve_stopped_in_parts_says_how_many_plans_it_found(
    heze_as_stated: Instance, language: Language
) -> None:
    """Heze, solved by stage, stopped at once: each part takes its greedy plan, one plan of
    the five asked; its summary says the stop came after 1 of 5 and gives no advice on time."""
    with stop.handling_signals(), use_language(language):
        stop.request()
        result = solve(heze_as_stated, FIVE)
    assert result.interrupted and len(result.plans) == 1
    assert STOPPED[language] in result.message
    for words in TIME_WORDS[language]:
        assert words not in result.message, result.message


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_series_stopped_says_how_many_plans_it_found(
    heze_as_stated: Instance, language: Language
) -> None:
    """A series of plans from one model (plan solve --no-decompose) stopped after its first
    plan says so, as a series of parts does."""
    with use_language(language):
        plan = solved_once(heze_as_stated, SolveOptions(seed=0, time_limit=20)).plans[0]
        message = sequence_message("FEASIBLE", "FEASIBLE", [plan], 5, True, said("—"))
        assert message is not None and message.text() == STOPPED[language]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_series_cut_by_its_time_limit_still_says_so(
    heze_as_stated: Instance, language: Language
) -> None:
    """The deadline's words stay for a series the time limit cut short, not stopped."""
    with use_language(language):
        plan = solved_once(heze_as_stated, SolveOptions(seed=0, time_limit=20)).plans[0]
        message = sequence_message("FEASIBLE", "FEASIBLE", [plan], 5, False, said("—"))
        assert message is not None and TIME_WORDS[language][0] in message.text()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_stop_while_plans_apart_are_sought_is_a_stop(
    heze_as_stated: Instance, language: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The U37b case: every part solved, a stop came while the plans differing by D were
    sought over the parts together; the result was not marked interrupted and said time ran
    out (the city, 5 plans at --min-diff 10, SIGINT 10 s into 120: 1 plan, "时间用尽")."""
    from pairing_planner.solving.decomposition import solve_parts

    def stopped_then(*args: object, **kwargs: object) -> object:
        stop.request()
        return plans_apart(*args, **kwargs)

    plans_apart = solve_parts.plans_apart
    monkeypatch.setattr(solve_parts, "plans_apart", stopped_then)
    with stop.handling_signals(), use_language(language):
        result = solve(heze_as_stated, SolveOptions(plans=5, min_diff=3, seed=0, time_limit=20))
    assert result.interrupted and len(result.plans) < 5
    assert STOPPED[language].replace("1", str(len(result.plans)), 1) in result.message
    assert TIME_WORDS[language][0] not in result.message, result.message


def test_a_stop_opens_no_further_parts(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stop while plans apart are sought builds no further model: each search ends at once
    finding nothing, and the parts opened were doubled until all were, a model built each
    time (the 800-school city stopped 6 s into 5 plans at --min-diff 10 ended 4 s later). The
    stop is asked for within the first opened search; no second one is made."""
    from pairing_planner.solving.decomposition import least_difference

    searched: list[int] = []

    def stopped_within(*args: object, **kwargs: object) -> object:
        searched.append(len(args[1]))  # type: ignore[arg-type]
        stop.request()
        return solve_opened(*args, **kwargs)

    solve_opened = least_difference._solve_opened
    monkeypatch.setattr(least_difference, "_solve_opened", stopped_within)
    with stop.handling_signals():
        result = solve(heze_as_stated, SolveOptions(plans=2, min_diff=3, seed=0, time_limit=20))
    assert result.interrupted and len(searched) == 1, searched
