"""The ``plan`` command: a thin click layer that parses, calls the library and renders.

Heavy modules (OR-Tools, pandas) are imported inside the commands so ``plan --help`` is quick.
Every error a user can fix arrives as :class:`InputError` and leaves through :func:`abort`:
a message naming file, line and field, exit code 2, no traceback.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from pairing_planner.errors import InputError
from pairing_planner.i18n import Language, _, from_locale, use_language

if TYPE_CHECKING:
    from pairing_planner.instance.instance import Instance

F = TypeVar("F", bound=Callable[..., Any])

EXIT_NO_PLAN = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
"""A fault of the tool itself (a bug): a one-line message, the traceback with --debug."""


def stdout() -> Console:
    """The console for results."""
    return Console()


def stderr() -> Console:
    """The console for progress and errors."""
    return Console(stderr=True)


def abort(error: InputError) -> None:
    """Print every note and problem, and exit 2."""
    console = stderr()
    for note in error.notes:
        console.print(_("note:") + f" {escape(str(note))}", highlight=False)
    for problem in error.problems:
        console.print("[bold red]" + _("error:") + f"[/] {escape(str(problem))}", highlight=False)
    raise SystemExit(EXIT_BAD_INPUT)


LANGUAGES = click.Choice(["zh", "en"])

LANG_HELP = "Language of messages (default: $PLAN_LANG, the instance's, else the locale's)."


def _chosen_language() -> Language | None:
    """``--lang`` as given on the command line (before or after the command's name), else
    ``$PLAN_LANG``, or None."""
    context = click.get_current_context()
    chosen: Language | None = context.meta.get("lang") or context.find_root().params.get("lang")
    return chosen


def _remember_language(context: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        context.meta["lang"] = value


def plan_option(dest: str = "rank", what: str = "a plans.json") -> Callable[[F], F]:
    """``--plan K``: which plan of a result file (default 1)."""
    return click.option(
        "--plan",
        dest,
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help=f"Which plan of {what}.",
    )


def friendly(command: F) -> F:
    """Run ``command`` in the chosen language (``--lang``, else the locale), turning
    :class:`InputError` into :func:`abort`. When it is done, whatever it kept is frozen out
    of the garbage collector: Python's exit then does not walk the instance and results
    (0.7 s after the Shandong preset's solve, outside any time limit)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with use_language(_chosen_language() or from_locale()):
            try:
                return command(*args, **kwargs)
            except InputError as error:
                abort(error)
            except KeyboardInterrupt:
                stderr().print(
                    "[bold red]"
                    + _("stopped:")
                    + "[/] "
                    + _("a second interrupt ends at once; nothing more is written."),
                    highlight=False,
                )
                raise SystemExit(EXIT_BAD_INPUT) from None
            except (SystemExit, click.exceptions.Exit, click.ClickException):
                raise
            except Exception as error:
                if click.get_current_context().find_root().params.get("debug"):
                    raise
                stderr().print(
                    "[bold red]"
                    + _("internal error:")
                    + f"[/] {escape(type(error).__name__)}: {escape(str(error))}. "
                    + _(
                        "This is a fault of the tool, not of your files; run again with "
                        "`plan --debug …` for the traceback and report it."
                    ),
                    highlight=False,
                )
                raise SystemExit(EXIT_INTERNAL) from None
            finally:
                gc.freeze()

    return wrapper  # type: ignore[return-value]


def instance_language(instance: Instance) -> AbstractContextManager[None]:
    """The instance's ``language`` for what follows, unless ``--lang`` was given."""
    if _chosen_language() is None and instance.data.language is not None:
        return use_language(instance.data.language)
    return nullcontext()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pairing-planner")
@click.option("--lang", type=LANGUAGES, default=None, envvar="PLAN_LANG", help=LANG_HELP)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def main(lang: str | None, debug: bool) -> None:
    """Plan which schools help which (鲁教基函〔2016〕7号): check, solve, verify."""


def _register() -> None:
    from pairing_planner.cli import (
        check,
        compare,
        export,
        generate,
        import_lists,
        plot,
        solve,
        verify,
    )

    after_the_name = click.option(
        "--lang",
        type=LANGUAGES,
        default=None,
        expose_value=False,
        callback=_remember_language,
        help=LANG_HELP,
    )
    for module in (import_lists, check, solve, verify, compare, export, plot, generate):
        main.add_command(after_the_name(module.command))


_register()
