# SPDX-License-Identifier: MIT
"""Unit boundaries: import a GeoJSON FeatureCollection, and find the unit at a point.

Each process keeps the boundaries as prepared shapely geometries in an STRtree, rebuilt
when the table changes: at once in the process that saved the change (import, admin, ORM
signals), within REFRESH_SECONDS in the others (count and latest `updated_at`, checked at
most every REFRESH_SECONDS), so routing a report costs no query for the polygons. Also
inside a transaction: the report's own transaction never changes boundaries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from shapely import STRtree, prepare
from shapely.errors import GEOSException
from shapely.geometry import Point, box, shape
from shapely.geometry.base import BaseGeometry

from congso.core.audit import audit_record
from congso.core.models import AdministrativeUnit, UnitLevel, UnitScheme

from .exceptions import FieldReportInvalidError
from .geo import Bbox, cell_bounds, distance_m, grid_cell
from .models import UnitBoundary

REFRESH_SECONDS = 5.0
MAX_FEATURES = 20_000


@dataclass(frozen=True)
class BoundaryImportResult:
    created: int
    updated: int
    skipped: list[str]


def _geometry(feature: dict[str, Any], index: int) -> BaseGeometry:
    try:
        geom = shape(feature["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError, GEOSException) as exc:
        raise FieldReportInvalidError(
            _("Feature %(n)s has no readable geometry.") % {"n": index}
        ) from exc
    if geom.geom_type not in ("Polygon", "MultiPolygon", "Point"):
        raise FieldReportInvalidError(
            _("Feature %(n)s is a %(kind)s: only polygons and points are accepted.")
            % {"n": index, "kind": geom.geom_type}
        )
    if geom.is_empty or (geom.geom_type != "Point" and not geom.is_valid):
        raise FieldReportInvalidError(_("Feature %(n)s has an invalid geometry.") % {"n": index})
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise FieldReportInvalidError(
            _("Feature %(n)s is not in WGS 84 longitude/latitude.") % {"n": index}
        )
    return geom


def _unit_code(feature: dict[str, Any], key: str) -> str:
    props = feature.get("properties") or {}
    return str(props.get(key, "")).strip()


@transaction.atomic
def unit_boundaries_import(
    *,
    collection: dict[str, Any],
    code_property: str = "code",
    source: str = "",
    is_demo: bool = False,
    actor: Any = None,
) -> BoundaryImportResult:
    """Create or replace the boundaries of current communes (and the province) by unit code.

    A feature whose code names no current unit is skipped and listed; a malformed one stops
    the whole import (nothing is written).
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise FieldReportInvalidError(_("The file is not a GeoJSON FeatureCollection."))
    features = collection.get("features")
    if not isinstance(features, list) or len(features) > MAX_FEATURES:
        raise FieldReportInvalidError(_("The FeatureCollection has no usable feature list."))
    units = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(
            scheme=UnitScheme.CURRENT, level__in=[UnitLevel.COMMUNE, UnitLevel.PROVINCE]
        )
    }
    created = updated = 0
    skipped: list[str] = []
    for index, feature in enumerate(features, start=1):
        code = _unit_code(feature if isinstance(feature, dict) else {}, code_property)
        geom = _geometry(feature, index)
        unit = units.get(code)
        if unit is None:
            skipped.append(code or f"#{index}")
            continue
        centre = geom if geom.geom_type == "Point" else geom.representative_point()
        polygon = None if geom.geom_type == "Point" else geom
        minx, miny, maxx, maxy = polygon.bounds if polygon is not None else (None,) * 4
        _row, was_created = UnitBoundary.objects.update_or_create(
            unit=unit,
            defaults={
                "geometry": polygon.__geo_interface__ if polygon is not None else None,
                "min_lon": minx,
                "min_lat": miny,
                "max_lon": maxx,
                "max_lat": maxy,
                "centroid_lat": centre.y,
                "centroid_lon": centre.x,
                "source": source[:255],
                "is_demo": is_demo,
            },
        )
        created += was_created
        updated += not was_created
    audit_record(
        actor=actor,
        action="feedback.boundaries_import",
        changes={"created": created, "updated": updated, "skipped": skipped[:100]},
        note=source[:200],
    )
    boundaries_changed()
    return BoundaryImportResult(created, updated, skipped)


_UNDECIDED = object()  # a grid cell some boundary crosses: its points are tested one by one
_MISSING = object()


