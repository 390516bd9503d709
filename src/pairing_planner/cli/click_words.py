"""click's own messages in the planner's language.

click words its errors ("Error: Missing option '-o' / '--out'.", "Try 'plan import --help'
for help.", "Invalid value for '--previous': Path 'x' does not exist.") through gettext's
global catalogue, which ``--lang`` does not reach: under ``--lang zh`` they came out in
English (issue 30). :func:`route_click_messages` points click's ``_`` and ``ngettext`` at
ours, so they are looked up in our catalogue in the language chosen; the messages listed in
:data:`CLICK_MESSAGES` are the ones we translate (listed so that the catalogue's checks and
``pybabel extract`` see them). The nouns click names a value by ("path", "integer range")
are fixed when click's types are made, before any language is chosen, so they become
:class:`Noun`, translated where a message shows one.
"""

from __future__ import annotations

import shutil
from typing import IO, Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from pairing_planner.i18n import N_, _
from pairing_planner.report.line_breaks import line_spans

CLICK_MESSAGES = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Did you mean {possibility}?"),
    N_("(Did you mean one of: {possibilities}?)"),
    N_("Option {name!r} requires an argument."),
    N_("Option {name!r} does not take a value."),
    N_("Got unexpected extra argument ({args})"),
    N_("Got unexpected extra arguments ({args})"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not {choice}."),
    N_("{value!r} is not one of {choices}."),
    N_("Aborted!"),
)
"""click's messages a planner meets, translated in our catalogue."""

NOUNS = (
    N_("File"),
    N_("Directory"),
    N_("Path"),
    N_("integer"),
    N_("integer range"),
    N_("float"),
    N_("float range"),
    N_("number"),
)
"""The names click gives a value's kind in its messages, in the form it shows them."""

METAVARS = (
    N_("FILE"),
    N_("DIRECTORY"),
    N_("PATH"),
    N_("TEXT"),
    N_("INTEGER"),
    N_("INTEGER RANGE"),
    N_("FLOAT"),
    N_("FLOAT RANGE"),
    N_("NUMBER"),
)
"""The same names in capitals, as ``--help`` shows them after an option that has no metavar
of its own (``--out PATH``, ``--plans INTEGER RANGE``); under zh 路径, 整数 (issue 30)."""


class Noun(str):
    """A name of a value's kind that click keeps from its start and shows in a message
    (``name.title()``, or as it is): it is translated when shown."""

    def title(self) -> str:
        return _(str.title(self))

    def upper(self) -> str:
        return _(str.upper(self))

    def __format__(self, spec: str) -> str:
        return format(_(str(self)), spec)


def _click_text(message: str) -> str:
    """A message of click's in the current language; the name of a path's kind, which
    click sets once, as a :class:`Noun`."""
    return Noun(message) if message in ("file", "directory", "path") else _(message)


def _click_plural(singular: str, plural: str, n: int) -> str:
    """A message of click's that has a plural form, in the current language: Chinese has
    one form, so each of the two is its own entry in our catalogue."""
    return _(singular if n == 1 else plural)


def _echo_wrapped(
    message: Any = None,
    file: IO[Any] | None = None,
    nl: bool = True,
    err: bool = False,
    color: bool | None = None,
) -> None:
    """click's ``echo`` for its usage and error messages, each line wrapped at the
    terminal's width where a line may break: click wrote "错误：'--today' 的值无效：…" on one
    line of 101 columns (user test of issue 30)."""
    if isinstance(message, str):
        width = shutil.get_terminal_size().columns
        lines = [
            line[a:b] for line in message.split("\n") for a, b in line_spans(line, (width, width))
        ]
        message = "\n".join(lines)
    click.utils.echo(message, file, nl, err, color)


def route_click_messages() -> None:
    """click's messages and value names from now on in our catalogue's current language,
    its errors wrapped at the terminal's width."""
    click.exceptions.echo = _echo_wrapped  # type: ignore[attr-defined]
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ):
        module._ = _click_text  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_plural  # type: ignore[attr-defined]
    for kind, name in (
        (click.types.StringParamType, "text"),
        (click.types.IntParamType, "integer"),
        (click.types.IntRange, "integer range"),
        (click.types.FloatParamType, "float"),
        (click.types.FloatRange, "float range"),
    ):
        kind.name = Noun(name)
