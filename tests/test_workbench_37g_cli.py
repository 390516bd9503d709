"""Review 37, part G, finding 7: ``plan serve`` refuses an option in the language of its start
lines, Chinese unless ``--lang`` says otherwise, whatever the terminal's locale (it refused
``--host 0.0.0.0`` in English under LANG=C.UTF-8 and then spoke Chinese as it started)."""

from __future__ import annotations

from click.testing import CliRunner

from pairing_planner.cli import main

LOCALE = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "PLAN_LANG": None}


def test_plan_serve_refuses_in_chinese_without_lang() -> None:
    """Under an English locale, without --lang: 错误 … 需要 --token, exit 2."""
    ran = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"], env=LOCALE)
    assert ran.exit_code == 2, ran.output
    said = " ".join(ran.output.split())
    assert "错误" in said and "需要 --token" in said and "lets other computers" not in said


def test_plan_serve_refuses_in_english_with_lang_en() -> None:
    """--lang en, before or after the command's name, still words it in English."""
    for args in (
        ["serve", "--host", "0.0.0.0", "--lang", "en"],
        ["--lang", "en", "serve", "--host", "0.0.0.0"],
    ):
        ran = CliRunner().invoke(main, args, env=LOCALE)
        assert ran.exit_code == 2, ran.output
        assert "lets other computers reach the server" in " ".join(ran.output.split())
