"""The name a chart's title gives an instance: the one the planner knows it by."""

from __future__ import annotations

from pairing_planner.instance.instance import Instance


def instance_title(instance: Instance) -> str:
    """The instance's title as its file, or the import that wrote it, gives it (支持菏泽教育
    发展结对帮扶 — 附件名单原样（21 所）); its id only when the title is empty. A chart headed
    "heze" named the file, not the program the planner runs (issue 30)."""
    return instance.data.title.strip() or instance.name
