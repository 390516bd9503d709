"""How two spellings of one school's name are compared: a clerk retypes names each year, in
full-width digits or with a stray space, and the school is still the same one."""

from __future__ import annotations

import re
import unicodedata


def canonical(name: str) -> str:
    """A name as compared: Unicode NFKC (full-width letters, digits and the ideographic
    space become plain ones), every space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
