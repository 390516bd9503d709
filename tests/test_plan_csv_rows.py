"""plan-K.csv written from plain rows, not a pandas frame (issue 32, part 35D: a province's
result is written while the workbench waits): byte for byte what the frame wrote."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from pairing_planner import Instance, solve
from pairing_planner.i18n import use_language
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.instance.yaml_files.load import instance_from_data
from pairing_planner.io.csv_cells import frame_csv, records_csv
from pairing_planner.report.csv_exports import plan_csv
from pairing_planner.report.frames import readable_pairs
from pairing_planner.report.ledger import ledger_header
from pairing_planner.result.plan import Plan
from tests.solved import solved_once


def frame_plan_csv(instance: Instance, plan: Plan) -> str:
    """plan-K.csv as it was written before: the readable pairs frame, headed as the ledger."""
    frame = readable_pairs(instance, plan)
    frame.columns = [ledger_header(str(c)) for c in frame.columns]
    return frame_csv(frame)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_heze_as_printed_relaxed_plan_csv_is_unchanged(heze: Instance, language: str) -> None:
    """The relaxed plan (bends column, alternatives with gaps), in both languages."""
    with use_language(language):  # type: ignore[arg-type]
        plan = solved_once(heze).plans[0]
        assert plan.relaxations
        assert plan_csv(heze, plan) == frame_plan_csv(heze, plan)


def test_heze_as_stated_plan_csv_is_unchanged(heze_as_stated: Instance) -> None:
    plan = solved_once(heze_as_stated).plans[0]
    assert plan_csv(heze_as_stated, plan) == frame_plan_csv(heze_as_stated, plan)


def test_a_generated_county_s_plan_csv_is_unchanged() -> None:
    """A generated urban-rural instance: other cost terms, counties, primary and junior."""
    settings = GeneratorSettings(cities=2, counties_per_city=2, recipients=60, seed=5)
    instance = instance_from_data(generate_ur(settings))
    plan = solve(instance).plans[0]
    assert len(plan.pairs) == 60
    assert plan_csv(instance, plan) == frame_plan_csv(instance, plan)


def test_a_plan_without_pairs_keeps_its_headers(heze_as_stated: Instance) -> None:
    plan = solved_once(heze_as_stated).plans[0]
    empty = replace(plan, pairs=[])
    text = plan_csv(heze_as_stated, empty)
    assert text == frame_plan_csv(heze_as_stated, empty)
    assert text.count("\r\n") == 1


@pytest.mark.parametrize(
    "values",
    [
        [1, 2, 3],
        [1, 2.5, 3],
        [1, None, 3],
        [1.0, None, math.nan],
        [None, None, None],
        [True, False, True],
        [True, None, False],
        ["a", None, "b"],
        ["=1+1", "-x", "'@y"],
        ["\tlead", "\rcr", "plain, with comma"],
        ['say "hi"', "two\nlines", "two\r\nlines"],
        ["x", 3, 2.5],
        [-1.5, 1e-05, 1e16],
        [0.1 + 0.2, -0.0, 123456789.125],
    ],
)
def test_rows_are_written_as_pandas_types_them(values: list[object]) -> None:
    """Each column typed as pandas infers it from its values, and written as it writes them."""
    rows = [{"id": f"r{i}", "value": v, "n": i} for i, v in enumerate(values)]
    columns = ["id", "value", "n"]
    assert records_csv(columns, rows) == frame_csv(pd.DataFrame(rows, columns=columns))


def test_headers_are_guarded_and_named_apart_from_columns() -> None:
    rows = [{"a": 1, "b": "x"}]
    written = records_csv(["a", "b"], rows, ["=A", "B"])
    frame = pd.DataFrame(rows)
    frame.columns = ["=A", "B"]
    assert written == frame_csv(frame)
    assert written.startswith("'=A,B\r\n")


@pytest.mark.parametrize(
    ("columns", "rows"),
    [
        (["a", "b"], [{"a": 1, "b": "x"}, {"a": 2}]),
        (["a", "b"], [{"a": 1.5}, {"a": 2, "b": 3}]),
        (["a"], [{"a": "=x"}, {"a": "y"}]),
    ],
)
def test_a_row_without_a_column_has_a_gap_there(
    columns: list[str], rows: list[dict[str, object]]
) -> None:
    assert records_csv(columns, rows) == frame_csv(pd.DataFrame(rows, columns=columns))
