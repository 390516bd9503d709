"""What the tests of folders replaced whole share (tests/test_result_folders.py, whose files a
command keeps, and tests/test_folder_swap.py, how the swap survives kills and other
writers): the command in English, a folder's files, and Heze's results, solved once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from click.testing import CliRunner
from click.testing import Result as Run

from pairing_planner import Result, SolveOptions, load_instance, solve
from pairing_planner.cli import main
from pairing_planner.instance.index.instance import Instance
from tests.conftest import INSTANCES

HEZE = INSTANCES / "heze-as-stated.yaml"
NAME = "heze-as-stated"
ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "COLUMNS": "1000"}


def plan(*args: str) -> Run:
    """``plan ARGS`` in English, a traceback failing the test."""
    return CliRunner(env=ENGLISH).invoke(main, list(args), catch_exceptions=False)


def run(*args: str) -> tuple[int, str]:
    """``plan ARGS``: the exit code and stderr, its lines joined (rich wraps them)."""
    done = plan(*args)
    return done.exit_code, " ".join(done.stderr.split())


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) by its path there, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@cache
def heze() -> Instance:
    return load_instance(HEZE)


@cache
def one_plan() -> Result:
    """A result of one plan (read back, as a child process reads it)."""
    return Result.from_json(solve(heze()).to_json())


@cache
def two_plans() -> Result:
    """A result of two plans: replacing :func:`one_plan`'s by it adds plan-2.csv."""
    return Result.from_json(solve(heze(), SolveOptions(plans=2)).to_json())
