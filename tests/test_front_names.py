"""``--front`` takes a cost term by the label the tool prints (距离, 水平差距, score gap) as well
as its id, suggests the nearest on a typo, and never blames the instance's
``objective.weights`` for a name it did not understand (issue 30)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pairing_planner import Instance, trade_off
from pairing_planner.cli import main
from pairing_planner.errors import InputError
from pairing_planner.i18n import use_language
from pairing_planner.objective.term_names import front_terms, split_terms
from tests.conftest import INSTANCES

STATED = str(INSTANCES / "heze-as-stated.yaml")


@pytest.mark.parametrize(
    "given",
    [
        "距离,水平差距",
        "距离，水平差距",
        "距离、水平差距",
        "distance,score gap",
        "Distance, Score_Gap",
    ],
)
def test_labels_in_either_language_name_the_terms(heze_as_stated: Instance, given: str) -> None:
    """Chinese and English labels, ids, full-width commas and 、 all give the two ids."""
    names = split_terms(given)
    assert front_terms(heze_as_stated, (names[0], names[1])) == ("distance", "score_gap")


def test_the_front_in_chinese_terms(tmp_path: Path) -> None:
    """plan solve --front 距离,水平差距 walks the trade-off; the result records the ids."""
    args = ["--lang", "zh", "solve", STATED, "--front", "距离,水平差距", "--plans", "2"]
    ran = CliRunner().invoke(main, [*args, "--out", str(tmp_path), "--json"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout)["front"] == ["distance", "score_gap"]


def test_a_typo_gets_the_nearest_term_and_blames_no_field(tmp_path: Path) -> None:
    """距里 is answered with 是否应为 距离, the terms the instance weighs, exit 2, and no
    mention of objective.weights (written nowhere near a results folder a run left)."""
    args = ["--lang", "zh", "solve", STATED, "--front", "距里,水平差距", "--out", str(tmp_path)]
    ran = CliRunner().invoke(main, args)
    assert ran.exit_code == 2
    assert "“距里”不是成本项" in ran.stderr and "是否应为 距离" in ran.stderr
    assert "objective.weights" not in ran.stderr and "Traceback" not in ran.output


def test_an_unweighted_or_repeated_term_is_said_so(heze_as_stated: Instance) -> None:
    """A term the instance gives no weight, or one term twice, is refused naming the terms the
    instance weighs; from the API as from the command line."""
    with use_language("en"), pytest.raises(InputError) as unweighted:
        trade_off(heze_as_stated, ("distance", "load balance"))
    assert "gives load balance no weight" in str(unweighted.value)
    assert "score gap (score_gap)" in str(unweighted.value)
    with use_language("en"), pytest.raises(InputError) as twice:
        front_terms(heze_as_stated, ("score_gap", "score gap"))
    assert "two different cost terms" in str(twice.value)
    assert all(p.field is None for p in [*unweighted.value.problems, *twice.value.problems])
