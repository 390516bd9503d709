"""Every cost the workbench shows in one format: a plan's constraints said its budget as
「成本 ≤ 7228.90」 beside 7,079.94 (review 37, finding 12)."""

from __future__ import annotations

from pairing_planner.cpsat.diversity import describe
from pairing_planner.i18n import use_language


def test_a_budget_has_thousands_separators_in_either_language() -> None:
    """The budget of a plan within 2 % of plan 1, grouped as the page groups every cost."""
    words = describe(1, 1, 7228.9, 2.0)
    for language in ("zh", "en"):
        with use_language(language):
            assert "7,228.90" in words.text(), words.text()
