"""Great-circle distance between seats or schools."""

from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), the usual choice for great-circle distances."""


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km: accurate to ~0.5 % for the distances of one province."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def great_circle_km_many(
    lat1: NDArray[np.float64],
    lon1: NDArray[np.float64],
    lat2: NDArray[np.float64],
    lon2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """:func:`great_circle_km` of many point pairs at once, element by element, by the same
    formula: a province's quarter of a million candidate pairs in milliseconds rather than a
    second of Python calls."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a))))


SLACK = 1e-9
"""On the unit sphere, far more than float error in a chord and far less than a metre."""


class NearIndex:
    """Which points lie within a distance of a place: a k-d tree (scipy) over points on the
    unit sphere, whose straight-line (chord) distance grows with the great-circle distance,
    so one ball query replaces a distance to every point. A sprawling county of 5,000
    recipients and 2,600 helpers would otherwise cost 13 million haversines."""

    def __init__(self, ids: list[str], points: list[tuple[float, float]]) -> None:
        from scipy.spatial import cKDTree

        self._ids = np.array(ids, dtype=object)
        self._points = points
        self._sphere = (
            _on_sphere_many(np.array(points, dtype=float)) if points else np.zeros((1, 3))
        )
        self._tree = cKDTree(self._sphere)

    def within(self, lat: float, lon: float, km: float) -> frozenset[str]:
        """Ids of the points whose great-circle distance (:func:`great_circle_km`) is at most
        ``km``, exactly: the ball query is a hair wider, and only the points in that hair are
        measured again (one in thousands, where measuring each cost a second per province)."""
        if not len(self._ids):
            return frozenset()
        chord = 2 * math.sin(min(math.pi / 2, km / (2 * EARTH_RADIUS_KM)))
        centre = np.array(_on_sphere(lat, lon))
        found = np.array(self._tree.query_ball_point(centre, chord + SLACK), dtype=np.intp)
        apart = np.linalg.norm(self._sphere[found] - centre, axis=1)
        sure = found[apart < chord - SLACK]
        unsure = [
            i
            for i in found[apart >= chord - SLACK].tolist()
            if great_circle_km(lat, lon, *self._points[i]) <= km
        ]
        return frozenset(self._ids[sure].tolist()) | frozenset(self._ids[unsure].tolist())

    def within_many(self, points: list[tuple[float, float]], km: float) -> list[frozenset[str]]:
        """:meth:`within` for each of many points, in one query of the tree and array
        operations over all hits (a call per recipient cost 100 µs, a second per province)."""
        if not len(self._ids) or not points:
            return [frozenset() for _point in points]
        owner, flat = self.near_pairs(np.array(points, dtype=float), km)
        chord = 2 * math.sin(min(math.pi / 2, km / (2 * EARTH_RADIUS_KM)))
        centres = _on_sphere_many(np.array(points, dtype=float))
        apart = np.linalg.norm(self._sphere[flat] - centres[owner], axis=1)
        keep = apart < chord - SLACK
        for at in np.flatnonzero(~keep).tolist():
            lat, lon = points[owner[at]]
            keep[at] = great_circle_km(lat, lon, *self._points[flat[at]]) <= km
        ids = self._ids[flat[keep]].tolist()
        ends = np.cumsum(np.bincount(owner[keep], minlength=len(points))).tolist()
        return [frozenset(ids[a:b]) for a, b in zip([0, *ends[:-1]], ends, strict=True)]

    def near_pairs(
        self, points: NDArray[np.float64], km: float
    ) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Every (point's row, indexed point's position) a hair wider than ``km`` apart at
        most, as two arrays grouped by point, positions ascending within each: one query of
        the tree for rows of (lat, lon), for a caller that measures the pairs itself
        (candidate pairs, issue 31)."""
        if not len(self._ids) or not len(points):
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        chord = 2 * math.sin(min(math.pi / 2, km / (2 * EARTH_RADIUS_KM)))
        hits = self._tree.query_ball_point(
            _on_sphere_many(points), chord + SLACK, return_sorted=True
        )
        counts = np.fromiter(map(len, hits), dtype=np.intp, count=len(hits))
        flat = np.fromiter(
            itertools.chain.from_iterable(hits), dtype=np.intp, count=int(counts.sum())
        )
        return np.repeat(np.arange(len(points), dtype=np.intp), counts), flat

    def nearest(self, lat: float, lon: float, k: int) -> list[str]:
        """Ids of the ``k`` points nearest a place (all of them when there are fewer)."""
        k = min(k, len(self._ids))
        if k == 0:
            return []
        _dist, found = self._tree.query(_on_sphere(lat, lon), k=[*range(1, k + 1)])
        return [self._ids[i] for i in found]


def _on_sphere(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def _on_sphere_many(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """:func:`_on_sphere` of rows of (lat, lon) degrees."""
    phi, lam = np.radians(points[:, 0]), np.radians(points[:, 1])
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))
