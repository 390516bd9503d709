"""Reading a YAML file safely, keeping the line of every value.

Why not ``yaml.safe_load``: planners need ``file:line`` in every message, and neither PyYAML
nor ruamel.yaml bounds alias expansion (a 375-byte "billion laughs" file costs seconds and
hundreds of MB once validated). A valid file of plain block YAML is read by the quick reader
(:mod:`pairing_planner.instance.yaml_files.yaml_quick`: libyaml's events, no anchors or aliases,
depth bounded). A file it declines is read again the ways that name each problem: the event stream
scanned first, anchors, aliases and deep nesting refused before anything is built, and only
then the document composed with ruamel.yaml's round-trip loader, which records line and
column for every key and item (or, when the text has no anchor at all, composed by the C
parser)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, Event
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.yaml_files.yaml_quick import Declined, Loc, quick_load
from pairing_planner.instance.yaml_files.yaml_words import syntax_problem

MAX_BYTES = 5 * 1024 * 1024
"""Largest instance file read (5 MiB): a province of 15,000 schools takes about 3 MiB."""

MAX_RESULT_BYTES = 256 * 1024 * 1024
"""Largest plans.json or plan file read: results of a province run are several MB, and JSON
has no aliases to expand."""

MAX_DEPTH = 20
"""Deepest nesting accepted; the format itself needs 5."""


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: plain Python data for validation, and the line of every key and item."""

    path: Path
    data: Any
    lines: dict[Loc, int]
    sha256: str

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The 1-based line of the value at ``loc`` (a pydantic error location), or of its
        nearest ancestor present in the file; parts of ``loc`` absent from the file (a union
        tag, a missing field) are passed over."""
        return line_in(self.lines, loc)


def line_in(lines: Mapping[Loc, int], loc: Sequence[str | int]) -> int | None:
    """The line of ``loc`` in a line index, skipping parts of ``loc`` the file lacks."""
    found: int | None = 1 if lines else None
    prefix: Loc = ()
    for key in loc:
        candidate = (*prefix, key)
        if candidate in lines:
            prefix, found = candidate, lines[candidate]
    return found


def _index_lines(node: Any, prefix: Loc, lines: dict[Loc, int]) -> None:
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            lines[(*prefix, key)] = node.lc.key(key)[0] + 1
            _index_lines(value, (*prefix, key), lines)
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            lines[(*prefix, i)] = node.lc.item(i)[0] + 1
            _index_lines(value, (*prefix, i), lines)


def read_text(path: Path, *, what: str = N_("file"), limit: int = MAX_BYTES) -> str:
    """The file's text as UTF-8 (a BOM is allowed); a size limit and a clear word on encodings.
    ``what`` names the kind of file (marked for translation by the caller)."""
    what = _(what)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(_("no such {what}").format(what=what), path)]) from None
    except IsADirectoryError:
        message = _("this is a folder, not a {what}").format(what=what)
        raise InputError([Problem(message, path)]) from None
    except OSError as exc:
        message = _("cannot read the {what}: {reason}").format(what=what, reason=exc.strerror)
        raise InputError([Problem(message, path)]) from None
    if len(raw) > limit:
        message = _("the {what} is {size:,} bytes, over the limit of {limit:,}")
        raise InputError([Problem(message.format(what=what, size=len(raw), limit=limit), path)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = _encoding_hint(raw)
        message = _("the {what} is not UTF-8 (byte {byte}){hint}; save it as UTF-8")
        message = message.format(what=what, byte=exc.start, hint=hint)
        raise InputError([Problem(message, path, line)]) from None


def _encoding_hint(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return _(", it reads as GBK/GB18030 (e.g. `iconv -f GB18030 -t UTF-8`)")


def load_yaml(path: Path) -> YamlDocument:
    """Parse ``path`` into a :class:`YamlDocument`, or raise :class:`InputError`."""
    text = read_text(path)
    if not text.strip():
        raise InputError([Problem(_("the file is empty"), path, 1)])
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        data, lines = quick_load(text, MAX_DEPTH)
    except Declined:
        data, lines = _load_named(text, path)
    if data is None:
        raise InputError([Problem(_("the file holds only comments: no fields at all"), path, 1)])
    return YamlDocument(path=path, data=data, lines=lines, sha256=sha)


def _load_named(text: str, path: Path) -> tuple[Any, dict[Loc, int]]:
    """A file the quick reader declined, read the ways that name each problem with its line
    (:mod:`pairing_planner.instance.yaml_files.yaml_quick`)."""
    try:
        if _fast_path_safe(text):
            return _load_fast(text, path)
        return _load_checked(text, path)
    except MarkedYAMLError as exc:
        message, line = syntax_problem(exc, text)
        raise InputError([Problem(message, path, line)]) from None
    except (YAMLError, ValueError) as exc:
        raise InputError([Problem(_("YAML syntax: {problem}").format(problem=exc), path)]) from None


def load_mapping(path: Path) -> YamlDocument:
    """:func:`load_yaml` for a file whose top level must be a mapping of fields (an instance,
    a school calendar)."""
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        message = _("the file must be a mapping of fields (name: …)")
        raise InputError([Problem(message, doc.path, 1)])
    return doc


def _load_checked(text: str, path: Path) -> tuple[Any, dict[Loc, int]]:
    """The careful path: refuse aliases and deep nesting from the event stream, then compose
    with the round-trip loader (pure Python: about 30 s for a 3 MB province file)."""
    yaml = YAML(typ="rt")
    _refuse_aliases_and_depth(yaml.parse(text), path)
    tree = yaml.load(text)
    lines: dict[Loc, int] = {}
    _index_lines(tree, (), lines)
    return to_plain(tree), lines


def _fast_path_safe(text: str) -> bool:
    """Whether the C parser may read ``text``: it has no anchor or alias character at all,
    no flow nesting and no indentation deep enough to approach :data:`MAX_DEPTH`, and the
    C extension is installed. Anything else takes the careful path, which names the
    problem; a false alarm (an ``&`` inside a name) only costs time."""
    if "&" in text or "*" in text or not _has_c_parser():
        return False
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
    return deepest <= MAX_DEPTH and indent <= 2 * MAX_DEPTH


def _has_c_parser() -> bool:
    """True when ruamel.yaml.clib is installed (the safe loader then parses in C)."""
    return "clib" in YAML(typ="safe").Parser.__module__


def _load_fast(text: str, path: Path) -> tuple[Any, dict[Loc, int]]:
    """Compose with ruamel.yaml's C parser (YAML 1.2, as the careful path), then build the
    data and the line index in one walk that also refuses duplicate keys."""
    yaml = YAML(typ="safe")
    node = yaml.compose(text)
    if node is None:
        return None, {}
    return _walk(node, (), yaml.constructor, {}, path)


def _walk(
    node: Any, prefix: Loc, constructor: Any, lines: dict[Loc, int], path: Path
) -> tuple[Any, dict[Loc, int]]:
    if isinstance(node, MappingNode):
        found: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                message = _("YAML syntax: a key must be a plain word, not a list or a mapping")
                raise InputError([Problem(message, path, key_node.start_mark.line + 1)])
            key = to_plain(constructor.construct_object(key_node, deep=True))
            if key in found:
                message = _('YAML syntax: found duplicate key "{key}"').format(key=key)
                raise InputError([Problem(message, path, key_node.start_mark.line + 1)])
            lines[(*prefix, key)] = key_node.start_mark.line + 1
            found[key] = _walk(value_node, (*prefix, key), constructor, lines, path)[0]
        return found, lines
    if isinstance(node, SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            lines[(*prefix, i)] = item.start_mark.line + 1
            items.append(_walk(item, (*prefix, i), constructor, lines, path)[0])
        return items, lines
    try:
        return to_plain(constructor.construct_object(node, deep=True)), lines
    except ValueError as exc:
        message = _("cannot read the value {value!r}: {reason}").format(
            value=node.value, reason=exc
        )
        field = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in prefix).lstrip(".")
        raise InputError([Problem(message, path, node.start_mark.line + 1, field)]) from None


def _refuse_aliases_and_depth(events: Iterable[Event], path: Path) -> None:
    depth = 0
    for event in events:
        anchor = getattr(event, "anchor", None)
        if isinstance(event, AliasEvent) or anchor:
            line = event.start_mark.line + 1
            message = _(
                "YAML anchors and aliases (&, *) are not accepted; write values out in full"
            )
            raise InputError([Problem(message, path, line)])
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                message = _("nesting deeper than {n} levels is not accepted").format(n=MAX_DEPTH)
                raise InputError([Problem(message, path, line)])
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def to_plain(node: Any) -> Any:
    """ruamel's round-trip types as plain dict, list, str, int, float, bool and None."""
    if isinstance(node, dict):
        return {to_plain(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool):
        return bool(node)
    for kind in (str, int, float):
        if isinstance(node, kind):
            return kind(node)
    return node
