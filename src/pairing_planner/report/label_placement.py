"""Labels beside points that overlap neither each other nor the points, inside their axes.

Each label tries positions around its point, nearest first, and takes the first whose box
(measured in the font it is drawn in) is free and inside the axes; further out it is joined
to its point by a leader line. A label that must show (a city) tries farther than one that
may be left out (a county), which is dropped rather than drawn over another: a map whose
county names overlap tells nothing (issue 30: the Heze map's knot of labels). A label that
must show and finds no free spot is never dropped: it takes the spot inside the axes that
overlaps the least (a city's name vanishing from the map would say the city is not there).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.patheffects import withStroke
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

DIRECTIONS = ((1, 1), (1, -1), (-1, 1), (-1, -1), (1, 0), (-1, 0), (0, 1), (0, -1))
"""Where a label goes from its point, in this order: the corners, then the sides."""
NEAR = (4.0, 10.0)
"""Offsets (points) at which a label sits beside its point without a leader line."""
FAR = (22.0, 36.0, 52.0)
"""Offsets (points) a label that must show, or may be led, also tries, joined to its point by
a line."""
POINT_RADIUS = 4.0
"""Half the side of the box (pixels) around each point that labels keep clear of."""


HALO = [withStroke(linewidth=2.5, foreground="white")]
"""A white edge, so that a label stays legible where it crosses a pair's line."""


@dataclass(frozen=True)
class Label:
    """A text to place beside the point (``x``, ``y``) in data coordinates."""

    text: str
    x: float
    y: float
    size: float
    colour: str
    required: bool
    led: bool = False
    """Whether it may sit far from its point, joined by a line, though it may be left out
    (a school's name: read beside its line or not at all)."""


def place_labels(
    axes: Axes, renderer: RendererBase, labels: list[Label], taken: list[Bbox]
) -> list[Annotation]:
    """Place ``labels`` in order on ``axes``, clear of each other, of every label's point and
    of the boxes in ``taken`` (pixels); returns those placed."""
    frame = axes.get_window_extent(renderer).padded(-2)
    points = [axes.transData.transform((label.x, label.y)) for label in labels]
    occupied = list(taken) + [
        Bbox.from_extents(x - POINT_RADIUS, y - POINT_RADIUS, x + POINT_RADIUS, y + POINT_RADIUS)
        for x, y in points
    ]
    placed = []
    for label in labels:
        text = _spot(axes, renderer, label, frame, occupied)
        if text is not None:
            occupied.append(_box(text, renderer))
            placed.append(text)
    return placed


def _spot(
    axes: Axes, renderer: RendererBase, label: Label, frame: Bbox, occupied: list[Bbox]
) -> Annotation | None:
    """The first free spot inside ``frame``; when none is, the least crowded one for a label
    that must show (inside the frame before outside, then the least area overlapped), and
    None for one that may be left out."""
    best: tuple[tuple[bool, float], Annotation] | None = None
    for distance in NEAR + (FAR if label.required or label.led else ()):
        for dx, dy in DIRECTIONS:
            text = _annotation(axes, label, dx * distance, dy * distance, leader=distance in FAR)
            box = _box(text, renderer)
            crowding = (not _inside(box, frame), _overlap(box, occupied))
            if crowding == (False, 0.0):
                if best is not None:
                    best[1].remove()
                return text
            if label.required and (best is None or crowding < best[0]):
                if best is not None:
                    best[1].remove()
                best = (crowding, text)
            else:
                text.remove()
    return None if best is None else best[1]


def _annotation(axes: Axes, label: Label, dx: float, dy: float, *, leader: bool) -> Annotation:
    return axes.annotate(
        label.text,
        (label.x, label.y),
        xytext=(dx, dy),
        textcoords="offset points",
        ha="left" if dx > 0 else "right" if dx < 0 else "center",
        va="bottom" if dy > 0 else "top" if dy < 0 else "center",
        fontsize=label.size,
        color=label.colour,
        arrowprops={"arrowstyle": "-", "color": "grey", "linewidth": 0.5} if leader else None,
        zorder=4,
        path_effects=HALO,
    )


def _box(text: Annotation, renderer: RendererBase) -> Bbox:
    """The box of the words alone (an annotation's own extent takes in its leader line)."""
    text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def _overlap(box: Bbox, occupied: list[Bbox]) -> float:
    """The area (square pixels) of ``box`` that the boxes in ``occupied`` cover, summed."""
    shared = (Bbox.intersection(box, other) for other in occupied)
    return sum(s.width * s.height for s in shared if s is not None)


def _inside(box: Bbox, frame: Bbox) -> bool:
    return bool(
        box.x0 >= frame.x0 and box.y0 >= frame.y0 and box.x1 <= frame.x1 and box.y1 <= frame.y1
    )
