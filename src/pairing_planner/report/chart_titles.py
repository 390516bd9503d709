"""A chart's title: the name it gives an instance (the one the planner knows it by), and a
title wrapped to fit its figure."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text as MplText
from rich.cells import cell_len
from rich.text import Text as RichText

from pairing_planner.instance.index.instance import Instance
from pairing_planner.report.line_breaks import wrapped_lines


def instance_title(instance: Instance) -> str:
    """The instance's title as its file, or the import that wrote it, gives it (支持菏泽教育
    发展结对帮扶 — 附件名单原样（21 所）); its id only when the title is empty. A chart headed
    "heze" named the file, not the program the planner runs (issue 30)."""
    return instance.data.title.strip() or instance.name


TITLE_ROOM = 0.9
"""The share of the figure's width a title may take: an axes' title is centred on its axes,
which a y-axis label pushes off the figure's middle."""


def fit_title(title: MplText) -> None:
    """``title`` (an axes' title or a figure's) wrapped where a line may break, names whole
    (report/line_breaks), until it fits the figure's width: an imported instance's title names
    its files, and the distance chart's ran off the right edge (…2016.xlsx 中的学 and 校 cut,
    issue 30). Measured with the title's own font, as drawn."""
    figure = title.get_figure(root=True)
    assert isinstance(figure, Figure)
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    text = title.get_text()
    room = TITLE_ROOM * figure.bbox.width
    width = title.get_window_extent(renderer).width
    cells = cell_len(text)
    while width > room and cells > 1:
        cells = max(1, int(cells * room / width) - 1)
        lines = wrapped_lines(RichText(text), cells)
        title.set_text("\n".join(line.plain for line in lines))
        width = title.get_window_extent(renderer).width
