# SPDX-License-Identifier: MIT
"""Coordinates: validation, the reporting area, distances and the grid behind bbox queries.

Why a grid and not a spatial index: SQLite and PostgreSQL without PostGIS both index
B-trees only. Each report stores the number of the 0.01° cell it lies in (about 1.1 km).
A small box is read cell by cell over a partial index on (grid_cell, created_at, id, lat,
lon, …): each cell's newest rows come off the index already in order, the exact lat/lon
test is made on the index entry, and the cells are merged (selectors.py). A box of more
than MAX_MERGE_CELLS cells covers a large part of the province, so a newest-first scan of
the (created_at, id, lat, lon, …) index finds its first page quickly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import FieldReportInvalidError, LocationOutsideAreaError

CELL_DEGREES = 0.01
CELLS_PER_ROW = 36_000  # 360° / 0.01°
MAX_MERGE_CELLS = 100  # beyond this, filter on lat/lon over the newest-first index
EARTH_RADIUS_M = 6_371_008.8
VIET_NAM = (102.14, 8.18, 109.47, 23.39)  # min_lon, min_lat, max_lon, max_lat (with islands out)


def _row(lat: float) -> int:
    return min(17_999, math.floor((lat + 90.0) / CELL_DEGREES))


def _col(lon: float) -> int:
    return min(CELLS_PER_ROW - 1, math.floor((lon + 180.0) / CELL_DEGREES))


def grid_cell(lat: float, lon: float) -> int:
    return _row(lat) * CELLS_PER_ROW + _col(lon)


def cell_bounds(cell: int) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a grid cell: every point grid_cell() puts
    in it lies within these bounds, edges included."""
    row, col = divmod(cell, CELLS_PER_ROW)
    min_lat, min_lon = row * CELL_DEGREES - 90.0, col * CELL_DEGREES - 180.0
    return (min_lon, min_lat, min_lon + CELL_DEGREES, min_lat + CELL_DEGREES)


@dataclass(frozen=True)
class Bbox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon

    def cells(self, limit: int = MAX_MERGE_CELLS) -> list[tuple[int, float]] | None:
        """The grid cells the box touches with the share of each cell it covers (0–1),
        or None when there are more than `limit`."""
        rows = range(_row(self.min_lat), _row(self.max_lat) + 1)
        cols = range(_col(self.min_lon), _col(self.max_lon) + 1)
        if len(rows) * len(cols) > limit:
            return None
        lat_share = {r: self._share(r, self.min_lat + 90.0, self.max_lat + 90.0) for r in rows}
        lon_share = {c: self._share(c, self.min_lon + 180.0, self.max_lon + 180.0) for c in cols}
        return [(r * CELLS_PER_ROW + c, lat_share[r] * lon_share[c]) for r in rows for c in cols]

    @staticmethod
    def _share(index: int, low: float, high: float) -> float:
        start = index * CELL_DEGREES
        covered = min(high, start + CELL_DEGREES) - max(low, start)
        return max(0.0, min(1.0, covered / CELL_DEGREES))

    def as_text(self) -> str:
        return f"{self.min_lon},{self.min_lat},{self.max_lon},{self.max_lat}"


def parse_coordinate(raw: object, *, name: str, low: float, high: float) -> float:
    try:
        value = float(str(raw).strip().replace(",", "."))
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or not low <= value <= high:
        raise FieldReportInvalidError(
            _("%(name)s must be a number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high},
            field=name,
        )
    return value


def parse_point(raw_lat: object, raw_lon: object) -> tuple[float, float]:
    """(lat, lon) from text, or FieldReportInvalidError naming the bad one."""
    lat = parse_coordinate(raw_lat, name="lat", low=-90, high=90)
    lon = parse_coordinate(raw_lon, name="long", low=-180, high=180)
    return round(lat, 7), round(lon, 7)


def parse_bbox(raw: str) -> Bbox:
    """ "min_lon,min_lat,max_lon,max_lat" (the order of GeoJSON and most map libraries)."""
    parts = raw.split(",")
    if len(parts) != 4:
        raise FieldReportInvalidError(
            _("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat."), field="bbox"
        )
    min_lon = parse_coordinate(parts[0], name="bbox", low=-180, high=180)
    min_lat = parse_coordinate(parts[1], name="bbox", low=-90, high=90)
    max_lon = parse_coordinate(parts[2], name="bbox", low=-180, high=180)
    max_lat = parse_coordinate(parts[3], name="bbox", low=-90, high=90)
    if min_lon > max_lon or min_lat > max_lat:
        raise FieldReportInvalidError(
            _("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat."), field="bbox"
        )
    return Bbox(min_lon, min_lat, max_lon, max_lat)


def reporting_area() -> Bbox:
    """CONGSO_FIELD_REPORT_AREA, else the extent of imported boundaries, else Viet Nam."""
    raw = getattr(settings, "CONGSO_FIELD_REPORT_AREA", "")
    if raw:
        return parse_bbox(raw)
    from .boundaries import boundary_index

    extent = boundary_index().extent
    return extent if extent is not None else Bbox(*VIET_NAM)


def ensure_in_area(lat: float, lon: float) -> None:
    """Refuse a point outside CONGSO_FIELD_REPORT_AREA, else outside the imported province
    boundary (or the communes' extent), else outside Viet Nam."""
    raw = getattr(settings, "CONGSO_FIELD_REPORT_AREA", "")
    if raw:
        inside = parse_bbox(raw).contains(lat, lon)
    else:
        from .boundaries import boundary_index

        known = boundary_index().in_area(lat, lon)
        inside = Bbox(*VIET_NAM).contains(lat, lon) if known is None else known
    if not inside:
        raise LocationOutsideAreaError(
            _("This place is outside the province: reports can only be made for places in it."),
            field="lat",
        )


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(lat: float, lon: float, metres: float) -> Bbox:
    dlat = metres / 111_320.0
    dlon = metres / (111_320.0 * max(0.01, math.cos(math.radians(lat))))
    return Bbox(lon - dlon, lat - dlat, lon + dlon, lat + dlat)
