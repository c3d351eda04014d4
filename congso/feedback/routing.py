# SPDX-License-Identifier: MIT
"""Who answers a report: the commune at its point, then the agency for its category there.

Commune: the unit whose imported boundary contains the point, else the unit whose centre is
nearest. Agency: the route for (category, commune), else the category's default agency,
else the commune's People's Committee. With none of these the report waits for a
coordinator (status "received").
"""

from __future__ import annotations

from dataclasses import dataclass

from congso.core.models import AdministrativeUnit, Agency, AgencyKind

from .boundaries import boundary_index
from .models import Category, CategoryRoute
from .selectors import recent


@dataclass(frozen=True)
class Route:
    unit_id: int | None
    agency_id: int | None
    how: str  # "boundary", "nearest" or "none": how the commune was found


def commune_at(lat: float, lon: float) -> tuple[int | None, str]:
    index = boundary_index()
    unit_id = index.unit_at(lat, lon)
    if unit_id is not None:
        return unit_id, "boundary"
    unit_id = index.nearest_unit(lat, lon)
    return (unit_id, "nearest") if unit_id is not None else (None, "none")


def agency_for(*, category: Category, unit_id: int | None) -> int | None:
    """Routes and committees change rarely: each answer is kept per process for a few
    seconds (selectors.recent), so routing a report usually costs no query."""
    if unit_id is not None:
        routed = recent.get(
            ("route", category.pk, unit_id),
            lambda: (
                CategoryRoute.objects.filter(category=category, unit_id=unit_id)
                .values_list("agency_id", flat=True)
                .first()
            ),
            keep_none=True,
        )
        if routed is not None:
            return routed  # type: ignore[no-any-return]
    if category.default_agency_id is not None:
        return category.default_agency_id
    if unit_id is None:
        return None
    return recent.get(  # type: ignore[no-any-return]
        ("committee", unit_id),
        lambda: (
            Agency.objects.filter(unit_id=unit_id, kind=AgencyKind.COMMUNE_COMMITTEE, valid_to=None)
            .order_by("code")
            .values_list("pk", flat=True)
            .first()
        ),
        keep_none=True,
    )


def agency_name(agency_id: int) -> str:
    """The agency's name for a report's timeline, kept per process like the routes."""
    return (
        recent.get(  # type: ignore[no-any-return]
            ("agency_name", agency_id),
            lambda: Agency.objects.filter(pk=agency_id).values_list("name", flat=True).first(),
            keep_none=False,
        )
        or ""
    )


def route_report(*, category: Category, lat: float, lon: float) -> Route:
    unit_id, how = commune_at(lat, lon)
    return Route(unit_id, agency_for(category=category, unit_id=unit_id), how)


def unit_name(unit_id: int | None) -> str:
    if unit_id is None:
        return ""
    return (
        AdministrativeUnit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or ""
    )
