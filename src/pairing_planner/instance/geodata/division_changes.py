"""Divisions that changed their code: a county that became a district, cities and counties
merged. A school in 定陶县 last year is in 定陶区 this year without moving, so a school's
identity counts the division it is in today (``tools/shandong_divisions.py`` lists the same
changes, with their years)."""

from __future__ import annotations

CURRENT: dict[str, str] = {
    "371727": "371703",  # 定陶县 became 定陶区 in 2016
    "370125": "370115",  # 济阳县 became 济阳区 in 2018
    "370282": "370215",  # 即墨市 became 即墨区 in 2017
    "371200": "370100",  # 莱芜市 merged into 济南市 in 2019
    "371202": "370116",  # its 莱城区 became 莱芜区
    "371203": "370117",  # its 钢城区 became Jinan's 钢城区
    "370684": "370614",  # 蓬莱市 and 长岛县 merged into 蓬莱区 in 2020
    "370634": "370614",
}
"""For each past division code in :data:`~pairing_planner.instance.geodata.divisions.DIVISIONS`, the
code of the division it is part of today."""


def current_division(code: str) -> str:
    """The code of the division ``code`` is part of today (``code`` itself when unchanged)."""
    return CURRENT.get(code, code)
