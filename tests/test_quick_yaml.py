"""The quick YAML reader (issue 31): the same data and lines as the careful reader for every
file it reads, and every file past plain block YAML declined to the careful reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from pairing_planner.errors import InputError
from pairing_planner.instance.yaml_files.yaml_quick import Declined, quick_load
from pairing_planner.instance.yaml_files.yaml_source import MAX_DEPTH, _load_checked, load_yaml

INSTANCES = Path(__file__).parent.parent / "instances"

SCALARS = """\
plain: 济南示例1县
yes_word: yes
on_word: off
bools: [true, False, TRUE]
nulls: [~, null, Null, ]
empty:
ints: [0, -12, +7, 0o17, 0x1F, 1_000, 012]
floats: [36.6512, -0.0, 1e3, 1.5e-3, .5, .inf, -.Inf, .NaN, 1_0.5]
quoted: ['370100', "1.0", 'true']
date: 2016-09-01
stamp: 2016-09-01 08:30:00
block: |
  two
  lines
folded: >
  one
  line
nested:
  - a: 1
    b: [x, {c: d}]
  - - deep
    - 2
1: int key
"""


def _careful(text: str) -> tuple[object, dict[tuple[str | int, ...], int]]:
    return _load_checked(text, Path("x.yaml"))


def test_every_scalar_form_reads_as_the_careful_reader_reads_it() -> None:
    """Bools, nulls, numbers in every notation, dates, quoted and block scalars, flow and
    nested collections: equal values and equal lines."""
    data, lines = quick_load(SCALARS, MAX_DEPTH)
    careful_data, careful_lines = _careful(SCALARS)
    assert data == careful_data
    assert lines == careful_lines
    assert data["yes_word"] == "yes" and data["ints"][-1] == 12 and data["quoted"][0] == "370100"
    nan = data["floats"][7]
    assert nan != nan


@pytest.mark.parametrize("path", sorted(INSTANCES.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_instances_read_alike(path: Path) -> None:
    """Each shipped instance: the quick reader's data and lines are the careful reader's."""
    text = path.read_text(encoding="utf-8-sig")
    assert quick_load(text, MAX_DEPTH) == _careful(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 5\n",
        "a: !custom {b: 1}\n",
        "a: 1\na: 2\n",
        "? [a, b]\n: 1\n",
        "%YAML 1.1\n---\na: yes\n",
        "a: 1\n---\nb: 2\n",
        "<<: {a: 1}\n",
        "a: [1, 2\n",
        "a: 2016-13-45 10:00:00\n",
        "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    ],
    ids=[
        "anchor",
        "scalar tag",
        "collection tag",
        "duplicate key",
        "list as key",
        "directive",
        "two documents",
        "merge key",
        "syntax error",
        "bad timestamp",
        "too deep",
    ],
)
def test_anything_past_plain_block_yaml_is_declined(text: str) -> None:
    """The quick reader never reports: it declines, and the careful reader names the problem."""
    with pytest.raises(Declined):
        quick_load(text, MAX_DEPTH)


def test_a_declined_file_is_still_named_with_its_line(tmp_path: Path) -> None:
    """A duplicate key, declined by the quick reader, is reported at its line as before."""
    path = tmp_path / "dup.yaml"
    path.write_text("name: a\nformat: 1\nname: b\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    problem = caught.value.problems[0]
    assert problem.line == 3 and 'duplicate key "name"' in str(problem)


def test_an_empty_document_has_no_data() -> None:
    """Only comments: no data, as the careful reader finds (load_yaml then says so)."""
    assert quick_load("# nothing\n", MAX_DEPTH) == (None, {})
