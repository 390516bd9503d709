"""The direct YAML writer (issue 31): byte for byte what ruamel.yaml's safe dumper writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pairing_planner.instance.yaml_files.dump import instance_yaml
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.instance.yaml_files.yaml_block import _dumped as _ruamel
from pairing_planner.instance.yaml_files.yaml_block import block_yaml

INSTANCES = Path(__file__).parent.parent / "instances"


_TEXT = st.one_of(
    st.sampled_from(
        ["yes", "no", "true", "True", "null", "~", "0x1F", "1_0", "0530-1234567", "12", "1.5"]
    ),
    st.sampled_from(["", " lead", "a: b", "a #b", "- x", "济南 示例", "'q'", "\ufeffx"]),
    st.text(alphabet="ab0-_.:#' 济南（）、\n\t", max_size=12),
    st.text(alphabet="学校示例 ab", min_size=60, max_size=120),
)
_SCALAR = st.one_of(
    _TEXT,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.sampled_from([float("inf"), True, False, None]),
)
_VALUE = st.one_of(
    _SCALAR,
    st.lists(_SCALAR, max_size=3),
    st.dictionaries(st.sampled_from(["file", "row", "a b", "1"]), _SCALAR, max_size=3),
    st.lists(st.lists(_SCALAR, max_size=2), max_size=2),
)
_RECORD = st.dictionaries(st.sampled_from(["id", "name", "stages", "lat", "x y", "true"]), _VALUE)
_DOCUMENT = st.dictionaries(
    st.sampled_from(["name", "places", "recipients", "helpers", "a b"]),
    st.one_of(st.lists(_RECORD, max_size=4), _VALUE),
)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENT)
def test_any_document_is_written_as_ruamel_writes_it(document: dict[str, Any]) -> None:
    """Records with quoted, folded, escaped, typed-looking or nested values included."""
    assert block_yaml(document) == _ruamel(document)


def test_shipped_instances_are_written_as_before() -> None:
    """Each shipped instance, the urban-rural sample's 800 schools among them."""
    for path in sorted(INSTANCES.glob("*.yaml")):
        if path.name.startswith("calendar"):
            continue
        data = load_instance(path).data
        assert instance_yaml(data) == _ruamel(data.model_dump(mode="json", exclude_none=True))
