"""The names of the sheets the tool writes and reads back (the ledger's, ``calendar.xlsx``'s).

A sheet is named in the language asked ("结对" under zh, "pairs" in English, issue 30), and a
reader finds it under either name or under the bilingual one ("pairs 结对") of the ledgers
and calendars written before: a bureau keeps last year's ledger and gives it to ``plan
verify`` or ``--baseline``. The names are fixed here, not in the message catalogue, because
a file written once must be read back whatever a later translation says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pairing_planner.i18n import Language, current_language


@dataclass(frozen=True)
class SheetName:
    """A sheet's name in English and in Chinese."""

    en: str
    zh: str

    def written(self, language: Language | None = None) -> str:
        """The name a sheet is written with in ``language`` (default: the current one)."""
        return self.zh if (language or current_language()) == "zh" else self.en

    @property
    def read(self) -> tuple[str, str, str]:
        """Every name the sheet is read under: English, Chinese, and the bilingual name
        written before issue 30."""
        return self.en, self.zh, f"{self.en} {self.zh}"

    def find(self, names: Sequence[str]) -> str | None:
        """The first of a workbook's sheet ``names`` that is this sheet, or None."""
        return next((name for name in names if name in self.read), None)


PAIRS = SheetName("pairs", "结对")
"""The ledger's pairs (``plan verify`` and ``--baseline`` read them back)."""
DUTY = SheetName("duties", "任务")
CONTACTS = SheetName("contacts", "联系人")
CHANGES = SheetName("changes", "变动")
RELAXATIONS = SheetName("relaxations", "放宽")
"""A relaxed plan's declared relaxations (``plan verify`` reads them back)."""
PROVENANCE = SheetName("provenance", "来源")
CALENDAR = SheetName("calendar", "活动安排")
"""``calendar.xlsx``'s one sheet (``plan progress`` reads it back)."""
