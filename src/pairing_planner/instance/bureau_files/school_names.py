"""How two spellings of one school's name are compared: a clerk retypes names each year, in
full-width digits, with a stray space, or with a school's number in Arabic digits (第22中学 for
第二十二中学), and the school is still the same one."""

from __future__ import annotations

import re
import unicodedata

NUMBERED = re.compile(r"(?<=第)[0-9]{1,4}(?![0-9])|(?<![0-9])[0-9]{1,4}(?=[中小])")
"""A school's number in Arabic digits: after 第 (第22中学, 第1实验小学) or before 中 or 小
(22中, 实验2小). Only these are read: a digit elsewhere is part of a name as it stands."""

SPACES = re.compile(r"\s+")

DIGITS = "零一二三四五六七八九"
UNITS = ("", "十", "百", "千")


def canonical(name: str) -> str:
    """A name as compared: Unicode NFKC (full-width letters, digits and the ideographic
    space become plain ones), every space removed, and a school's number written in Arabic
    digits (:data:`NUMBERED`) written as the Chinese numeral it stands for, as official names
    write it (第22中学 → 第二十二中学, 1中 → 一中).

    The other way round would be less safe: a run of Chinese digits without a unit is a name
    as often as a number (五一中学 is not 第五十一中学, 十里铺 has no number in it), so Chinese
    numerals are left as written and only Arabic ones, which are always numbers, are read."""
    plain = SPACES.sub("", unicodedata.normalize("NFKC", name))
    return NUMBERED.sub(lambda found: chinese_numeral(int(found.group())), plain)


def chinese_numeral(number: int) -> str:
    """``number`` (0–9999) as a Chinese numeral is written in a school's name: 10 十, 22 二十二,
    101 一百零一, 110 一百一十."""
    if number == 0:
        return "〇"
    written, gap = "", False
    for power in range(3, -1, -1):
        digit = number // 10**power % 10
        if digit == 0:
            gap = gap or bool(written)
            continue
        written += ("零" if gap else "") + DIGITS[digit] + UNITS[power]
        gap = False
    return written.removeprefix("一") if written.startswith("一十") else written
