"""Chinese throughout: the main commands under ``--lang zh``, on good input and bad, print no
English word but ids, file names, option names, the file's own words (quoted) and the
notice's clause ids."""

from __future__ import annotations

import re
import shutil

import click
import pytest
from click.testing import CliRunner

from pairing_planner import load_instance
from pairing_planner.cli import main
from pairing_planner.instance.schema.models import Term
from tests.conftest import INSTANCES, ROOT

DATA = ROOT / "tests" / "data"

ALLOWED = re.compile(
    r"""
    [^\s:：，、（）()'"]*/[^\s:：，、（）()'"]*                  # paths
    | [\w.\-]+\.(?:yaml|json|csv|xlsx|png|svg|docx|parquet)\b  # file names
    | --[a-z][a-z\-]*                                           # options
    | '[^'\s]*'                                                # the file's own words, quoted
    | \bplan\s+(?:check|solve|verify|compare|export|calendar|progress|plot|import|generate|serve)\b
    | \b[TSMHR]\d+\b                                            # clause ids
    | \bCP-SAT\b | \bOR-Tools\b | \bHiGHS\b | \bExcel\b | \bDask\b  # the tools' names
    | \bkm\b                                                    # the unit
    """,
    re.VERBOSE,
)
"""What may stay in Latin letters in Chinese output."""

WORD = re.compile(r"[A-Za-z]{2,}")

HELP_ALLOWED = re.compile(
    r"\b[\w\-]+\.(?:xlsx|json|ics|png|csv|yaml)\b|\b\w+-K\b|\bplan\b|\bresults\b|\b[A-Z][A-Z0-9_\-]+\b|\[[\w|\-]+\]|\$PLAN_LANG|\.\w+\b"
    r"|^\s+(?:check|solve|verify|compare|export|calendar|progress|plot|import|generate|serve)\b",
    re.MULTILINE,
)
"""What may also stay in a command's help: metavars and argument names (INSTANCE, INTEGER
RANGE, PATH), format names (CSV, .xlsx), the choices an option takes ([zh|en]) and the
command names listed."""


def _english(text: str, ids: set[str], allowed: re.Pattern[str] = ALLOWED) -> list[str]:
    """The Latin words of ``text`` that are not ids, files, options or clause ids."""
    text = allowed.sub(" ", ALLOWED.sub(" ", text))
    for token in sorted(ids, key=len, reverse=True):
        text = text.replace(token, " ")
    return WORD.findall(text)


def _ids() -> set[str]:
    """Every id and data text of the shipped Heze instances (a planner's own words), and the
    cost terms' ids a planner types (``--front distance,score_gap``)."""
    found: set[str] = {term.value for term in Term}
    for name in ("heze", "heze-as-stated"):
        instance = load_instance(INSTANCES / f"{name}.yaml")
        data = instance.data
        found |= {data.name, data.title, data.source, *instance.places, *instance.helpers}
        found |= {*instance.recipients, *(s for h in data.helpers for s in h.strengths)}
    return found


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each command's output (stdout and stderr) under ``--lang zh``."""
    tmp = tmp_path_factory.mktemp("zh")
    shutil.copytree(ROOT / "instances", tmp / "instances")
    runner = CliRunner()
    heze, stated = (
        str(tmp / "instances" / "heze.yaml"),
        str(tmp / "instances" / "heze-as-stated.yaml"),
    )
    out = str(tmp / "results")
    result = f"{out}/heze-as-stated"
    commands = {
        "check": ["check", heze],
        "solve relaxed": ["solve", heze, "--out", out],
        "solve strict": ["solve", heze, "--out", str(tmp / "strict"), "--strict"],
        "solve plans": ["solve", stated, "--out", out, "--plans", "3", "--explain"],
        "verify": ["verify", heze, f"{out}/heze/plans.json"],
        "compare": ["compare", result, "--plans", "1,2"],
        "export": ["export", result, "--to", str(tmp / "ledger.xlsx")],
        "plot": ["plot", result, "--to", str(tmp / "map.png")],
        "calendar": [
            "calendar",
            result,
            "--calendar",
            str(tmp / "instances" / "calendar-2016-illustrative.yaml"),
        ],
        "verify calendar": [
            "verify",
            stated,
            f"{result}/plans.json",
            "--calendar",
            f"{result}/calendar-1/calendar.json",
        ],
        "progress": [
            "progress",
            stated,
            f"{result}/calendar-1/calendar.xlsx",
            "--today",
            "2017-03-01",
        ],
        "import": [
            "import",
            heze,
            "--recipients",
            str(tmp / "instances" / "lists" / "heze-recipients.csv"),
            "-o",
            str(tmp / "imported.yaml"),
        ],
        "bad file": ["check", str(DATA / "bad" / "unknown_field.yaml")],
        "existing result": ["solve", stated, "--out", out],
    }
    return {
        name: runner.invoke(main, ["--lang", "zh", *args], env={"COLUMNS": "300"}).output
        for name, args in commands.items()
    }


@pytest.mark.parametrize(
    "name",
    [
        "check",
        "solve relaxed",
        "solve strict",
        "solve plans",
        "verify",
        "compare",
        "export",
        "plot",
        "calendar",
        "verify calendar",
        "progress",
        "import",
        "bad file",
        "existing result",
    ],
)
def test_no_english_word_under_lang_zh(outputs: dict[str, str], name: str) -> None:
    """Every message, status, term, rule name, table header and error is Chinese."""
    text = outputs[name]
    assert text.strip(), f"{name} printed nothing"
    assert _english(text, _ids()) == [], text


HELPS = [
    [],
    *(
        [name]
        for name in (
            "check",
            "solve",
            "verify",
            "compare",
            "export",
            "calendar",
            "progress",
            "plot",
            "import",
            "generate",
        )
    ),
]


@pytest.mark.parametrize("command", HELPS, ids=lambda c: " ".join(c) or "plan")
def test_help_is_chinese_under_lang_zh(command: list[str]) -> None:
    """``plan [COMMAND] --help`` under ``--lang zh``: the text, every option's help, and
    click's own words (用法, 选项, 默认) in Chinese."""
    args = ["--lang", "zh", *command, "--help"]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "300"}, prog_name="plan")
    assert result.exit_code == 0 and "用法" in result.output
    chosen = main.get_command(click.Context(main), command[0]) if command else main
    assert chosen is not None
    values = {v for p in chosen.params if isinstance(p.type, click.Choice) for v in p.type.choices}
    assert _english(result.output, _ids() | {str(v) for v in values}, HELP_ALLOWED) == [], (
        result.output
    )
