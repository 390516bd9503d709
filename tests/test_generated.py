"""Generated files (JSON Schemas, clause table) must match what the code generates now."""

from __future__ import annotations

import pytest

from pairing_planner.docs_gen import GENERATED
from tests.conftest import ROOT


@pytest.mark.parametrize("relative", sorted(GENERATED))
def test_generated_file_is_current(relative: str) -> None:
    """Regenerate with `python -m pairing_planner.docs_gen` when this fails."""
    assert (ROOT / relative).read_text(encoding="utf-8") == GENERATED[relative]()


def test_every_rule_kind_and_term_is_traced() -> None:
    """Each rule kind and cost term appears in the clause table."""
    from pairing_planner.objective import TERM_KINDS
    from pairing_planner.rules import RULE_KINDS

    table = (ROOT / "docs" / "clauses.md").read_text(encoding="utf-8")
    for kind in RULE_KINDS:
        assert f"rule `{kind}`" in table
    for term in TERM_KINDS:
        assert f"cost `{term.value}`" in table
