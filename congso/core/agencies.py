# SPDX-License-Identifier: MIT
"""Writes to the agency table (mã định danh cơ quan, DOMAIN §2.1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .exceptions import InvalidInputError
from .models import AdministrativeUnit, Agency, UnitScheme

_FIELDS = ("name", "name_en", "short_name", "kind", "level", "address", "phone", "email", "is_demo")


@transaction.atomic
def agencies_upsert(
    *, rows: Iterable[dict[str, Any]], scheme: str = UnitScheme.CURRENT
) -> tuple[int, int]:
    """Create or update agencies from plain rows (`code`, `unit_code`, `parent_code`, …).

    Every row is validated (13-character code, known unit, known parent) before anything is
    kept: one bad row rolls the whole batch back. Returns (created, updated); rows
    that change nothing are not counted.
    """
    rows = list(rows)
    units = {
        (unit.code): unit
        for unit in AdministrativeUnit.objects.filter(
            scheme=scheme, code__in={r["unit_code"] for r in rows}
        )
    }
    created = updated = 0
    saved: dict[str, Agency] = {}
    for row in rows:
        unit = units.get(row["unit_code"])
        if unit is None:
            raise InvalidInputError(
                _("Agency %(code)s: unknown administrative unit %(unit)s.")
                % {"code": row["code"], "unit": row["unit_code"]}
            )
        agency = Agency.objects.filter(code=row["code"]).first() or Agency(code=row["code"])
        is_new = agency.pk is None
        before = [getattr(agency, name) for name in _FIELDS] + [agency.unit_id]
        for name in _FIELDS:
            if name in row:
                setattr(agency, name, row[name])
        agency.unit = unit
        if not is_new and before == [getattr(agency, name) for name in _FIELDS] + [unit.pk]:
            saved[agency.code] = agency
            continue
        try:
            agency.full_clean(exclude=["parent"])
        except ValidationError as exc:
            raise InvalidInputError(
                _("Agency %(code)s is not valid: %(errors)s")
                % {"code": row["code"], "errors": "; ".join(exc.messages)}
            ) from exc
        agency.save()
        saved[agency.code] = agency
        created += is_new
        updated += not is_new
    for row in rows:
        parent_code = row.get("parent_code") or ""
        if not parent_code:
            continue
        parent = saved.get(parent_code) or Agency.objects.filter(code=parent_code).first()
        if parent is None:
            raise InvalidInputError(
                _("Agency %(code)s: unknown parent agency %(parent)s.")
                % {"code": row["code"], "parent": parent_code}
            )
        Agency.objects.filter(pk=saved[row["code"]].pk).exclude(parent=parent).update(parent=parent)
    return created, updated
