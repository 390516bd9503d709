"""Write ``src/pairing_planner/instance/divisions.py``: Shandong's division codes and names.

Source: ``cpca/resources/adcodes.csv`` in the ``cpca`` package (version 0.5.5, MIT licence),
whose data predates 2017, plus the codes of the changes of 2016–2020 listed in ``CHANGES``
below, as the national list of division changes records them. cpca is not a dependency of the
tool: install it only to re-run this script, without its own dependencies::

    pip install --no-deps 'cpca==0.5.5'
    python tools/shandong_divisions.py > src/pairing_planner/instance/divisions.py
"""

from __future__ import annotations

import csv
from importlib.metadata import distribution

CHANGES = {
    "371727": "定陶县",  # became 定陶区 (371703) in 2016
    "370115": "济阳区",  # 济阳县 (370125) became a district in 2018
    "370116": "莱芜区",  # Laiwu merged into Jinan in 2019: 莱城区 (371202)
    "370117": "钢城区",  # and 钢城区 (371203)
    "370215": "即墨区",  # 即墨市 (370282) became a district in 2017
    "370614": "蓬莱区",  # 蓬莱市 and 长岛县 merged in 2020
}


def main() -> None:
    """Print the module."""
    path = distribution("cpca").locate_file("cpca/resources/adcodes.csv")
    with open(str(path), encoding="utf-8") as handle:
        rows = {
            row["adcode"][:6]: row["name"]
            for row in csv.DictReader(handle)
            if row["adcode"].startswith("37")
            and row["adcode"].endswith("000000")
            and row["name"] != "市辖区"
        }
    rows |= CHANGES
    print('"""Shandong\'s 6-digit division codes (adcodes) and names, past and present: from cpca')
    print("0.5.5's ``adcodes.csv`` with the changes of 2016–2020 added; written by")
    print('``tools/shandong_divisions.py``. ``plan check`` holds places\' adcodes to it."""')
    print()
    print("DIVISIONS: dict[str, str] = {")
    for code in sorted(rows):
        print(f'    "{code}": "{rows[code]}",')
    print("}")


if __name__ == "__main__":
    main()
