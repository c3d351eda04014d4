# SPDX-License-Identifier: MIT
"""One page of a form as accessible HTML, and the whole form as a review summary.

The HTML is fields only: the calling view supplies the <form method="post" novalidate>,
the CSRF token and the buttons. Each input has a <label> (a <fieldset> + <legend> for a
group of radio buttons or tick boxes), its hint and error linked through
aria-describedby, aria-invalid when in error and aria-required when required. No HTML
`required` or `pattern` attribute is written: the browser's own messages would come in
its language rather than the page's, and a JavaScript regular expression does not always
mean what the server's Python one means. The server's check is the one that counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .fields import FormField, form_group, form_groups

TEMPLATE_DIR = "catalog/formschema"
#: Widgets drawn by their own template; every other one is an <input>.
WIDGET_TEMPLATES = ("textarea", "select", "radio", "checkbox", "checkboxes")
NOT_GIVEN = "—"


def _shown(field: FormField, value: object) -> str:
    """The text an input shows for a stored value (phones in the national form 0…)."""
    if value is None or isinstance(value, list | dict):
        return ""
    text = str(value)
    if field.format == "phone-vn" and text.startswith("+84"):
        return "0" + text[3:]
    return text


def _options(field: FormField, value: object) -> list[dict[str, Any]]:
    if isinstance(value, list):
        chosen = {str(item) for item in value}
    else:
        chosen = set() if value is None else {str(value)}
    return [
        {
            "value": option,
            "label": title,
            "id": f"{field.html_id}-{index}",
            "checked": option in chosen,
        }
        for index, (option, title) in enumerate(field.choices, start=1)
    ]


def bound_field(field: FormField, value: object, error: str) -> dict[str, Any]:
    """What a widget template needs: the field, its value as shown, ids and error."""
    hint_id = f"{field.html_id}-hint" if field.description else ""
    error_id = f"{field.html_id}-error" if error else ""
    options = _options(field, value) if field.choices else []
    focus_id = options[0]["id"] if field.widget in ("radio", "checkboxes") else field.html_id
    widget = field.widget if field.widget in WIDGET_TEMPLATES else "input"
    return {
        "field": field,
        "template": f"{TEMPLATE_DIR}/widgets/{widget}.html",
        "value": _shown(field, value),
        "checked": value is True,
        "options": options,
        "error": error,
        "hint_id": hint_id,
        "error_id": error_id,
        "describedby": " ".join(part for part in (hint_id, error_id) if part),
        "focus_id": focus_id,
    }


def render_group(
    schema: Mapping[str, Any],
    group_key: str,
    values: Mapping[str, Any] | None,
    errors: Mapping[str, str] | None,
    *,
    request: HttpRequest | None = None,
) -> SafeString:
    """The questions of one page as HTML, with an error summary on top when in error.

    `values` are this group's answers ({field: value}); `errors` may be keyed by field
    (from `form_parse_group`) or by "group.field" (from `form_validate`).
    """
    group = form_group(schema, group_key)
    values = values or {}
    errors = errors or {}
    bound = [
        bound_field(
            field,
            values.get(field.key),
            errors.get(field.key) or errors.get(field.path) or "",
        )
        for field in group.fields
    ]
    context = {
        "group": group,
        "fields": bound,
        "error_list": [item for item in bound if item["error"]],
        "has_required": any(field.required for field in group.fields),
    }
    return SafeString(render_to_string(f"{TEMPLATE_DIR}/group.html", context, request=request))


def display_value(field: FormField, value: object) -> str:
    """An answer as a reader sees it: choice titles, dd/mm/yyyy dates, Có/Không."""
    if value is None or value == "" or value == []:
        return NOT_GIVEN
    if field.kind == "boolean":
        return _("Yes") if value is True else _("No")
    if isinstance(value, list):
        return ", ".join(field.choice_title(item) for item in value)
    if field.choices:
        return field.choice_title(value)
    if field.kind in ("integer", "number") and isinstance(value, int | float):
        return str(number_format(value, force_grouping=True))
    if field.format == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return _shown(field, value)


def form_summary(
    schema: Mapping[str, Any], data: Mapping[str, Any] | None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group title, [(question title, answer as shown)])] for the review page and the PDF.

    Every question is listed, an unanswered one as "—"; keys the form does not define
    are left out.
    """
    data = data or {}
    summary = []
    for group in form_groups(schema):
        answers = data.get(group.key)
        answers = answers if isinstance(answers, Mapping) else {}
        rows = [
            (field.title, display_value(field, answers.get(field.key))) for field in group.fields
        ]
        summary.append((group.title, rows))
    return summary
