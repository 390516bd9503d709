"""The terminal shows names as they are (issue 28): a name written as rich markup is shown as
written, not as a link; control characters from the data (ESC among them) never reach the
terminal; the tool's own colours still do."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.text import Text

from pairing_planner.cli import main
from pairing_planner.report.console import PlainConsole, labelled, shown

DATA = Path(__file__).parent / "data"
WIDE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "PLAN_LANG": "en", "COLUMNS": "400"}
"""English messages, and a console wide enough that no name wraps."""

MARKUP = "[link=http://evil.example]牡丹区高级中学[/link]"
ESCAPED = "\x1b[31m红色\x1b[0m小学"
TITLE = "\x1b]0;pwned\x07:warning: [bold]title[/bold]"
HELPER = ":red_circle: [red]红色[/red]小学"
"""A helper's name as markup and an emoji code (a name with ESC is refused when the instance
is read: tests/test_bad_input.py)."""
CONTROLS = ("\x1b", "\x07", "\x9b", "\x08", "\r")


def _printed(*items: object, terminal: bool = False) -> str:
    out = io.StringIO()
    colours = "standard" if terminal else None
    console = PlainConsole(file=out, width=200, force_terminal=terminal, color_system=colours)
    console.print(*items)
    return out.getvalue()


def test_markup_and_emoji_codes_are_text() -> None:
    """A name in rich's markup, or with an emoji code, prints as the characters it holds."""
    assert _printed(MARKUP).strip() == MARKUP
    assert _printed(":warning: [bold]x[/bold]").strip() == ":warning: [bold]x[/bold]"


def test_control_characters_from_data_are_removed_and_layout_kept() -> None:
    """ESC, BEL, backspace, CR and C1's CSI leave the text; line breaks and tabs a layout
    needs stay."""
    printed = _printed("a\x1b[2Jb\x07c\x08d\re\x9bf\x7fg\nh\ti")
    assert not any(c in printed for c in CONTROLS)
    assert printed.splitlines()[0] == "a[2Jbcdefg"
    assert printed.splitlines()[1].startswith("h") and printed.splitlines()[1].endswith("i")
    assert shown("x\x1by\u0085z") == "xyz"


def test_bidirectional_overrides_from_data_are_removed() -> None:
    """A name holding U+202E (right-to-left override) or an isolate would show reversed, and
    reverse what follows it on the line; the console shows its letters in their order."""
    assert _printed("牡丹区\u202e学中级高\u2066x\u2069").strip() == "牡丹区学中级高x"


def test_the_tools_own_styles_still_reach_a_terminal() -> None:
    """On a colour terminal the label keeps its colour; the data beside it loses its ESC."""
    printed = _printed(labelled("error:", "bold red", ESCAPED), terminal=True)
    assert "\x1b[1;31merror:\x1b[0m" in printed
    assert "[31m红色[0m小学" in printed and "\x1b[31m红色" not in printed


def test_a_text_object_is_cleaned_too() -> None:
    """Control characters inside a Text (as the report builds them) are removed as well."""
    assert _printed(Text.assemble(("x", "red"), ESCAPED)).strip() == "x[31m红色[0m小学"


def _hostile(folder: Path) -> Path:
    """ok_small with a recipient named in markup (and named a senior school, so plan check
    names it), a helper named in markup with an emoji code, and a title whose ESC sequences
    would set the window's."""
    text = (DATA / "ok_small.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 平阴县甲村小学,", f'name: "{MARKUP}",')
    text = text.replace("name: 济南市第一实验小学,", f'name: "{HELPER}",')
    text = text.replace(
        "title: Small urban-rural instance", 'title: "\\e]0;pwned\\a:warning: [bold]title[/bold]"'
    )
    path = folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str) -> Result:
    return CliRunner(env=WIDE).invoke(main, list(args), catch_exceptions=False)


def _assert_shown_as_written(ran: Result, *names: str) -> None:
    output = ran.stdout + ran.stderr
    assert not any(c in output for c in CONTROLS), repr(output)
    for name in names:
        assert shown(name) in output


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("terminal")
    instance = _hostile(folder)
    ran = _run("solve", str(instance), "--out", str(folder))
    assert ran.exit_code == 0, ran.output
    _assert_shown_as_written(ran, MARKUP, HELPER)
    return instance, folder / "ok-small"


def test_check_shows_the_names_and_title_as_written(solved: tuple[Path, Path]) -> None:
    """plan check's title and its finding about the school named in markup: as written, no
    link, no control character."""
    ran = _run("check", str(solved[0]))
    assert ran.exit_code == 0, ran.output
    _assert_shown_as_written(ran, MARKUP, TITLE)


def test_solve_shows_the_names_as_written(solved: tuple[Path, Path]) -> None:
    """plan solve's plan table (checked in the fixture) and its --explain lines."""
    instance, result = solved
    ran = _run("solve", str(instance), "--out", str(result.parent), "--force", "--explain")
    assert ran.exit_code == 0, ran.output
    _assert_shown_as_written(ran, MARKUP, HELPER)


def test_verify_shows_the_names_in_its_violations(solved: tuple[Path, Path]) -> None:
    """A plan that gives the helper named in markup three schools: the violation names it as
    written, its markup and emoji code as text."""
    instance, result = solved
    plan = result / "overloaded.csv"
    plan.write_text("helper_id,recipient_id\nh1,r1\nh1,r2\nh1,r4\nh3,r3\n", encoding="utf-8")
    ran = _run("verify", str(instance), str(plan))
    assert ran.exit_code == 1, ran.output
    _assert_shown_as_written(ran, HELPER)


def test_an_error_naming_a_hostile_file_shows_its_name_as_written(
    solved: tuple[Path, Path],
) -> None:
    """A bad input error names the file as it is called, markup and all, without its ESC."""
    instance, result = solved
    plan = result / "[bold]plan\x1b[2J.csv"
    plan.write_text("a,b\n1,2\n", encoding="utf-8")
    ran = _run("verify", str(instance), str(plan))
    assert ran.exit_code == 2 and "Traceback" not in ran.output
    _assert_shown_as_written(ran, str(plan))
