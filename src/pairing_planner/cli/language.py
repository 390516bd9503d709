"""The language of the ``plan`` command: which one (``--lang`` before or after the command's
name, ``$PLAN_LANG``, the locale), and ``--help`` in it, as every other message is.

Help texts are marked for translation where they are written (``help=N_(…)``) and translated
when the help is shown. The language is read from the whole command line before click parses
it (:meth:`TranslatedGroup.main`): ``plan --lang zh solve --help``, ``plan solve --help --lang
zh`` (``--help`` acts as soon as click reads it, so ``--lang`` after it was never seen: issue
30) and ``PLAN_LANG=zh`` all give it in Chinese, and click's own errors (a missing option, a
path that does not exist) come in it too. Click's own words (Usage, Options, Commands,
default, required, the help option's line, its errors: :mod:`.click_words`) are ours to
translate too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import click

from pairing_planner.cli.click_words import route_click_messages
from pairing_planner.cli.help_width import CellContext
from pairing_planner.i18n import N_, Language, _, from_locale, use_language

route_click_messages()

LANGUAGES = click.Choice(["zh", "en"])

LANG_HELP = N_("Language of messages (default: $PLAN_LANG, the instance's, else the locale's).")
HELP_OPTION = N_("Show this message and exit.")
CLICK_WORDS = (N_("[default: "), N_("[required]"))
"""What click writes in an option's help line, translated whole: its punctuation is the
language's too (under zh, ``[默认：…]`` with a full-width colon, issue 30)."""


def chosen_language(context: click.Context | None = None) -> Language | None:
    """``--lang`` as given on the command line (before or after the command's name), else
    ``$PLAN_LANG``, or None."""
    context = context or click.get_current_context()
    chosen: Language | None = context.meta.get("lang") or context.find_root().params.get("lang")
    return chosen


def language_on_the_line(args: Sequence[str]) -> Language | None:
    """The last ``--lang zh|en`` (or ``--lang=zh``) anywhere in ``args`` before ``--``, before
    or after the command's name and ``--help``; None when there is none."""
    found: Language | None = None
    for arg, following in zip(args, [*args[1:], ""], strict=True):
        if arg == "--":
            break
        value = following if arg == "--lang" else arg.removeprefix("--lang=")
        if arg.startswith("--lang") and value in ("zh", "en"):
            found = "zh" if value == "zh" else "en"
    return found


def line_language(args: Sequence[str]) -> Language:
    """The language of a command line: its ``--lang``, else ``$PLAN_LANG``, else the
    locale's."""
    from_environment = os.environ.get("PLAN_LANG")
    if from_environment in ("zh", "en"):
        return language_on_the_line(args) or ("zh" if from_environment == "zh" else "en")
    return language_on_the_line(args) or from_locale()


def remember_language(context: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--lang`` after the command's name: kept for the command (and its help)."""
    if value is not None:
        context.meta["lang"] = value


def lang_after_the_name() -> click.Option:
    """The ``--lang`` a command takes after its name: eager, so that ``--help`` after it is
    shown in it."""
    return click.Option(
        ["--lang"],
        type=LANGUAGES,
        default=None,
        expose_value=False,
        is_eager=True,
        callback=remember_language,
        help=LANG_HELP,
    )


class TranslatedCommand(click.Command):
    """A command whose ``--help`` is in the planner's language (the one in force: the
    command line's, :meth:`TranslatedGroup.main`), wrapped by the columns it takes."""

    context_class = CellContext

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, ctx):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, _("Usage:") + " ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [
            _in_words(record)
            for param in self.get_params(ctx)
            if not isinstance(param, click.Argument)
            and (record := param.get_help_record(ctx)) is not None
        ]
        if records:
            with formatter.section(_("Options")):
                formatter.write_dl(records)


class TranslatedGroup(TranslatedCommand, click.Group):
    """The ``plan`` group: its help and its commands' one-line helps translated, and the
    whole run, parsing and click's errors included, in the command line's language."""

    def main(self, args: Sequence[str] | None = None, **extra: Any) -> Any:  # type: ignore[override]
        """click's ``main`` (whose overloads only tell ``standalone_mode`` apart) run in the
        language of ``args``."""
        with use_language(line_language(sys.argv[1:] if args is None else args)):
            return super().main(args, **extra)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(n, self.get_command(ctx, n)) for n in self.list_commands(ctx)]
        shown = [(n, c) for n, c in commands if c is not None and not c.hidden]
        limit = formatter.width - 6 - max((len(n) for n, _c in shown), default=0)
        with _helps_translated([c for _n, c in shown]):
            rows = [(name, command.get_short_help_str(limit)) for name, command in shown]
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


def _translated(command: click.Command, ctx: click.Context) -> AbstractContextManager[None]:
    """While inside, the command's help and its options' helps are translated."""
    holders: list[click.Command | click.Option] = [command]
    holders += [p for p in command.get_params(ctx) if isinstance(p, click.Option)]
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        help_option.help = HELP_OPTION
    return _helps_translated(holders)


@contextmanager
def _helps_translated(holders: Sequence[click.Command | click.Option]) -> Iterator[None]:
    """While inside, the help texts (and a command's one-line help, and an option's metavar
    where it is words: 年-月-日, not ``[%Y-%m-%d]``) of ``holders`` are in the current
    language."""
    texts = [
        (h, a, getattr(h, a))
        for h in holders
        for a in ("help", "short_help", "metavar")
        if hasattr(h, a)
    ]
    for holder, attribute, text in texts:
        setattr(holder, attribute, _(text) if text else text)
    try:
        yield
    finally:
        for holder, attribute, text in texts:
            setattr(holder, attribute, text)


def _in_words(record: tuple[str, str]) -> tuple[str, str]:
    """An option's help line with click's own words in the planner's language, and the
    bracket click ends it with (``[default: 1; x>=1]``) punctuated as the language is."""
    name, text = record
    help_text, bracket, extra = text.rpartition("  [")
    if bracket and extra.endswith("]"):
        text = help_text + bracket + extra.replace("; ", _("; "))
    for written in CLICK_WORDS:
        text = text.replace(written, _(written))
    return name, text
