"""Data a planner easily gets wrong, found in any instance by ``plan check``: each case is a
variant of the Heze instance with one mistake, and each gives a warning naming the schools
and the line; a helper of capacity 0 is left out, not an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pairing_planner import (
    SolveOptions,
    check_instance,
    instance_from_data,
    load_instance,
    solve,
    verify_plan,
)
from pairing_planner.diagnosis.data_checks import canonical
from pairing_planner.instance.yaml_files.yaml_source import load_yaml
from tests.conftest import INSTANCES


def _heze(change: Any) -> Any:
    """heze-as-stated with ``change`` applied to its data."""
    data = load_yaml(INSTANCES / "heze-as-stated.yaml").data
    data.pop("contacts")
    change(data)
    return instance_from_data(data)


def _codes(instance: Any) -> list[str]:
    return [f.code for f in check_instance(instance) if f.severity == "warning"]


def test_the_shipped_instances_raise_no_data_warning() -> None:
    """No false alarm on the Heze instances."""
    data_codes = {"duplicate-school", "name-place", "far-coordinates", "adcode"}
    for name in ("heze", "heze-as-stated", "heze-2019", "ur-sample-city"):
        assert not data_codes & set(_codes(load_instance(INSTANCES / f"{name}.yaml")))


@pytest.mark.parametrize(
    "copy",
    ["牡丹区第22中学\u3000", "牡丹区 第22中学", "牡丹区第２２中学", "牡丹区第22中学"],
)
def test_a_school_listed_twice_is_found(copy: str) -> None:
    """A second copy with an ideographic space, a space, or full-width digits."""

    def twice(data: dict[str, Any]) -> None:
        data["recipients"][0]["name"] = "牡丹区第22中学"
        data["recipients"].append(data["recipients"][0] | {"id": "r99", "name": copy})

    found = [f for f in check_instance(_heze(twice)) if f.code == "duplicate-school"]
    assert len(found) == 1 and "r99" in found[0].message and "r01" in found[0].message
    assert canonical(copy) == canonical("牡丹区第二十二中学")


def test_a_name_that_says_another_county_is_found() -> None:
    """曹县第一初级中学 placed in 单县."""

    def misplaced(data: dict[str, Any]) -> None:
        school = next(r for r in data["recipients"] if r["name"] == "曹县第一初级中学")
        school["place"] = "shanxian"

    found = [f for f in check_instance(_heze(misplaced)) if f.code == "name-place"]
    assert len(found) == 1 and "单县" in found[0].message and "曹县" in found[0].message


def test_a_county_named_as_it_was_before_its_change_is_not_misplaced() -> None:
    """定陶县清华园学校 placed in 定陶区 (371703, what 定陶县 became): where its name says, no
    warning; the same school placed in 曹县 is still misplaced."""

    def renamed(data: dict[str, Any]) -> None:
        data["places"].append({**_place(data, "dingtao"), "id": "dingqu", "name": "定陶区"})
        data["places"][-1]["adcode"] = "371703"
        next(r for r in data["recipients"] if r["name"] == "定陶县清华园学校")["place"] = "dingqu"

    assert "name-place" not in _codes(_heze(renamed))

    def misplaced(data: dict[str, Any]) -> None:
        next(r for r in data["recipients"] if r["name"] == "定陶县清华园学校")["place"] = "caoxian"

    assert "name-place" in _codes(_heze(misplaced))


def _place(data: dict[str, Any], place_id: str) -> dict[str, Any]:
    return next(p for p in data["places"] if p["id"] == place_id)


def test_a_flipped_coordinate_is_found() -> None:
    """A helper whose longitude lost its sign is thousands of km from its city."""

    def flipped(data: dict[str, Any]) -> None:
        data["helpers"][0]["lon"] = -data["helpers"][0]["lon"]

    found = [f for f in check_instance(_heze(flipped)) if f.code == "far-coordinates"]
    assert len(found) == 1 and data_name(0) in found[0].message


def data_name(index: int) -> str:
    return str(load_yaml(INSTANCES / "heze-as-stated.yaml").data["helpers"][index]["name"])


@pytest.mark.parametrize(("code", "words"), [("370702", "潍城区"), ("371703", "定陶区")])
def test_an_adcode_of_another_place_is_found(code: str, words: str) -> None:
    """牡丹区 given 潍坊's 370702 (wrong city prefix), or 定陶区's 371703 (the table)."""

    def wrong(data: dict[str, Any]) -> None:
        next(p for p in data["places"] if p["id"] == "mudan")["adcode"] = code

    found = [f for f in check_instance(_heze(wrong)) if f.code == "adcode"]
    assert len(found) == 1 and "牡丹区" in found[0].message
    assert code in found[0].message and (words in found[0].message or "菏泽市" in found[0].message)


def test_a_helper_of_capacity_zero_is_left_out(tmp_path: Path) -> None:
    """Capacity 0 says "not available this year": the helper gets no pair, plan check says so
    once (no idle-helper warning), and the verifier refuses a plan that uses it."""
    instance = _heze(lambda data: data["helpers"][0].update(capacity=0))
    away = instance.data.helpers[0].id
    result = solve(instance, SolveOptions(time_limit=20))
    assert result.status == "OPTIMAL"
    assert away not in {p.helper for p in result.plans[0].pairs}
    findings = check_instance(instance)
    assert [f.code for f in findings].count("unavailable") == 1
    assert not any(f.code == "idle-helper" and away in f.message for f in findings)
    first = result.plans[0].pairs[0]
    edited = [
        (away, first.recipient),
        *((p.helper, p.recipient) for p in result.plans[0].pairs[1:]),
    ]
    assert "unavailable" in {v.kind for v in verify_plan(instance, edited).violations}
