"""A trade-off front's points each carry their true cost gap to point 1 (signed: a point of a
front may cost less in all than its first end) and the schools and cities they change, in
``plans.json`` as ``plan solve --front`` writes it and as the workbench reads it: every point
recorded ``gap_to_first_pct`` 0.0, and the page said "0.00 % above the best" for points from
6,884.67 to 7,138.51 (review 37, finding 5b)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pairing_planner.cli import main
from tests.conftest import INSTANCES


@pytest.mark.slow
def test_a_fronts_points_have_their_gap_to_point_1(tmp_path: Path) -> None:
    """``plan solve --front`` with the default number of points: five, each after the first
    with the gap of its objective to point 1's, in money and in per cent."""
    args = ["solve", str(INSTANCES / "heze-as-stated.yaml"), "--front", "distance,score_gap"]
    ran = CliRunner().invoke(main, [*args, "--out", str(tmp_path), "--json"])
    assert ran.exit_code == 0, ran.output
    plans = json.loads(ran.stdout)["plans"]
    assert len(plans) == 5
    first = plans[0]["objective"]
    for plan in plans[1:]:
        assert plan["gap_to_first"] == pytest.approx(plan["objective"] - first, abs=0.01)
        pct = 100 * (plan["objective"] - first) / first
        assert plan["gap_to_first_pct"] == pytest.approx(pct)
        assert plan["changed_recipients"]
    assert any(plan["gap_to_first_pct"] != 0 for plan in plans[1:])
