"""Print the seat coordinates of places by administrative division code, from cpca's data.

Seat coordinates in the shipped instances were taken once with this script, so that they come
from a published source rather than from memory. Source: ``cpca/resources/adcodes.csv`` in the
``cpca`` package (version 0.5.5, MIT licence; its data predates 2019, so Laiwu still has its own
code). cpca is not a dependency of the tool: install it only to re-run this script, without its
own dependencies, since only its data file is read::

    pip install --no-deps 'cpca==0.5.5'
    python tools/seat_coordinates.py 370100 371702

cpca keys are 12 digits; the 6-digit code is its prefix.
"""

from __future__ import annotations

import csv
import sys
from importlib.metadata import distribution


def seats() -> dict[str, tuple[str, float, float]]:
    """6-digit adcode → (name, lat, lon) for every row of cpca that has coordinates."""
    path = distribution("cpca").locate_file("cpca/resources/adcodes.csv")
    with open(str(path), encoding="utf-8") as handle:
        return {
            row["adcode"][:6]: (row["name"], float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
            if row["latitude"] and row["adcode"].endswith("000000")
        }


def main(codes: list[str]) -> None:
    """Print ``code name lat lon`` for each code asked for."""
    table = seats()
    for code in codes:
        name, lat, lon = table[code]
        print(f"{code}  {name}  lat: {lat}  lon: {lon}")


if __name__ == "__main__":
    main(sys.argv[1:])
