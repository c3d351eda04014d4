# SPDX-License-Identifier: MIT
"""Answers kept per grid cell must be the answers of the polygons themselves, for points
deep inside a commune, near its edges, on cell edges and outside the province."""

from __future__ import annotations

import random

from shapely import STRtree, prepare
from shapely.geometry import Point, Polygon

from congso.feedback.boundaries import _Index
from congso.feedback.geo import CELL_DEGREES, Bbox

# A slanted province; two communes with slanted shared edge; a small ward inside the first
# (overlapping polygons: the smallest holding the point wins); a hole in the second.
PROVINCE = Polygon([(107.00, 16.00), (107.30, 16.02), (107.28, 16.31), (106.99, 16.27)])
WEST = Polygon([(107.00, 16.00), (107.153, 16.011), (107.137, 16.291), (106.99, 16.27)])
EAST = Polygon(
    [(107.153, 16.011), (107.30, 16.02), (107.28, 16.31), (107.137, 16.291)],
    holes=[[(107.20, 16.10), (107.23, 16.10), (107.23, 16.13), (107.20, 16.13)]],
)
WARD = Polygon([(107.031, 16.052), (107.077, 16.049), (107.072, 16.097), (107.035, 16.091)])
UNITS = [11, 22, 33]


def _index() -> _Index:
    polygons = [WEST, EAST, WARD]
    for geometry in (*polygons, PROVINCE):
        prepare(geometry)
    return _Index(UNITS, polygons, STRtree(polygons), [], Bbox(*PROVINCE.bounds), PROVINCE)


def _exact_unit(lat: float, lon: float) -> int | None:
    point = Point(lon, lat)
    hits = [i for i, polygon in enumerate([WEST, EAST, WARD]) if polygon.contains(point)]
    return UNITS[min(hits, key=lambda i: [WEST, EAST, WARD][i].area)] if hits else None


def _points() -> list[tuple[float, float]]:
    rng = random.Random(5)
    min_lon, min_lat, max_lon, max_lat = PROVINCE.bounds
    points = [
        (rng.uniform(min_lat - 0.02, max_lat + 0.02), rng.uniform(min_lon - 0.02, max_lon + 0.02))
        for _ in range(6000)
    ]
    # On cell edges and corners, and a hair either side of them.
    for _ in range(1500):
        row = rng.randrange(int(min_lat / CELL_DEGREES), int(max_lat / CELL_DEGREES) + 1)
        col = rng.randrange(int(min_lon / CELL_DEGREES), int(max_lon / CELL_DEGREES) + 1)
        nudge = rng.choice((0.0, 1e-12, -1e-12, 1e-7, -1e-7))
        points.append((row * CELL_DEGREES + nudge, col * CELL_DEGREES + rng.random() * 0.01))
        points.append((row * CELL_DEGREES + rng.random() * 0.01, col * CELL_DEGREES + nudge))
        points.append((row * CELL_DEGREES + nudge, col * CELL_DEGREES - nudge))
    # On and beside the polygons' own edges.
    for polygon in (PROVINCE, WEST, EAST, WARD):
        for t in range(400):
            edge = polygon.exterior.interpolate(t / 400, normalized=True)
            for dx, dy in ((0, 0), (1e-9, 0), (0, -1e-9), (3e-4, 3e-4), (-3e-4, -3e-4)):
                points.append((edge.y + dy, edge.x + dx))
    return points


def test_cell_answers_are_the_polygons_answers():
    index = _index()
    points = _points()
    for _round in range(2):  # the second round reads the kept cells
        for lat, lon in points:
            assert index.in_area(lat, lon) == PROVINCE.covers(Point(lon, lat)), (lat, lon)
            assert index.unit_at(lat, lon) == _exact_unit(lat, lon), (lat, lon)
    decided = [answer for answer in index._unit.values() if isinstance(answer, int | None)]
    assert len(decided) > len(index._unit) / 2  # most cells answered without GEOS


def test_cells_kept_stay_within_the_province_extent():
    index = _index()
    for lat in (8.5, 12.0, 20.0, 23.0):
        for lon in (102.5, 105.0, 109.0):
            assert index.in_area(lat, lon) is False
            assert index.unit_at(lat, lon) is None
    assert not index._unit and not index._inside
