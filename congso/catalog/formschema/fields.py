# SPDX-License-Identifier: MIT
"""A form definition read as pages (question groups) of questions, in the active language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from congso.core.exceptions import InvalidInputError

from .definition import DEFAULT_MAX_LENGTH, DEFAULT_TEXTAREA_MAX_LENGTH, ordered_keys

#: Up to this many options an enum shows as radio buttons, more as a select list.
RADIO_MAX_OPTIONS = 5

#: HTML autocomplete tokens for the profile values a field is prefilled from.
PREFILL_AUTOCOMPLETE = {
    "citizen.full_name": "name",
    "citizen.date_of_birth": "bday",
    "citizen.phone": "tel",
    "citizen.email": "email",
    "citizen.address": "street-address",
    "organisation.name": "organization",
    "organisation.phone": "tel",
    "organisation.email": "email",
    "organisation.address": "street-address",
}
FORMAT_INPUT_TYPES = {"date": "date", "email": "email", "phone-vn": "tel"}
FORMAT_INPUTMODES = {"email": "email", "phone-vn": "tel", "citizen-id": "numeric"}


def in_english() -> bool:
    return (get_language() or "").startswith("en")


def localised(node: Mapping[str, Any], key: str) -> Any:
    """`title` → `x-title-en` when the active language is English and a translation exists.

    Works for title, description, x-enum-titles and x-pattern-message.
    """
    if in_english():
        english_key = f"{key}-en" if key.startswith("x-") else f"x-{key}-en"
        if node.get(english_key):
            return node[english_key]
    return node.get(key)


@dataclass(frozen=True)
class FormField:
    """One question: what the templates, the parser and the summary need to know."""

    key: str
    group_key: str
    title: str
    description: str
    kind: str  # JSON type: string, integer, number, boolean, array
    widget: str  # text, textarea, date, email, tel, number, select, radio, checkbox, checkboxes
    required: bool
    choices: tuple[tuple[str, str], ...]
    format: str
    max_length: int | None
    prefill: str
    autocomplete: str
    inputmode: str
    # The question's own definition; left out of ==/hash (a dict is not hashable).
    schema: Mapping[str, Any] = dataclass_field(compare=False, repr=False)

    @property
    def path(self) -> str:
        """The key of this question in `form_validate`'s errors: "group.field"."""
        return f"{self.group_key}.{self.key}"

    @property
    def name(self) -> str:
        """The name of the HTML input; posted values are read back by this name."""
        return self.path

    @property
    def html_id(self) -> str:
        return f"f-{self.group_key}-{self.key}"

    @property
    def input_type(self) -> str:
        """The type of an <input> (numbers use text + inputmode, as GOV.UK advises)."""
        return FORMAT_INPUT_TYPES.get(self.format, "text")

    def choice_title(self, value: object) -> str:
        return next((title for option, title in self.choices if option == value), str(value))


@dataclass(frozen=True)
class FormGroup:
    """A question group: one page of the online form."""

    key: str
    title: str
    description: str
    fields: tuple[FormField, ...]

    def field(self, key: str) -> FormField | None:
        return next((field for field in self.fields if field.key == key), None)


def _choices(node: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    values = node.get("enum") or []
    titles = localised(node, "x-enum-titles") or values
    return tuple((str(value), str(title)) for value, title in zip(values, titles, strict=False))


def _widget(field: Mapping[str, Any]) -> str:
    kind = field.get("type")
    if kind == "boolean":
        return "checkbox"
    if kind == "array":
        return "checkboxes"
    if kind in ("integer", "number"):
        return "number"
    if "enum" in field:
        default = "radio" if len(field["enum"]) <= RADIO_MAX_OPTIONS else "select"
        return str(field.get("x-widget", default))
    if field.get("x-widget") == "textarea":
        return "textarea"
    return FORMAT_INPUT_TYPES.get(str(field.get("format", "")), "text")


def _max_length(field: Mapping[str, Any], widget: str) -> int | None:
    if field.get("type") != "string" or "enum" in field or field.get("format") == "date":
        return None
    default = DEFAULT_TEXTAREA_MAX_LENGTH if widget == "textarea" else DEFAULT_MAX_LENGTH
    return int(field.get("maxLength", default))


def _inputmode(field: Mapping[str, Any]) -> str:
    kind = field.get("type")
    if kind == "integer":
        return "numeric"
    if kind == "number":
        return "decimal"
    return FORMAT_INPUTMODES.get(str(field.get("format", "")), "")


def form_field(group_key: str, key: str, field: Mapping[str, Any], *, required: bool) -> FormField:
    widget = _widget(field)
    prefill = str(field.get("x-prefill", ""))
    choices_node = field.get("items", {}) if field.get("type") == "array" else field
    return FormField(
        key=key,
        group_key=group_key,
        title=str(localised(field, "title") or key),
        description=str(localised(field, "description") or ""),
        kind=str(field.get("type")),
        widget=widget,
        # A declaration to tick (boolean with const true) must be answered like a required one.
        required=required or field.get("const") is True,
        choices=_choices(choices_node),
        format=str(field.get("format", "")),
        max_length=_max_length(field, widget),
        prefill=prefill,
        autocomplete=str(field.get("x-autocomplete") or PREFILL_AUTOCOMPLETE.get(prefill, "")),
        inputmode=_inputmode(field),
        schema=field,
    )


def _group(key: str, node: Mapping[str, Any]) -> FormGroup:
    required = set(node.get("required") or ())
    properties = node.get("properties") or {}
    return FormGroup(
        key=key,
        title=str(localised(node, "title") or key),
        description=str(localised(node, "description") or ""),
        fields=tuple(
            form_field(key, name, properties[name], required=name in required)
            for name in ordered_keys(node)
        ),
    )


def form_groups(schema: Mapping[str, Any]) -> list[FormGroup]:
    """The pages of the form in order, with titles in the active language."""
    groups = schema.get("properties") or {}
    return [_group(key, groups[key]) for key in ordered_keys(schema)]


def form_group(schema: Mapping[str, Any], group_key: str) -> FormGroup:
    """One page of the form; InvalidInputError when the form has no such group."""
    groups = schema.get("properties") or {}
    node = groups.get(group_key) if isinstance(group_key, str) else None
    if not isinstance(node, Mapping):
        raise InvalidInputError(
            _("This form has no question group %(group)s.") % {"group": group_key}
        )
    return _group(group_key, node)


def field_for_path(schema: Mapping[str, Any], path: list[Any]) -> FormField | None:
    """The question at ["group", "field", …] in a form's data, if the form has it."""
    if len(path) < 2:
        return None
    groups = schema.get("properties") or {}
    group = groups.get(path[0])
    if not isinstance(group, Mapping):
        return None
    field = (group.get("properties") or {}).get(path[1])
    if not isinstance(field, Mapping):
        return None
    required = path[1] in (group.get("required") or ())
    return form_field(str(path[0]), str(path[1]), field, required=required)


def group_title(schema: Mapping[str, Any], key: str) -> str:
    group = (schema.get("properties") or {}).get(key)
    return str(localised(group, "title") or key) if isinstance(group, Mapping) else key
