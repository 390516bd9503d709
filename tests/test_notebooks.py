"""Every notebook under notebooks/ runs top to bottom without error."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

EXPECTED = {
    "heze.ipynb": ("12 junior recipients, 11 helper slots for them (S6)",),
    "compare_plans.ipynb": (
        "weighted optimum: plan 8 of the front",
        "ledger.xlsx verified: True",
    ),
}
"""Lines each notebook must print, so a notebook that runs but says nothing useful fails."""


def test_there_are_notebooks() -> None:
    """Every notebook has an expectation, and every expectation a notebook."""
    assert {p.name for p in NOTEBOOKS} == set(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path) -> None:
    """Executes the notebook in a fresh kernel from its own folder."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=120, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(str(o.get("text", "")) for o in outputs)
    assert all(line in text for line in EXPECTED[path.name])
