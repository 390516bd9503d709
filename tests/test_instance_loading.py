"""Loading instance files: the broken-file corpus, line numbers, and YAML round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairing_planner import InputError, load_instance
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.yaml_files.dump import instance_yaml

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"


def _corpus() -> list[tuple[str, int, str]]:
    rows = []
    for line in (BAD / "EXPECTED.psv").read_text(encoding="utf-8").splitlines():
        name, at, message = line.split("|", 2)
        rows.append((name, int(at), message))
    return rows


def test_corpus_is_large_and_complete() -> None:
    """At least 25 broken files, each with its expectation, and no file without one."""
    names = {name for name, _, _ in _corpus()}
    assert len(names) >= 25
    assert names == {p.stem for p in BAD.glob("*.yaml")}


@pytest.mark.parametrize(("name", "line", "message"), _corpus())
def test_broken_file_gives_its_message_and_line(name: str, line: int, message: str) -> None:
    """Each broken file fails with an InputError naming the file, the line and the problem."""
    path = BAD / f"{name}.yaml"
    with pytest.raises(InputError) as caught:
        load_instance(path)
    problem = caught.value.problems[0]
    assert message in str(problem)
    assert problem.line == line
    assert problem.file is not None and problem.file.name in {path.name, "nowhere.csv"}


def test_small_instance_loads_with_lines() -> None:
    """A valid file loads, and values keep their lines."""
    instance = load_instance(DATA / "ok_small.yaml")
    assert list(instance.recipients) == ["r1", "r2", "r3", "r4"]
    assert instance.line_of(("recipients", 2, "stages")) == 18


def test_alias_bomb_is_refused_fast() -> None:
    """A billion-laughs file is refused from its first anchor, before anything expands."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb = DATA.parent / "bomb.tmp.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    try:
        with pytest.raises(InputError, match="anchors and aliases"):
            load_instance(bomb)
    finally:
        bomb.unlink()


def test_gbk_file_is_named_as_such(tmp_path: Path) -> None:
    """A file saved as GBK gets a message saying so and how to convert it."""
    path = tmp_path / "gbk.yaml"
    path.write_bytes((DATA / "ok_small.yaml").read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(InputError, match="GBK"):
        load_instance(path)


names = st.text(
    st.characters(categories=["L", "N", "Zs"], exclude_characters="\x85\u2028\u2029"),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s)
ids = st.from_regex(r"[a-z][a-z0-9_\-]{0,8}", fullmatch=True)
coords = st.floats(min_value=20, max_value=50, allow_nan=False)


@st.composite
def instances(draw: st.DrawFn) -> InstanceData:
    """Random valid instances: a city and counties, schools with every optional field."""
    county_ids = draw(
        st.lists(ids, min_size=1, max_size=3, unique=True).filter(lambda x: "c" not in x)
    )
    places = [
        {"id": "c", "name": draw(names), "kind": "city", "lat": draw(coords), "lon": draw(coords)}
    ]
    places += [
        {
            "id": cid,
            "name": draw(names),
            "kind": "county",
            "city": "c",
            "lat": draw(coords),
            "lon": draw(coords),
        }
        for cid in county_ids
    ]

    def school(prefix: str, i: int) -> dict[str, object]:
        found: dict[str, object] = {
            "id": f"{prefix}{i}",
            "name": draw(names),
            "place": draw(st.sampled_from(county_ids)),
            "stages": draw(
                st.lists(
                    st.sampled_from(["primary", "junior", "senior"]),
                    min_size=1,
                    max_size=2,
                    unique=True,
                )
            ),
            "score": draw(st.none() | st.floats(0, 100, allow_nan=False)),
        }
        return {k: v for k, v in found.items() if v is not None}

    helpers = [
        school("h", i) | {"capacity": draw(st.integers(1, 5))}
        for i in range(draw(st.integers(1, 4)))
    ]
    recipients = [
        school("r", i) | {"poverty_village": draw(st.booleans())}
        for i in range(draw(st.integers(1, 4)))
    ]
    return InstanceData.model_validate(
        {
            "format": 1,
            "name": draw(ids),
            "title": draw(names),
            "source": draw(names),
            "program": draw(st.sampled_from(["UR", "HZ"])),
            "places": places,
            "helpers": helpers,
            "recipients": recipients,
            "rules": [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S1"}],
            "objective": {"weights": {"distance": draw(st.floats(0, 10, allow_nan=False))}},
        }
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(instances())
def test_yaml_round_trip(tmp_path: Path, data: InstanceData) -> None:
    """Any instance the models accept is written and read back unchanged."""
    path = tmp_path / "round.yaml"
    path.write_text(instance_yaml(data), encoding="utf-8")
    assert load_instance(path).data == data


def test_fast_and_careful_paths_agree() -> None:
    """The C-parser path and the careful round-trip path give the same data and lines."""
    from pairing_planner.instance.yaml_files.yaml_source import _load_checked, load_yaml

    for path in [
        *sorted((DATA.parent.parent / "instances").glob("*.yaml")),
        DATA / "ok_small.yaml",
    ]:
        fast = load_yaml(path)
        data, lines = _load_checked(path.read_text(encoding="utf-8-sig"), path)
        assert (fast.data, fast.lines) == (data, lines)


def test_a_contact_inside_the_instance_points_to_the_contacts_file(tmp_path: Path) -> None:
    """An earlier format's ``contact:`` on a school is refused, with its line and where
    contacts go now."""
    source = (DATA.parent.parent / "instances" / "heze-as-stated.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    at = lines.index("    name: 牡丹区第二十二中学")
    lines.insert(at + 1, "    contact: {person: 某人, phone: '0530-0000000'}")
    path = tmp_path / "old.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_instance(path)
    problem = caught.value.problems[0]
    assert problem.line == at + 2 and "contacts file" in str(problem)
