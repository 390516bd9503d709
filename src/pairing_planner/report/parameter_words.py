"""A solve's parameters as a clerk reads them in the ledger's provenance sheet: each named
in words (时限（秒）, not ``time_limit``) and each value a word where it is a choice (学校,
本机进程, not ``school``, ``processes``): the sheet said "参数 time_limit", "school" and
"processes" under ``--lang zh`` (issue 30). ``plans.json`` keeps the ids."""

from __future__ import annotations

from pairing_planner.i18n import N_, _

PARAMETERS = {
    "plans": N_("number of plans"),
    "time_limit": N_("time limit (seconds)"),
    "seed": N_("solver random seed"),
    "workers": N_("solver threads"),
    "min_diff": N_("least difference between plans (recipients)"),
    "within": N_("later plans' cost within (% of plan 1)"),
    "differ_by": N_("what later plans differ by"),
    "strict": N_("strict (no relaxed plan)"),
    "decompose": N_("solved in independent parts"),
    "jobs": N_("processes for the parts"),
    "executor": N_("where the parts are solved"),
    "scheduler": N_("Dask scheduler"),
}
"""The parameters ``plans.json`` records, by id."""

CHOICES = {
    ("differ_by", "school"): N_("recipients' helpers"),
    ("differ_by", "city"): N_("helper cities"),
    ("differ_by", "county"): N_("counties"),
    ("executor", "processes"): N_("processes on this machine"),
    ("executor", "dask"): N_("a Dask cluster"),
}
"""The values a parameter chooses among, by parameter and id."""


def parameter_name(name: str) -> str:
    """A parameter's name in words; one this tool no longer records, as "parameter NAME"."""
    if name in PARAMETERS:
        return _(PARAMETERS[name])
    return _("parameter {name}").format(name=name)


def parameter_value(name: str, value: object) -> str | int | float:
    """A parameter's value as a clerk reads it: "—" for none, yes or no for a switch, a
    number as a number (a number cell in the ledger: 方案个数 1, not the text '1' Excel
    flags), a choice in words, else as it is."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return value
    choice = CHOICES.get((name, str(value)))
    return _(choice) if choice is not None else str(value)
