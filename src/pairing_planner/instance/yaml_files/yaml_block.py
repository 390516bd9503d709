"""Plain data written as block YAML, byte for byte as ruamel.yaml's safe dumper writes it, with
the long lists of flat records (places, schools) written directly.

Why: ruamel.yaml's emitter spent 10–30 s on the Shandong preset's 3.3 MB (issue 31: 18.3 s
to generate as YAML against 0.96 s as tables). A record whose values are all simple (plain
words and names, numbers, switches, lists and small mappings of them) is written here; any
other record, and every other field, is written by ruamel.yaml itself, so quoting, escaping
and line folding stay exactly its own.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML

from pairing_planner.instance.yaml_files.yaml_quick import implicit_type

_CHINESE = "\u3001-\u303f\u4e00-\u9fff\uff01-\uff5e"
_WORD = re.compile(rf"[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z_.\-{_CHINESE}]*")
"""Text the emitter writes as it is (plain) unless it reads as another type: letters, digits,
Chinese characters and their punctuation, ``-``, ``_`` and ``.``; no space (so never folded),
no indicator, nothing it escapes."""


def block_yaml(document: Mapping[str, Any]) -> str:
    """``document`` as ruamel.yaml's safe dumper writes it (block style, Unicode as is, keys
    in their order)."""
    if not document:
        return _dumped(document)
    parts: list[str] = []
    for key, value in document.items():
        if _is_records(value) and _plain(key):
            parts.append(f"{key}:\n")
            parts.extend(_record(item) for item in value)
        else:
            parts.append(_dumped({key: value}))
    return "".join(parts)


def _is_records(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _record(item: dict[str, Any]) -> str:
    """One list item at the top level (``- id: …`` then its fields two columns in)."""
    fields: list[str] = []
    for key, value in item.items():
        field = _field(key, value)
        if field is None:
            return _dumped([item])
        fields.append(field)
    if not fields:
        return _dumped([item])
    first, *rest = "".join(fields).splitlines(keepends=True)
    return "- " + first + "".join("  " + line for line in rest)


def _field(key: object, value: object) -> str | None:
    """``key: value`` of a record from its own column (a list's items in that column, a
    mapping's entries two columns in, as the emitter indents them); None when ruamel.yaml
    must write it."""
    if not _plain(key):
        return None
    if isinstance(value, list):
        if not value:
            return f"{key}: []\n"
        items = [_scalar(v) for v in value]
        if any(s is None for s in items):
            return None
        return f"{key}:\n" + "".join(f"- {s}\n" for s in items)
    if isinstance(value, dict):
        if not value:
            return f"{key}: {{}}\n"
        entries = [(k, _scalar(v)) for k, v in value.items()]
        if any(s is None or not _plain(k) for k, s in entries):
            return None
        return f"{key}:\n" + "".join(f"  {k}: {s}\n" for k, s in entries)
    scalar = _scalar(value)
    return None if scalar is None else f"{key}: {scalar}\n"


def _scalar(value: object) -> str | None:
    """A scalar as the emitter writes it plain; None for anything it would quote or tag."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value).lower() if math.isfinite(value) else None
    if isinstance(value, str) and _plain(value):
        return value
    return None


@lru_cache(maxsize=4096)
def _plain(value: object) -> bool:
    """Whether the emitter writes ``value`` plain (cached: the same keys and words recur in
    every record)."""
    return isinstance(value, str) and bool(_WORD.fullmatch(value)) and implicit_type(value) is None


def _dumped(value: object) -> str:
    """``value`` by ruamel.yaml's safe dumper, as every instance file was written before."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()
