# SPDX-License-Identifier: MIT
"""Officers' pages are guarded by `officer_required`, which lives in accounts so that the apps
below the back office (payments, national sync, field reports) can guard their own pages."""

from congso.accounts.access import officer_required

__all__ = ["officer_required"]
