"""Click parameter types the commands share."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import click

from pairing_planner.cli.click_words import Noun
from pairing_planner.cli.language import chosen_language
from pairing_planner.i18n import N_, _, from_locale, use_language
from pairing_planner.instance.spreadsheets.clerk_dates import clerk_date, not_a_date


class FiniteFloat(click.FloatRange):
    """A number in a range, never NaN or infinity. click's ``FloatRange`` lets NaN through
    (every comparison with it is false) and infinity when the range is open above: a time
    limit of ``nan`` meant no limit at all, and ``--within nan`` failed deep in the solve."""

    name = Noun("number")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            with use_language((chosen_language(ctx) if ctx else None) or from_locale()):
                message = _("{value} is not a finite number; give a number in the range {range}")
                self.fail(message.format(value=value, range=self._describe_range()), param, ctx)
        return number


class ClerkDate(click.ParamType[date]):
    """A day as a clerk types it (2017-03-01, 2017/3/1, 2017.3.1, 2017年3月1日), read as the
    progress sheet's dates are; click's ``DateTime`` took one format and refused any other
    in English ("does not match the format '%Y-%m-%d'") under ``--lang zh``."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date):
            return value
        day = clerk_date(str(value))
        if day is None:
            with use_language((chosen_language(ctx) if ctx else None) or from_locale()):
                self.fail(not_a_date(str(value)), param, ctx)
        return day


class DescribedArgument(click.Argument):
    """An argument that, when it is missing, says what it is and gives an example: click
    said only "缺少参数 'TEMPLATE'." (user test of issue 30)."""

    def __init__(self, param_decls: list[str], what: str, **attrs: Any) -> None:
        super().__init__(param_decls, **attrs)
        self.what = what

    def process_value(self, ctx: click.Context, value: Any) -> Any:
        try:
            return super().process_value(ctx, value)
        except click.MissingParameter:
            message = _("missing {name}: {what}").format(
                name=self.make_metavar(ctx), what=_(self.what)
            )
            raise click.UsageError(message, ctx) from None


# What each argument is, said when it is missing (DescribedArgument).
INSTANCE = N_("the instance file (.yaml), e.g. instances/heze.yaml or one plan import wrote")
RESULT = N_("the folder plan solve wrote, e.g. results/heze")
TEMPLATE = N_(
    "the instance file whose rules, costs and places the lists take, e.g. instances/heze.yaml "
    "(Heze support) or instances/ur-sample-city.yaml (urban-rural pairing)"
)
SHEET = N_("calendar.xlsx, as plan calendar RESULT writes it, with its done column filled in")
PLAN = N_("the plan to check: plans.json, a plan CSV or the ledger (.xlsx)")
