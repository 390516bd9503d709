"""A date as a clerk types it in a sheet, read the same way wherever a sheet holds dates (a
school calendar, the calendar sheet tracked for progress): one definition, not one per
reader."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from pairing_planner.i18n import _

DAY = re.compile(
    r"(?P<year>[0-9]{4})\s*[-/.年]\s*(?P<month>[0-9]{1,2})\s*[-/.月]\s*(?P<day>[0-9]{1,2})"
    r"\s*日?(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
"""A date as a clerk types it: 2017-02-13, 2017/2/13, 2017.2.13, 2017年2月13日 (digits
full-width too), or as an Excel date cell reads (2017-02-13 00:00:00, the time of day, if
Excel keeps one, ignored)."""


def clerk_date(text: str) -> date | None:
    """``text`` as a date (:data:`DAY`), or None when it is not one (2017-02-31 neither)."""
    found = DAY.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        return None
    try:
        return date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        return None


def not_a_date(text: str) -> str:
    """What to say of a cell that is not a date: a day its month does not have (2017年2月30日)
    or a month past 12 said as such, else the forms that are dates."""
    found = DAY.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        return _(
            "not a date: {value}; write it as 2017-02-13, 2017/2/13, 2017.2.13 or 2017年2月13日"
        ).format(value=text or "—")
    year, month = int(found["year"]), int(found["month"])
    if not 1 <= month <= 12:
        return _("not a date: {value}; a month is 1 to 12").format(value=text)
    days = calendar.monthrange(year, month)[1]
    return _("not a date: {value}; month {month} of {year} has {days} days").format(
        value=text, month=month, year=year, days=days
    )
