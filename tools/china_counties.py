"""Write the county seats of mainland China, from cpca's data, for the ``national`` preset.

Source: ``cpca/resources/adcodes.csv`` in the ``cpca`` package (version 0.5.5, MIT licence;
its divisions predate 2019). cpca is not a dependency of the tool: install it only to re-run
this script, without its own dependencies, since only its data file is read::

    pip install --no-deps 'cpca==0.5.5'
    python tools/china_counties.py > src/pairing_planner/instance/geodata/china_counties.csv

One row per county-level division with seat coordinates (the placeholders 市辖区 and the
like have none, and are left out), outside Taiwan, Hong Kong and Macao: its 6-digit code,
name, seat, and the prefecture-level city it belongs to, or its province where cpca has a
placeholder there (a municipality's 市辖区 and 县, a province's directly administered
counties).
"""

from __future__ import annotations

import csv
import sys
from importlib.metadata import distribution

PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
"""cpca's names of a level that is not a place of its own."""

OUTSIDE = ("71", "81", "82")
"""Province codes of Taiwan, Hong Kong and Macao: not in the programme."""


def main() -> None:
    path = distribution("cpca").locate_file("cpca/resources/adcodes.csv")
    with open(str(path), encoding="utf-8") as handle:
        rows = {
            row["adcode"][:6]: row
            for row in csv.DictReader(handle)
            if row["adcode"].endswith("000000")
        }
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["adcode", "name", "city", "city_name", "lat", "lon"])
    for code in sorted(rows):
        row = rows[code]
        if code.endswith("00") or code[:2] in OUTSIDE or not row["latitude"]:
            continue
        if row["name"] in PLACEHOLDERS:
            continue
        city = code[:4] + "00"
        if rows[city]["name"] in PLACEHOLDERS:
            city = code[:2] + "0000"
        name = rows[city]["name"]
        out.writerow([code, row["name"], city, name, row["latitude"], row["longitude"]])


if __name__ == "__main__":
    main()
