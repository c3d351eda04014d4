# SPDX-License-Identifier: MIT
"""The map of communes on the operations view: each commune's boundary (or its centre when
only a centre is on file), coloured by its on-time rate.

Boundaries are those the field-report routing uses (administration → unit boundaries).
They are simplified to about 50 m and rounded to five decimals so that a province's
hundred-odd communes weigh tens of kilobytes on the page, not megabytes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shapely.geometry import mapping, shape

from congso.feedback.models import UnitBoundary

SIMPLIFY_DEGREES = 0.0005


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def _geometry(boundary: UnitBoundary) -> dict[str, Any]:
    if not boundary.geometry:
        return {"type": "Point", "coordinates": [boundary.centroid_lon, boundary.centroid_lat]}
    geom = shape(boundary.geometry)
    if geom.geom_type != "Point":
        geom = geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    plain = mapping(geom)
    return {"type": plain["type"], "coordinates": _rounded(plain["coordinates"])}


def commune_features(rows: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection for the communes in `rows` ({unit id: {name, received,
    on_time, url}}) that have a boundary or a centre on file."""
    features = []
    for boundary in UnitBoundary.objects.filter(unit_id__in=list(rows)).order_by("unit_id"):
        row = rows[boundary.unit_id]
        on_time = row["on_time"]
        features.append(
            {
                "type": "Feature",
                "geometry": _geometry(boundary),
                "properties": {
                    "name": row["name"],
                    "received": row["received"],
                    "on_time": float(on_time) if isinstance(on_time, Decimal) else on_time,
                    "url": row.get("url", ""),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
