"""Chinese everywhere under ``--lang zh`` (issue 30): every command's help with ``--lang``
before and after ``--help``, click's own errors, the live progress lines, the change report
and every export read back (sheet names, headers, cell values) hold no English word but ids,
file names, option names, clause ids and units."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from rich.console import Console

from pairing_planner.cli import main
from pairing_planner.cli.language import language_on_the_line
from pairing_planner.i18n import use_language
from pairing_planner.instance.models import Term
from pairing_planner.report.progress import LiveProgress
from pairing_planner.result.progress import Progress
from tests.conftest import INSTANCES

COMMANDS = sorted(main.commands)
HEZE = str(INSTANCES / "heze.yaml")
ENGLISH_LOCALE = {"COLUMNS": "300", "LANG": "C.UTF-8", "LC_ALL": None, "PLAN_LANG": None}
"""An English machine: the Chinese must come from --lang alone."""

LATIN = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]")
"""A word in Latin letters."""

ALLOWED = re.compile(
    r"""
    (?:[\w.\-]*/)+[\w.\-]*                                      # paths
    | [\w.\-]+\.(?:yaml|json|csv|xlsx|png|svg|ics|parquet|docx)\b  # file names
    | \b[a-z]+-K\b                                              # a result's folders: calendar-K
    | \.(?:yaml|json|csv|xlsx|ics|png|svg|parquet|docx)\b      # formats named by extension
    | -{1,2}[a-z][a-z\-]*                                       # options (-o, --out)
    | '[^'\n]*'                                                 # a value quoted back
    | \bplan\b(?:\s+(?:check|solve|verify|compare|export|calendar|progress|plot|import|generate)\b)?
                                                                # the commands' names
    | \b[TSMHR]\d+\b                                            # the notice's clause ids
    | \bCP-SAT\b | \bExcel\b | \bJSON\b | \bCSV\b | \bYAML\b | \bDask\b  # tools, formats
    | \b(?:km|s)\b                                              # units
    | \[[A-Z ]+(?:\]\.\.\.|\])                                  # [OPTIONS], [ARGS]...
    | \b[A-Z][A-Z_]*(?:\ [A-Z]+)*\b                             # metavars: INSTANCE, A,B, H:R
    | [\d.,]*[<>]=?x\b | \bx[<>]=?                                # click's ranges: 1<=x<=100
    | %[A-Za-z]                                                 # a date format: [%Y-%m-%d]
    | \$PLAN_LANG
    """,
    re.VERBOSE,
)
"""What may stay in Latin letters in Chinese output, and why: what a planner types (paths,
options, the command's name, a value echoed in quotes), the notice's own clause ids, names of
tools and formats that have no Chinese name, units, and click's metavars (the argument's
placeholder names, as the help's usage line shows them)."""


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The Latin words of ``text`` outside what :data:`ALLOWED` lets stay, and ``allowed``
    (ids and data of the instance at hand)."""
    for token in sorted(allowed, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(token)}(?![A-Za-z])", " ", text)
    return LATIN.findall(ALLOWED.sub(" ", text))


def typed(command: click.Command) -> set[str]:
    """What a planner types to a command, as is: the values its options take
    (``[school|city|county]``), the cost terms' ids (``--front distance,score_gap``) and the
    default result folder (``results``)."""
    options = [p for p in command.params if isinstance(p.type, click.Choice)]
    values = {str(v) for p in options for v in p.type.choices}  # type: ignore[attr-defined]
    return values | {term.value for term in Term} | {"results"}


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("where", ["before", "after"])
def test_help_is_chinese_wherever_lang_stands(name: str, where: str) -> None:
    """``plan X --help --lang zh`` is as Chinese as ``plan --lang zh X --help`` (it was
    English: --help acted before --lang was read)."""
    args = (
        ["--lang", "zh", name, "--help"] if where == "before" else [name, "--help", "--lang", "zh"]
    )
    result = CliRunner().invoke(main, args, env=ENGLISH_LOCALE, prog_name="plan")
    assert result.exit_code == 0 and "用法" in result.output and "选项" in result.output
    assert english_words(result.output, typed(main.commands[name])) == [], result.output


@pytest.mark.parametrize(
    "args",
    [
        ["import", HEZE, "--recipients", "nope.xlsx", "-o", "x.yaml"],
        ["import", HEZE, "--recipients", HEZE],
        ["solve", "--plans", "x"],
        ["solve", "--plans", "0"],
        ["solve", "--time-limit", "x"],
        ["solve", "--differ-by", "x"],
        ["solve", "--bogus"],
        ["solve", "--plans"],
        ["solve", "a.yaml", "b.yaml"],
        ["sovle"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("where", ["before", "after"])
def test_click_errors_are_chinese(args: list[str], where: str) -> None:
    """click's own errors (a missing option, a path that does not exist, a bad number, an
    unknown option or command) and its hint and usage lines come in Chinese, exit 2."""
    line = ["--lang", "zh", *args] if where == "before" else [*args, "--lang", "zh"]
    result = CliRunner().invoke(main, line, env=ENGLISH_LOCALE, prog_name="plan")
    assert result.exit_code == 2, result.output
    assert "错误" in result.output or "用法" in result.output, result.output
    assert english_words(result.output, {"school", "city", "county"}) == [], result.output


def test_english_stays_english() -> None:
    """Without --lang zh, click's errors are click's English."""
    result = CliRunner().invoke(main, ["solve", "--plans", "x"], env={"LANG": "C.UTF-8"})
    assert "Error: Invalid value for '--plans': 'x' is not a valid integer range." in result.output


def test_lang_is_found_anywhere_on_the_line() -> None:
    """The last --lang before ``--`` decides; a value that is not a language is left to click."""
    assert language_on_the_line(["solve", "--help", "--lang", "zh"]) == "zh"
    assert language_on_the_line(["--lang=en", "solve", "--lang", "zh"]) == "zh"
    assert language_on_the_line(["--lang", "fr", "solve"]) is None
    assert language_on_the_line(["solve", "--", "--lang", "zh"]) is None


def test_live_progress_lines_are_chinese() -> None:
    """The live lines a terminal shows during a solve (parts done, no plan yet, the best plan
    with its bound and gap) are Chinese under zh; they were English always."""
    with use_language("zh"):
        waiting = LiveProgress(Console())
        lines = [waiting.render().plain]
        best = LiveProgress(Console())
        best(Progress(plan=1, objective=6900.5, bound=6884.7, seconds=1.2))
        lines.append(best.render().plain)
        parts = LiveProgress(Console())
        parts.part(1, 2)
        lines.append(parts.render().plain)
    assert "尚无方案" in lines[0] and "下界 6884.70" in lines[1] and "1/2" in lines[2]
    assert [english_words(line) for line in lines] == [[], [], []], lines
