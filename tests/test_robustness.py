"""Robustness: random corruptions of an instance never crash the loader; faults while
writing never destroy an earlier result."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairing_planner import InputError, SolveOptions, load_instance, solve, write_result
from tests.conftest import INSTANCES

SMALL = (Path(__file__).parent / "data" / "ok_small.yaml").read_text(encoding="utf-8")


@st.composite
def corruptions(draw: st.DrawFn) -> str:
    """The small instance with a few random deletions, insertions and replacements."""
    text = SMALL
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = draw(st.text(alphabet=":-[]{}&*!|>#'\"\t\n 0123456789abc.,高", max_size=6))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == "insert":
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(corruptions())
def test_loader_raises_only_input_errors(tmp_path: Path, text: str) -> None:
    """Whatever the corruption, loading either succeeds or raises the tool's InputError,
    and every problem names the file."""
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_instance(path)
    except InputError as error:
        assert error.problems and all(p.file is not None for p in error.problems)


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    """An output folder that cannot be made (a file is in the way): InputError, no crash."""
    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    result = solve(instance)
    blocker = tmp_path / "results"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(InputError, match="cannot write the result"):
        write_result(instance, result, blocker)


def test_disk_full_leaves_the_earlier_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while replacing a result: the earlier files are all there, byte for byte,
    and no temporary file is left behind."""
    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    first = write_result(instance, solve(instance), tmp_path)
    before = {p.name: p.read_bytes() for p in first.iterdir()}

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError, match="No space left"):
        write_result(instance, solve(instance, SolveOptions(plans=2)), tmp_path, force=True)
    assert {p.name: p.read_bytes() for p in first.iterdir()} == before


def test_replacing_a_result_removes_its_surplus_plans(tmp_path: Path) -> None:
    """Two plans, then one with force: plan-2.csv of the earlier result is gone."""
    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    folder = write_result(instance, solve(instance, SolveOptions(plans=2)), tmp_path)
    assert (folder / "plan-2.csv").exists()
    write_result(instance, solve(instance), tmp_path, force=True)
    assert sorted(p.name for p in folder.iterdir()) == ["plan-1.csv", "plans.json"]
