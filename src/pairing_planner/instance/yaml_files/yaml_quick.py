"""The quick reader of a valid YAML file: libyaml's C parser (ruamel.yaml.clib) streams its
events, and one loop builds the plain data and the line of every key and item from them.

Why: composing nodes and constructing values through ruamel.yaml's Python resolver and
constructor took 7–9 s for the Shandong preset's 3.3 MB (issue 31), where reading the same
schools from tables took under one. The events alone cost a fraction of that; plain scalars
are resolved here with ruamel.yaml's own YAML 1.2 patterns, so a value reads as it always
did. Anything past plain block YAML (an anchor, alias, tag or directive, a second document,
a duplicate or non-scalar key, nesting past the depth limit, a value that does not
construct, a syntax error) is *declined*: the caller then reads the file the careful way,
which names the problem with its line exactly as before. Declining never reports anything.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML, events, main
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import implicit_resolvers

CParser: Any = getattr(main, "CParser", None)
"""libyaml's parser, from ruamel.yaml.clib; None without the C extension (then every file is
declined)."""

Loc = tuple[str | int, ...]
"""A path into the document, as pydantic reports error locations."""

_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
"""YAML 1.2's implicit types by a plain scalar's first character, as ruamel.yaml's resolver
holds them (the empty string: the empty scalar)."""
for _versions, _tag, _pattern, _firsts in implicit_resolvers:
    if (1, 2) in _versions:
        for _first in _firsts:
            _RESOLVERS.setdefault(_first, []).append(
                (_tag, re.compile(_pattern.pattern, _pattern.flags))
            )

_PLAIN_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")
_PLAIN_INT = re.compile(r"-?[1-9][0-9]*|0")
_BOOLS = {"true": True, "false": False}
"""Values built here without ruamel.yaml's constructor (the plain forms of numbers, bools and
null); every other form (hex, octal, timestamps, ``.inf``…) goes through it, so each reads as
it always did."""
_DECLINED_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
"""Implicit types the old path built as special keys (``<<``, ``=``): read the careful way."""


def implicit_type(value: str) -> str | None:
    """The type a plain scalar ``value`` takes in YAML 1.2 (``tag:yaml.org,2002:int``…), as
    ruamel.yaml resolves it; None for a string."""
    for tag, pattern in _RESOLVERS.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return None


class Declined(Exception):
    """The file is not plain block YAML of one document: read it the careful way."""


def quick_load(text: str, max_depth: int) -> tuple[Any, dict[Loc, int]]:
    """``text``'s data as plain dict, list, str, int, float, bool and None, and the 1-based
    line of every key and item; raises :class:`Declined` for anything else."""
    if CParser is None:
        raise Declined
    try:
        return _Builder(max_depth).build(CParser(text))
    except (YAMLError, ValueError):
        raise Declined from None


class _Builder:
    """One pass over the parser's events; containers open on a stack."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.constructor = YAML(typ="safe").constructor
        self.lines: dict[Loc, int] = {}

    def build(self, parser: Any) -> tuple[Any, dict[Loc, int]]:
        get_event = parser.get_event
        lines = self.lines
        stack: list[tuple[Any, Loc, Any]] = []
        root: Any = None
        current: Any = None
        path: Loc = ()
        key: Any = None
        keyed = False
        documents = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is events.ScalarEvent:
                value = self.scalar(event)
                if type(current) is dict:
                    if not keyed:
                        if value in current:
                            raise Declined
                        key, keyed = value, True
                        lines[(*path, key)] = event.start_mark.line + 1
                        continue
                    current[key] = value
                    keyed = False
                elif type(current) is list:
                    lines[(*path, len(current))] = event.start_mark.line + 1
                    current.append(value)
                else:
                    root = value
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                if event.anchor or event.ctag is not None or len(stack) >= self.max_depth:
                    raise Declined
                opened: Any = {} if kind is events.MappingStartEvent else []
                if type(current) is dict:
                    if not keyed:
                        raise Declined
                    current[key] = opened
                    inner: Loc = (*path, key)
                    keyed = False
                elif type(current) is list:
                    inner = (*path, len(current))
                    lines[inner] = event.start_mark.line + 1
                    current.append(opened)
                else:
                    root, inner = opened, ()
                stack.append((current, path, key))
                current, path = opened, inner
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                current, path, key = stack.pop()
            elif kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1 or event.version or event.tags:
                    raise Declined
            elif kind is events.StreamEndEvent:
                return root, lines
            elif kind is not events.StreamStartEvent and kind is not events.DocumentEndEvent:
                raise Declined

    def scalar(self, event: Any) -> Any:
        """A scalar's value as ruamel.yaml's safe loader (YAML 1.2) builds it."""
        if event.anchor or event.ctag is not None:
            raise Declined
        value: str = event.value
        if not event.implicit[0]:
            return value
        tag = implicit_type(value)
        return value if tag is None else self.typed(tag, value, event)

    def typed(self, tag: str, value: str, event: Any) -> Any:
        if tag == "tag:yaml.org,2002:float" and _PLAIN_FLOAT.fullmatch(value):
            return float(value)
        if tag == "tag:yaml.org,2002:int" and _PLAIN_INT.fullmatch(value):
            return int(value)
        if tag == "tag:yaml.org,2002:bool":
            return _BOOLS[value.lower()]
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag in _DECLINED_TAGS:
            raise Declined
        node = ScalarNode(tag, value, event.start_mark, event.end_mark)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (YAMLError, ValueError, TypeError, OverflowError):
            raise Declined from None
