# SPDX-License-Identifier: MIT
"""Answers filled in for the applicant: from the profile, then from an earlier dossier.

What the applicant already typed is never replaced. A value from an earlier dossier is
only reused when it still passes the question's checks (the form may have changed since).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .fields import form_groups
from .validation import field_value_is_valid

if TYPE_CHECKING:
    from congso.accounts.models import Citizen, Organisation

EMPTY: tuple[object, ...] = (None, "", [])


def _address(holder: object) -> str:
    """House number and street, then the commune and the unit above it, comma-separated."""
    parts = [str(getattr(holder, "address_line", "") or "").strip()]
    unit = getattr(holder, "address_unit", None)
    if unit is not None:
        parts.append(str(unit.name))
        parent = getattr(unit, "parent", None)
        if parent is not None:
            parts.append(str(parent.name))
    return ", ".join(part for part in parts if part)


def profile_value(
    source: str, *, citizen: Citizen | None, organisation: Organisation | None
) -> str | None:
    """The value of an `x-prefill` source, as the form stores it (dates ISO, phones +84…)."""
    owner_name, _dot, attribute = source.partition(".")
    owner = {"citizen": citizen, "organisation": organisation}.get(owner_name)
    if owner is None:
        return None
    if attribute == "address":
        return _address(owner) or None
    value = getattr(owner, attribute, None)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value not in EMPTY else None


def form_prefill(
    schema: Mapping[str, Any],
    *,
    citizen: Citizen | None = None,
    organisation: Organisation | None = None,
    previous: Mapping[str, Any] | None = None,
    current: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The form's answers with the blanks filled in: {group: {field: value}}.

    For each question `current` (what the applicant typed, e.g. the saved draft) does
    not answer: the profile value named by `x-prefill`, else the answer in `previous` (the
    applicant's last dossier for the same procedure). A question present in `current`,
    even with an empty value, is left alone.
    """
    result: dict[str, Any] = copy.deepcopy(dict(current)) if isinstance(current, Mapping) else {}
    earlier = previous if isinstance(previous, Mapping) else {}
    for group in form_groups(schema):
        answers = result.get(group.key, {})
        if not isinstance(answers, dict):
            continue  # not ours to repair: form_validate reports it
        before = earlier.get(group.key)
        before = before if isinstance(before, Mapping) else {}
        for field in group.fields:
            if field.key in answers:
                continue
            value: object = None
            if field.prefill:
                value = profile_value(field.prefill, citizen=citizen, organisation=organisation)
            if value in EMPTY and field.key in before:
                candidate = before[field.key]
                value = candidate if field_value_is_valid(field, candidate) else None
            if value not in EMPTY:
                answers[field.key] = copy.deepcopy(value)
        if answers:
            result[group.key] = answers
    return result
