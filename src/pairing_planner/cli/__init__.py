"""The ``plan`` command: a thin click layer that parses, calls the library and renders.

Heavy modules (OR-Tools, pandas) are imported inside the commands so ``plan --help`` is quick.
Every error a user can fix arrives as :class:`InputError` and leaves through :func:`abort`:
a message naming file, line and field, exit code 2, no traceback.
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console

from pairing_planner.cli.language import (
    LANG_HELP,
    LANGUAGES,
    TranslatedGroup,
    chosen_language,
    lang_after_the_name,
)
from pairing_planner.clock import process_start
from pairing_planner.errors import InputError, Problem, first_shown, more_problems
from pairing_planner.i18n import N_, Language, _, from_locale, use_language
from pairing_planner.report.console import PlainConsole, labelled
from pairing_planner.report.line_breaks import NO_NAMES, Names, Wrapped
from pairing_planner.version import tool_version

if TYPE_CHECKING:
    from pairing_planner.instance.index.instance import Instance

F = TypeVar("F", bound=Callable[..., Any])

EXIT_NO_PLAN = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
"""A fault of the tool itself (a bug): a one-line message, the traceback with --debug."""


def stdout() -> Console:
    """The console for results: it shows names as they are (:mod:`pairing_planner.report.
    console`)."""
    return PlainConsole()


def stderr() -> Console:
    """The console for progress and errors, as :func:`stdout` shows names."""
    return PlainConsole(stderr=True)


def abort(error: InputError, closing: str = "") -> None:
    """Print the notes and problems (the first :data:`~pairing_planner.errors.MAX_SHOWN` of
    each, and how many more), then ``closing`` (what the command did not do), and exit 2."""
    console = stderr()
    print_notes(console, error.notes)
    problems, more = first_shown(error.problems)
    for problem in problems:
        console.print(labelled(_("error:"), "bold red", str(problem)), highlight=False)
    if more:
        console.print(labelled(_("error:"), "bold red", more_problems(more)), highlight=False)
    if closing:
        console.print(closing, highlight=False)
    raise SystemExit(EXIT_BAD_INPUT)


def print_notes(console: Console, notes: list[Problem], names: Names = NO_NAMES) -> None:
    """The first :data:`~pairing_planner.errors.MAX_SHOWN` notes, and how many more, each
    wrapped where a line may break, ``names`` kept whole."""
    shown, more = first_shown(notes)
    for note in shown:
        console.print(Wrapped(_("note:") + f" {note}", names))
    if more:
        console.print(
            Wrapped(_("note:") + " " + _("{n:,} more notes are not shown").format(n=more))
        )


PLAN_HELP = N_("Which plan of a plans.json.")


def plan_option(dest: str = "rank", text: str = PLAN_HELP) -> Callable[[F], F]:
    """``--plan K``: which plan of a result file (default 1); ``text`` is its help, marked
    for translation."""
    return click.option(
        "--plan",
        dest,
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help=text,
    )


def friendly_in(language: Language) -> Callable[[F], F]:
    """:func:`friendly` for a command that speaks ``language`` unless ``--lang`` says
    otherwise, whatever the locale: ``plan serve``'s refusals before it starts are in the
    language of its start lines (Chinese), where they followed the locale (review 37,
    finding 7)."""
    return functools.partial(friendly, default=language)


def friendly(command: F, default: Language | None = None) -> F:
    """Run ``command`` in the chosen language (``--lang``, else ``default``, else the
    locale), turning :class:`InputError` into :func:`abort`. When it is done, whatever it
    kept is frozen out of the garbage collector: Python's exit then does not walk the
    instance and results (0.7 s after the Shandong preset's solve, outside any time limit)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with use_language(chosen_language() or default or from_locale()):
            try:
                return command(*args, **kwargs)
            except InputError as error:
                abort(error)
            except KeyboardInterrupt:
                stderr().print(
                    labelled(
                        _("stopped:"),
                        "bold red",
                        _("a second interrupt ends at once; nothing more is written."),
                    ),
                    highlight=False,
                )
                raise SystemExit(EXIT_BAD_INPUT) from None
            except (SystemExit, click.exceptions.Exit, click.ClickException):
                raise
            except Exception as error:
                if click.get_current_context().find_root().params.get("debug"):
                    raise
                stderr().print(
                    labelled(
                        _("internal error:"),
                        "bold red",
                        f"{type(error).__name__}: {error}. "
                        + _(
                            "This is a fault of the tool, not of your files; run again with "
                            "`plan --debug …` for the traceback and report it."
                        ),
                    ),
                    highlight=False,
                )
                raise SystemExit(EXIT_INTERNAL) from None
            finally:
                gc.freeze()

    return wrapper  # type: ignore[return-value]


def instance_language(instance: Instance) -> AbstractContextManager[None]:
    """The instance's ``language`` for what follows, unless ``--lang`` was given."""
    if chosen_language() is None and instance.data.language is not None:
        return use_language(instance.data.language)
    return nullcontext()


def show_version(context: click.Context, param: click.Parameter, value: bool) -> None:
    """``plan --version`` in the planner's language: click's own option words it once, in
    English, when the module is imported ("plan, version 0.1.0" under ``--lang zh``)."""
    if value and not context.resilient_parsing:
        words = _("{prog}, version {version}")
        click.echo(words.format(prog=context.find_root().info_name, version=tool_version()))
        context.exit()


MAIN_HELP = N_("Plan which schools help which (鲁教基函〔2016〕7号): check, solve, verify.")
"""What ``plan --help`` says."""


@click.group(
    cls=TranslatedGroup,
    help=MAIN_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=show_version,
    help=N_("Show the version and exit."),
)
@click.option(
    "--lang", type=LANGUAGES, default=None, envvar="PLAN_LANG", is_eager=True, help=LANG_HELP
)
@click.option("--debug", is_flag=True, help=N_("Show the traceback of an internal error."))
def main(lang: str | None, debug: bool) -> None:
    """The ``plan`` group: its help, translated where shown, is ``MAIN_HELP``."""


@dataclass(frozen=True)
class CommandStart:
    """When the running command began (``time.monotonic()``): its time limit counts from it."""

    monotonic: float


def entry() -> None:
    """The ``plan`` console script and ``python -m pairing_planner.cli``: one command per
    process, so its time limit counts from the process's start, imports included (issue 17).
    Called in-process (click's test runner, a notebook), a command counts from its own start."""
    main(obj=CommandStart(process_start()))


def command_start() -> float:
    """The start of the running command (:func:`entry`), else now."""
    found = click.get_current_context().find_object(CommandStart)
    return found.monotonic if found is not None else time.monotonic()


def _register() -> None:
    from pairing_planner.cli import (
        calendar,
        check,
        compare,
        export,
        generate,
        import_lists,
        plot,
        progress,
        serve,
        solve,
        verify,
    )

    commands = (import_lists, check, solve, verify, compare, export, calendar, progress, plot)
    for module in (*commands, generate, serve):
        module.command.params.append(lang_after_the_name())
        main.add_command(module.command)


_register()
