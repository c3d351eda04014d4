# SPDX-License-Identifier: MIT
"""Turn pydantic/ninja validation errors into a short, translated 400 body."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def validation_error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    fields = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", [])]
        if loc[:1] == ["body"]:
            loc = loc[2:]  # "body", then the view's parameter name, then the field
        elif loc[:1] in (["query"], ["path"], ["header"]):
            loc = loc[1:]
        fields.append({"field": ".".join(loc) or None, "reason": _describe(error)})
    return {"code": "invalid_input", "detail": _("The request is not valid."), "errors": fields}


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Too long: at most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind in ("int_parsing", "int_type"):
        return _("Must be a whole number.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("The number is out of range.")
    if kind == "literal_error":
        return _("Not one of the allowed values: %(values)s.") % {"values": ctx.get("expected")}
    return _("The value is not valid.")
