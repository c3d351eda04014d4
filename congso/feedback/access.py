# SPDX-License-Identifier: MIT
"""Who may do what with field reports, and the officers' page decorator.

The decorator is the back office's rule (a signed-in officer whose session passed the TOTP
check, switch CONGSO_OFFICER_REQUIRE_OTP), written against accounts so that this app does
not import the back office, which sits above it. Coordinators (the operations centre) hold
the permission feedback.coordinate_field_reports; hotline operators
feedback.take_hotline_calls; an agency's officers handle the reports assigned to it.
"""

from __future__ import annotations

from typing import Any

from congso.accounts.access import officer_page_guard
from congso.accounts.selectors import officer_agencies_for

COORDINATE = "feedback.coordinate_field_reports"
HOTLINE = "feedback.take_hotline_calls"


def is_coordinator(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(COORDINATE))


def may_take_calls(user: Any) -> bool:
    return bool(user and user.is_authenticated and (user.has_perm(HOTLINE) or is_coordinator(user)))


def handling_agency_ids(user: Any) -> set[int]:
    return set(officer_agencies_for(user=user).values_list("pk", flat=True))


def may_handle(user: Any, agency_id: int | None) -> bool:
    """Coordinators handle every report; an officer those of his agencies."""
    if is_coordinator(user):
        return True
    return agency_id is not None and agency_id in handling_agency_ids(user)


# The back office's rule, letting coordinators in too (they may hold no agency role).
officer_page = officer_page_guard(also_allow=is_coordinator)
