"""``plan import``: a bureau's school lists (.xlsx or .csv) into an instance file."""

from __future__ import annotations

from pathlib import Path

import click

from pairing_planner.cli import abort, friendly, print_notes, stderr, stdout
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import TEMPLATE, DescribedArgument
from pairing_planner.i18n import N_
from pairing_planner.report.line_breaks import Names

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


HELP = N_(
    "Turn school lists into an instance: TEMPLATE (an instance file) gives the rules, costs "
    "and places; the lists give the schools. Contacts go to a file beside the output, never "
    "into it. Exit 0 when written, 2 on bad input (every row's problems listed)."
)
"""What ``plan import --help`` says."""
SHORT = N_("Turn school lists (.xlsx, .csv) into an instance.")
"""Its line in ``plan --help``."""


@click.command("import", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument("template", cls=DescribedArgument, what=TEMPLATE, type=FILE)
@click.option("--recipients", type=FILE, help=N_("The recipient schools' list (.xlsx or .csv)."))
@click.option("--recipients-sheet", help=N_("Its sheet (default: the first)."))
@click.option("--helpers", type=FILE, help=N_("The helper schools' list (.xlsx or .csv)."))
@click.option("--helpers-sheet", help=N_("Its sheet (default: the first)."))
@click.option(
    "--name",
    help=N_(
        "The new instance's id (default: made from the output file's name, Chinese in pinyin)."
    ),
)
@click.option(
    "--previous",
    type=click.Path(exists=True, path_type=Path),
    help=N_(
        "Last year's instance file, or its result (plans.json or its folder: the instance "
        "it solved): the schools it lists keep their ids (by 学校标识码, else by county and "
        "name); schools only like one of them are listed to confirm."
    ),
)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=N_("Replace existing files."))
@friendly
def command(
    template: Path,
    recipients: Path | None,
    recipients_sheet: str | None,
    helpers: Path | None,
    helpers_sheet: str | None,
    name: str | None,
    previous: Path | None,
    out: Path,
    force: bool,
) -> None:
    """``plan import``: its help, translated where shown, is ``HELP``. When bad input stops
    it, its last line says that nothing was written (instance and contacts are written
    together or not at all)."""
    from pairing_planner.errors import InputError
    from pairing_planner.i18n import _

    if recipients is None and helpers is None:
        raise click.UsageError(_("give --recipients, --helpers or both"))
    lists = (recipients, recipients_sheet), (helpers, helpers_sheet)
    try:
        _import(template, *lists, name, previous, out, force)
    except InputError as error:
        abort(
            error, _("Nothing was written: correct what is said above and run plan import again.")
        )


List = tuple[Path | None, str | None]
"""A list given: its file and sheet."""


