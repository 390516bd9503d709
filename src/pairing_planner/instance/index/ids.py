"""Ids made from names: an imported instance is named after its file, and a bureau names its
files in Chinese (菏泽2016.yaml). Other systems join on ids and results go to a folder named
by one, so an id stays ASCII (:data:`~pairing_planner.instance.schema.base_models.ID_PATTERN`)."""

from __future__ import annotations

import re
import unicodedata

from pairing_planner.instance.schema.base_models import ID_MAX_LENGTH, ID_PATTERN


def is_id(text: str) -> bool:
    """Whether ``text`` may stand as an id as it is."""
    return len(text) <= ID_MAX_LENGTH and re.fullmatch(ID_PATTERN, text) is not None


def id_from_name(name: str) -> str:
    """``name`` itself when it is an id, else an id made from it: Chinese characters in
    pinyin without tones, each run of them one word as place names are written (菏泽2016 →
    heze2016, 我的 名单 → wode-mingdan), ASCII letters, digits, '_' and '.' kept, anything
    else a '-' between words; "" when nothing of it can be written so."""
    if is_id(name):
        return name
    text = unicodedata.normalize("NFKC", name)  # full-width letters and digits to ASCII
    if not text.isascii():
        from pypinyin import lazy_pinyin  # its dictionaries take 0.2 s to load

        text = "".join(lazy_pinyin(text))
    words = re.sub(r"[^A-Za-z0-9_.]+", "-", text)
    return words.strip("-_.")[:ID_MAX_LENGTH].rstrip("-_.")
