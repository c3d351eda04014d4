# SPDX-License-Identifier: MIT
"""Reads about people and roles. Every function takes the person it is about."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from congso.core.models import Agency

from .models import (
    Citizen,
    OfficerRole,
    OfficerRoleKind,
    Organisation,
    Representation,
    local_day_end,
)


def active_on_q(day: date | None = None, *, prefix: str = "") -> Q:
    """Rows of an effective-dated grant that are active on `day` (today by default).

    A grant revoked at any time during `day` is not active on it: permission checks stay
    on the safe side.
    """
    day = day or timezone.localdate()
    return (
        Q(**{f"{prefix}valid_from__lte": day})
        & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day}))
        & (
            Q(**{f"{prefix}revoked_at__isnull": True})
            | Q(**{f"{prefix}revoked_at__gte": local_day_end(day)})
        )
    )


def _is_anonymous(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return user is None or not user.is_authenticated


# --- officers ------------------------------------------------------------------------------------


def officer_roles_for(
    *, user: AbstractBaseUser | AnonymousUser | None, on: date | None = None
) -> QuerySet[OfficerRole]:
    """The roles `user` holds on day `on` (today by default), with their agencies."""
    if _is_anonymous(user) or not user.is_active:
        return OfficerRole.objects.none()
    return (
        OfficerRole.objects.filter(active_on_q(on), user=user)
        .select_related("agency")
        .order_by("agency__code", "role")
    )


def officer_agencies_for(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    role: OfficerRoleKind | str | Iterable[OfficerRoleKind | str] | None = None,
    on: date | None = None,
) -> QuerySet[Agency]:
    """The agencies where `user` holds `role` (any role when None; one role or several)."""
    roles = officer_roles_for(user=user, on=on)
    if role is not None:
        wanted = [role] if isinstance(role, str) else list(role)
        roles = roles.filter(role__in=wanted)
    return Agency.objects.filter(pk__in=roles.values("agency_id")).order_by("code")


def user_has_role(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    agency: Agency,
    role: OfficerRoleKind | str,
    on: date | None = None,
) -> bool:
    """Whether `user` holds exactly `role` in `agency` today (or on `on`)."""
    return officer_roles_for(user=user, on=on).filter(agency=agency, role=role).exists()


def user_is_officer(*, user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether `user` holds any role in any agency today."""
    return officer_roles_for(user=user).exists()


# --- citizens and organisations -------------------------------------------------------------------


def citizen_for_user(*, user: AbstractBaseUser | AnonymousUser | None) -> Citizen | None:
    """The citizen record linked to this login, if any."""
    if _is_anonymous(user):
        return None
    return Citizen.objects.filter(user=user).select_related("address_unit").first()


def representations_for(*, citizen: Citizen, on: date | None = None) -> QuerySet[Representation]:
    """Whom `citizen` may act for on `on` (today by default): organisations and citizens."""
    return (
        Representation.objects.filter(active_on_q(on), representative=citizen)
        .select_related("for_organisation", "for_citizen")
        .order_by("kind", "pk")
    )


def representation_get_active(
    *,
    representative: Citizen,
    organisation: Organisation | None = None,
    citizen: Citizen | None = None,
    on: date | None = None,
) -> Representation | None:
    """The representation that lets `representative` act for this principal, if any.

    A dossier filed on someone's behalf records the row this returns. A legal
    representative is preferred over an authorisation when both exist.
    """
    if (organisation is None) == (citizen is None):
        raise ValueError("Give exactly one of organisation or citizen.")
    principal = Q(for_organisation=organisation) if organisation else Q(for_citizen=citizen)
    rows = representations_for(citizen=representative, on=on).filter(principal)
    legal = rows.filter(kind="legal_representative").first()
    return legal or rows.first()
