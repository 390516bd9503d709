"""Click parameter types the commands share."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import click

from pairing_planner.cli.click_words import Noun
from pairing_planner.cli.language import chosen_language
from pairing_planner.i18n import _, from_locale, use_language
from pairing_planner.instance.clerk_dates import clerk_date, not_a_date


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
