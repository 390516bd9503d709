"""Write ``src/pairing_planner/instance/geodata/divisions.py``: Shandong's division codes, names and
seats.

Source: ``cpca/resources/adcodes.csv`` in the ``cpca`` package (version 0.5.5, MIT licence),
whose data predates 2017, plus the codes of the changes of 2016–2020 listed in ``CHANGES``
below, as the national list of division changes records them. cpca is not a dependency of the
tool: install it only to re-run this script, without its own dependencies::

    pip install --no-deps 'cpca==0.5.5'
    python tools/shandong_divisions.py > src/pairing_planner/instance/geodata/divisions.py
"""

from __future__ import annotations

import csv
from importlib.metadata import distribution

SUCCESSORS = {
    "371727": "371703",
    "370115": "370125",
    "370116": "371202",
    "370117": "371203",
    "370215": "370282",
    "370614": "370684",
}
"""For each code of ``CHANGES``, the code whose seat cpca gives for the same place: the
division before or after the change (the seat stayed where it was)."""

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
    names: dict[str, str] = {}
    seats: dict[str, tuple[float, float]] = {}
    with open(str(path), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["adcode"][:6]
            if not (row["adcode"].startswith("37") and row["adcode"].endswith("000000")):
                continue
            if row["name"] == "市辖区":
                continue
            names[code] = row["name"]
            if row["latitude"]:
                seats[code] = (float(row["latitude"]), float(row["longitude"]))
    names |= CHANGES
    seats |= {code: seats[source] for code, source in SUCCESSORS.items() if source in seats}
    print('"""Shandong\'s 6-digit division codes (adcodes), names past and present, and seats:')
    print("from cpca 0.5.5's ``adcodes.csv`` with the changes of 2016–2020 added (a changed")
    print("division keeps its seat); written by ``tools/shandong_divisions.py``. ``plan check``")
    print('holds places\' adcodes to it, and ``plan import`` resolves county names with it."""')
    print()
    print("DIVISIONS: dict[str, str] = {")
    for code in sorted(names):
        print(f'    "{code}": "{names[code]}",')
    print("}")
    print()
    print("SEATS: dict[str, tuple[float, float]] = {")
    for code in sorted(seats):
        lat, lon = seats[code]
        print(f'    "{code}": ({lat}, {lon}),')
    print("}")
    print('"""Seat (lat, lon) of each division cpca has coordinates for."""')


if __name__ == "__main__":
    main()
