"""Writing an instance back to YAML (generators, notebooks, round-trip tests)."""

from __future__ import annotations

import io

from ruamel.yaml import YAML

from pairing_planner.instance.models import InstanceData


def instance_yaml(data: InstanceData) -> str:
    """``data`` as instance-file YAML; fields left at None are omitted."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out = io.StringIO()
    yaml.dump(data.model_dump(mode="json", exclude_none=True), out)
    return out.getvalue()
