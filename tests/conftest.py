"""Shared fixtures: the shipped instances and small random instances built in code."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pairing_planner import Instance, instance_from_data, load_instance

ROOT = Path(__file__).resolve().parent.parent
INSTANCES = ROOT / "instances"

pd.set_option("io.excel.xlsx.reader", "openpyxl")
"""The tests read the workbooks written back with openpyxl, as a clerk's Excel-like reader
would: pandas 4 makes calamine (not a dependency) its default and warns of it now."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files that hold a test marked slow run first, each file's tests together and in
    their order (its module fixtures made once): ``make test``'s workers (xdist, worksteal)
    each take half the list and then share what is left, so a long test started last is the
    suite's tail while the other worker idles; started first, the short tests fill in
    around it (issue 31: a suite run often)."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture(scope="session")
def heze() -> Instance:
    """The attachment as printed: 21 schools, one junior high too many."""
    return load_instance(INSTANCES / "heze.yaml")


@pytest.fixture(scope="session")
def heze_as_stated() -> Instance:
    """The 20 schools S5 states."""
    return load_instance(INSTANCES / "heze-as-stated.yaml")


def fake_contacts(folder: Path, name: str = "heze-as-stated") -> tuple[Path, list[str]]:
    """A copy of a shipped Heze instance in ``folder`` beside a contacts file of made-up
    persons and numbers (built here, so no number stands in a tracked file); the copy's path
    and every secret written."""
    source = INSTANCES / f"{name}.yaml"
    copy = folder / source.name
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    schools = [*load_instance(source).helpers, *load_instance(source).recipients]
    rows = [
        (s, f"联系人{i:02d}", "1" + str(39_0000_0000 + i * 7_919)) for i, s in enumerate(schools)
    ]
    lines = ["school,person,phone", *(",".join(row) for row in rows)]
    (folder / "heze.contacts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copy, [secret for _s, person, phone in rows for secret in (person, phone)]


def places(cities: int = 2) -> list[dict[str, Any]]:
    """Cities c0.. each with two counties cNk0, cNk1, about 50 km apart."""
    found: list[dict[str, Any]] = []
    for c in range(cities):
        found.append(
            {"id": f"c{c}", "name": f"City {c}", "kind": "city", "lat": 36.0, "lon": 116.0 + c}
        )
        for k in range(2):
            found.append(
                {
                    "id": f"c{c}k{k}",
                    "name": f"County {c}.{k}",
                    "kind": "county",
                    "city": f"c{c}",
                    "lat": 36.0 + 0.4 * k,
                    "lon": 116.0 + c + 0.2 * k,
                }
            )
    return found


def random_school(rng: random.Random, prefix: str, i: int, cities: int) -> dict[str, Any]:
    """A school with random coordinates, score and subjects in a random county."""
    return {
        "id": f"{prefix}{i}",
        "name": f"{prefix.upper()} school {i}",
        "place": f"c{rng.randrange(cities)}k{rng.randrange(2)}",
        "stages": ["junior"],
        "lat": round(36 + rng.uniform(-0.5, 0.5), 4),
        "lon": round(116 + rng.uniform(0, cities), 4),
        "score": rng.randint(30, 95),
    }


def instance_dict(
    helpers: list[dict[str, Any]],
    recipients: list[dict[str, Any]],
    rules: list[dict[str, Any]],
    weights: dict[str, float] | None = None,
    cities: int = 2,
) -> dict[str, Any]:
    """An instance file's content around the given schools and rules."""
    return {
        "format": 1,
        "name": "test",
        "title": "test instance",
        "source": "tests",
        "program": "UR",
        "places": places(cities),
        "helpers": helpers,
        "recipients": recipients,
        "rules": rules,
        "objective": {"weights": weights or {"distance": 1.0}},
        "solve": {"time_limit": 20, "workers": 2},
    }


def build(data: dict[str, Any]) -> Instance:
    """Validate a dict into an Instance."""
    return instance_from_data(data)


def sprawling_county(recipients: int, poverty: float, seed: int) -> Instance:
    """One generated county too spread out to fall apart: a single part for the large-part
    tests (:func:`pairing_planner.instance.generators.urban_rural.sprawling_county`)."""
    from pairing_planner.instance.generators import urban_rural

    return instance_from_data(
        urban_rural.generate_ur(urban_rural.sprawling_county(recipients, poverty, 0.3, seed))
    )
