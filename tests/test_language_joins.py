"""Lists and sentences joined as the language joins them (issue 32, part 35Q): "、" and "；"
between a list's items in Chinese, and no space after a Chinese "。"."""

from __future__ import annotations

import pytest

from pairing_planner.api import plan_of
from pairing_planner.errors import InputError
from pairing_planner.i18n import N_, clauses, listing, sentences, use_language
from pairing_planner.result.plan import Plan, Result
from pairing_planner.said import joined, said

FIRST = N_("One plan is the least on both: there is no trade-off.")
SECOND = N_("More points may exist: ask for more plans (--plans) or more time (--time-limit).")


def _two_plans() -> Result:
    plans = [Plan(k, "OPTIMAL", 1.0, 1.0, 0.0, [], {}) for k in (1, 2)]
    return Result("x", "", "", "", {}, "OPTIMAL", 0.0, plans)


@pytest.mark.parametrize(
    ("language", "items", "names", "parts", "said_as"),
    [
        ("en", ["a.", "b.", "c."], "a., b., c.", "a.; b.; c.", "a. b. c."),
        ("zh", ["甲。", "乙。", "丙。"], "甲。、乙。、丙。", "甲。；乙。；丙。", "甲。乙。丙。"),
    ],
)
def test_the_joins_are_the_languages(
    language: str, items: list[str], names: str, parts: str, said_as: str
) -> None:
    """Names, clauses and sentences each joined as the language joins them."""
    with use_language(language):  # type: ignore[arg-type]
        assert listing(items) == names
        assert clauses(items) == parts
        assert sentences(items) == said_as
    assert sentences([]) == ""


def test_a_summarys_sentences_follow_each_other_as_written() -> None:
    """The summary's sentences (a Said joined by " ", as plans.json keeps them) have a space
    between them in English and none after "。" in Chinese."""
    summary = joined([said(FIRST), said(SECOND)])
    with use_language("en"):
        assert summary.text() == f"{FIRST} {SECOND}"
    with use_language("zh"):
        text = summary.text()
    assert "。" in text
    assert "。 " not in text


@pytest.mark.parametrize(("language", "ranks"), [("en", "1, 2"), ("zh", "1、2")])
def test_a_missing_plan_names_the_plans_as_the_language_lists_them(
    language: str, ranks: str
) -> None:
    """plan_of's refusal lists the plans there are, joined as the language joins them."""
    with use_language(language), pytest.raises(InputError) as refused:  # type: ignore[arg-type]
        plan_of(_two_plans(), 9)
    assert ranks in str(refused.value)