@dataclass
class _Index:
    """The boundaries of one process, and what each grid cell (geo.grid_cell, ~1 km) is
    known to answer for every point in it.

    Most cells lie wholly inside one commune and the province: their answer is read from
    a dict after the first point. Only points in the cells a boundary crosses go through
    GEOS, whose calls also let the worker's other thread take the GIL in the middle of a
    request. Only cells within the extent are kept, so the dicts stay bounded (a province
    is some 10,000 cells).
    """

    unit_ids: list[int]
    polygons: list[BaseGeometry]
    tree: STRtree | None
    centres: list[tuple[int, float, float]]  # (unit_id, lat, lon) of communes
    extent: Bbox | None
    province: BaseGeometry | None = None
    _inside: dict[int, Any] = field(default_factory=dict)  # cell -> bool | _UNDECIDED
    _unit: dict[int, Any] = field(default_factory=dict)  # cell -> unit id | None | _UNDECIDED

    def in_area(self, lat: float, lon: float) -> bool | None:
        """Inside the province's polygon (or the communes' extent); None when none is known."""
        if self.extent is not None and not self.extent.contains(lat, lon):
            return False
        if self.province is not None:
            known = self._kept(self._inside, grid_cell(lat, lon), self._cell_inside)
            if known is _UNDECIDED:
                return bool(self.province.covers(Point(lon, lat)))
            return bool(known)
        return None if self.extent is None else True

    def unit_at(self, lat: float, lon: float) -> int | None:
        """The unit whose polygon holds the point (the smallest, if several do)."""
        if self.tree is None:
            return None
        known = _UNDECIDED
        if self.extent is not None and self.extent.contains(lat, lon):  # a bounded dict
            known = self._kept(self._unit, grid_cell(lat, lon), self._cell_unit)
        if known is not _UNDECIDED:
            return known
        point = Point(lon, lat)
        hits = [int(i) for i in self.tree.query(point) if self.polygons[int(i)].contains(point)]
        return self._smallest(hits)

    @staticmethod
    def _kept(answers: dict[int, Any], cell: int, decide: Callable[[int], Any]) -> Any:
        """The answer kept for `cell`, decided on its first point."""
        known = answers.get(cell, _MISSING)
        if known is _MISSING:
            known = answers[cell] = decide(cell)
        return known

    def _smallest(self, hits: list[int]) -> int | None:
        if not hits:
            return None
        return self.unit_ids[min(hits, key=lambda i: self.polygons[i].area)]

    def _cell_inside(self, cell: int) -> Any:
        square = cell_box(cell)
        if self.province.contains_properly(square):
            return True
        return False if self.province.disjoint(square) else _UNDECIDED

    def _cell_unit(self, cell: int) -> Any:
        """The answer of unit_at for every point of `cell`, when each polygon near it holds
        the whole cell in its interior or none of it; _UNDECIDED otherwise."""
        square = cell_box(cell)
        hits = []
        for i in (int(i) for i in self.tree.query(square)):
            if self.polygons[i].contains_properly(square):
                hits.append(i)
            elif not self.polygons[i].disjoint(square):
                return _UNDECIDED
        return self._smallest(hits)

    def nearest_unit(self, lat: float, lon: float) -> int | None:
        if not self.centres:
            return None
        return min(self.centres, key=lambda c: distance_m(lat, lon, c[1], c[2]))[0]


def _build() -> _Index:
    rows = UnitBoundary.objects.select_related("unit").only(
        "geometry", "centroid_lat", "centroid_lon", "unit__level", "unit_id"
    )
    unit_ids: list[int] = []
    polygons: list[BaseGeometry] = []
    centres: list[tuple[int, float, float]] = []
    province: BaseGeometry | None = None
    for row in rows:
        if row.unit.level == UnitLevel.PROVINCE and row.geometry:
            province = shape(row.geometry)
            prepare(province)
        if row.unit.level == UnitLevel.COMMUNE:
            centres.append((row.unit_id, row.centroid_lat, row.centroid_lon))
        if row.geometry and row.unit.level == UnitLevel.COMMUNE:
            geom = shape(row.geometry)
            prepare(geom)
            unit_ids.append(row.unit_id)
            polygons.append(geom)
    tree = STRtree(polygons) if polygons else None
    extent = None
    if province is not None:
        extent = Bbox(*province.bounds)
    elif polygons:
        bounds = [g.bounds for g in polygons]
        extent = Bbox(
            min(b[0] for b in bounds),
            min(b[1] for b in bounds),
            max(b[2] for b in bounds),
            max(b[3] for b in bounds),
        )
    return _Index(unit_ids, polygons, tree, centres, extent, province)


class _Holder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: _Index | None = None
        self._fingerprint: tuple[Any, ...] | None = None
        self._checked = 0.0

    def get(self) -> _Index:
        now = time.monotonic()
        if self._index is not None and now - self._checked < REFRESH_SECONDS:
            return self._index
        stats = UnitBoundary.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        fingerprint = (stats["n"], stats["last"])
        with self._lock:
            if self._index is None or fingerprint != self._fingerprint:
                self._index = _build()
                self._fingerprint = fingerprint
            self._checked = now
            return self._index

    def clear(self) -> None:
        with self._lock:
            self._index = None
            self._fingerprint = None


_holder = _Holder()


def boundary_index() -> _Index:
    return _holder.get()


def boundaries_changed() -> None:
    _holder.clear()


def _on_boundary_saved(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """A boundary saved or deleted through the ORM: rebuild in this process now and after
    commit (a rebuild in between may have read the rows before the change)."""
    _holder.clear()
    transaction.on_commit(boundaries_changed, using=using)


for _signal in (post_save, post_delete):
    _signal.connect(_on_boundary_saved, sender=UnitBoundary, dispatch_uid="feedback-boundaries")


def cell_box(cell: int) -> BaseGeometry:
    """The grid cell's square, a little larger than its bounds so that floating-point
    rounding of the edges never leaves a point of the cell outside it."""
    min_lon, min_lat, max_lon, max_lat = cell_bounds(cell)
    margin = 1e-9
    return box(min_lon - margin, min_lat - margin, max_lon + margin, max_lat + margin)
