"""Versions recorded in every result, so a plan can be reproduced."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def tool_version() -> str:
    """This tool's installed version."""
    try:
        return version("pairing-planner")
    except PackageNotFoundError:
        return "0+unknown"


def ortools_version() -> str:
    """The OR-Tools version that solved."""
    return version("ortools")