def _import(
    template: Path,
    recipients: List,
    helpers: List,
    name: str | None,
    previous: Path | None,
    out: Path,
    force: bool,
) -> None:
    """Read the lists, write the instance and its contacts, and say what was written."""
    from pairing_planner.api import previous_instance
    from pairing_planner.i18n import _
    from pairing_planner.instance.bureau_files.school_lists import (
        HELPER_COLUMNS,
        RECIPIENT_COLUMNS,
        import_lists,
    )
    from pairing_planner.instance.spreadsheets.tables import read_table
    from pairing_planner.instance.yaml_files.load import load_instance
    from pairing_planner.io.instance_files import contacts_name, write_imported

    _one_sheet_each(recipients, helpers)
    instance_name = _instance_name(name, out)  # before reading the lists: a bad --name is cheap
    (recipients_file, recipients_sheet), (helpers_file, helpers_sheet) = recipients, helpers
    imported = import_lists(
        load_instance(template),
        recipients=None
        if recipients_file is None
        else read_table(recipients_file, RECIPIENT_COLUMNS, recipients_sheet, "--recipients-sheet"),
        helpers=None
        if helpers_file is None
        else read_table(helpers_file, HELPER_COLUMNS, helpers_sheet, "--helpers-sheet"),
        name=instance_name,
        contacts=contacts_name(out),
        out=out,
        previous=None if previous is None else previous_instance(previous),
    )
    written = write_imported(imported, out, force=force)
    _say_made_name(name, instance_name, out)
    data = imported.data
    schools = [s.name for s in [*data.recipients, *data.helpers]]
    print_notes(stderr(), imported.notes, Names([*schools, *(p.name for p in data.places)]))
    stdout().print(
        _("{recipients} recipients and {helpers} helpers written to {out}.").format(
            recipients=len(data.recipients), helpers=len(data.helpers), out=written.instance
        ),
        highlight=False,
    )
    if written.tables:
        stdout().print(
            _(
                "The lists are long, so the schools are in tables beside it, which it "
                "references: {tables}."
            ).format(tables=", ".join(str(t) for t in written.tables)),
            highlight=False,
        )
    if written.contacts is not None:
        stdout().print(
            _(
                "Contacts of {n} schools written to {path}: keep it beside the instance and out "
                "of any repository."
            ).format(n=len(imported.contacts), path=written.contacts),
            highlight=False,
        )
    stdout().print(_("Next: plan check {out}").format(out=out), highlight=False)


def _one_sheet_each(recipients: List, helpers: List) -> None:
    """Refuse one sheet given as both lists: every school would be a recipient and a helper
    of itself (a clerk who forgot ``--helpers-sheet`` on a workbook of two sheets)."""
    from pairing_planner.errors import InputError, Problem
    from pairing_planner.i18n import _

    (recipients_file, recipients_sheet), (helpers_file, helpers_sheet) = recipients, helpers
    if recipients_file is None or helpers_file is None:
        return
    if recipients_file.resolve() != helpers_file.resolve() or recipients_sheet != helpers_sheet:
        return
    if recipients_file.suffix.lower() == ".csv":
        message = _(
            "the recipients and the helpers are both read from this file; give each list its "
            "own file"
        )
    else:
        message = _(
            "the recipients and the helpers are both read from {sheet} of this workbook; give "
            "each list its own sheet with --recipients-sheet and --helpers-sheet"
        ).format(sheet=recipients_sheet or _("the first sheet"))
    raise InputError([Problem(message, helpers_file)])


def _instance_name(given: str | None, out: Path) -> str:
    """``--name`` when it is an id, else an id made from the output file's name (菏泽2016.yaml
    → heze2016); an input error naming what an id may hold when neither gives one."""
    from pairing_planner.errors import InputError, Problem
    from pairing_planner.i18n import _
    from pairing_planner.instance.index.ids import id_from_name, is_id
    from pairing_planner.instance.schema.base_models import ID_MAX_LENGTH

    rule = _(
        "an id holds only ASCII letters, digits, '-', '_' and '.', begins with a letter or "
        "digit and is at most {length} characters long"
    ).format(length=ID_MAX_LENGTH)
    if given is not None:
        if is_id(given):
            return given
        message = _("'{name}' cannot name an instance: {rule}").format(name=given, rule=rule)
        raise InputError([Problem(message, None, None, "--name")])
    made = id_from_name(out.stem)
    if not made:
        message = _("no id can be made from the file name '{name}'; give one with --name ({rule})")
        raise InputError([Problem(message.format(name=out.name, rule=rule), out)])
    return made


def _say_made_name(given: str | None, made: str, out: Path) -> None:
    """Say on stderr the id made from the output file's name when it differs from that name
    (菏泽2016.yaml → heze2016): once the instance is written, so a run that writes nothing
    does not name an id that nothing has."""
    from pairing_planner.i18n import _

    if given is None and made != out.stem:
        note = _("the instance's id is '{id}', made from the file's name; --name gives another")
        stderr().print(_("note:") + " " + note.format(id=made), highlight=False, markup=False)
