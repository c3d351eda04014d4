# SPDX-License-Identifier: MIT
"""What a form definition may contain, and the check run when an administrator saves one.

The subset is documented in `congso.catalog.formschema`. `schema_check` lists every problem
it finds (so an administrator can fix them all at once); `schema_validate_definition` raises
`InvalidInputError` carrying that list.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from congso.core.exceptions import InvalidInputError

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

FIELD_TYPES = ("string", "integer", "number", "boolean", "array")
FORMATS = ("date", "email", "phone-vn", "citizen-id", "tax-code")
STRING_WIDGETS = ("textarea", "radio", "select")

#: Where `x-prefill` may take a value from; all of them give a string.
PREFILL_SOURCES = (
    "citizen.full_name",
    "citizen.citizen_id",
    "citizen.date_of_birth",
    "citizen.phone",
    "citizen.email",
    "citizen.address",
    "organisation.name",
    "organisation.tax_code",
    "organisation.phone",
    "organisation.email",
    "organisation.address",
)
#: Prefill sources that only fit a field of one format.
PREFILL_FORMATS = {"citizen.date_of_birth": "date"}

#: maxLength given to a text field that declares none: every string is bounded.
DEFAULT_MAX_LENGTH = 255
DEFAULT_TEXTAREA_MAX_LENGTH = 4000
HARD_MAX_LENGTH = 20_000
MAX_PATTERN_LENGTH = 500
MAX_TITLE_LENGTH = 1000
MAX_DESCRIPTION_LENGTH = 2000
MAX_GROUPS = 30
MAX_FIELDS = 300
MAX_OPTIONS = 200
#: Integers and numbers: at most this many digits before the decimal separator.
MAX_NUMBER_DIGITS = 15

ROOT_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "type",
        "title",
        "x-title-en",
        "description",
        "x-description-en",
        "properties",
        "required",
        "additionalProperties",
        "x-order",
    }
)
GROUP_KEYWORDS = ROOT_KEYWORDS - {"$schema", "$id"}
COMMON_FIELD_KEYWORDS = frozenset(
    {
        "type",
        "title",
        "x-title-en",
        "description",
        "x-description-en",
        "x-prefill",
        "x-autocomplete",
    }
)
TYPE_KEYWORDS: dict[str, frozenset[str]] = {
    "string": frozenset(
        {
            "maxLength",
            "minLength",
            "pattern",
            "x-pattern-message",
            "x-pattern-message-en",
            "format",
            "enum",
            "x-enum-titles",
            "x-enum-titles-en",
            "x-widget",
            "x-date-min",
            "x-date-max",
        }
    ),
    "integer": frozenset({"minimum", "maximum"}),
    "number": frozenset({"minimum", "maximum"}),
    "boolean": frozenset({"const"}),
    "array": frozenset({"items", "minItems", "maxItems", "uniqueItems"}),
}
ITEM_KEYWORDS = frozenset({"type", "enum", "x-enum-titles", "x-enum-titles-en"})
AUTOCOMPLETE_RE = re.compile(r"^[a-z0-9 -]{1,60}$")


#: Records one problem: add(where, message).
Add = Callable[[str, str], None]


def _problem_list(problems: list[str]) -> Add:
    def add(where: str, message: str) -> None:
        problems.append(f"{where}: {message}")

    return add


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_text(value: object, limit: int) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= limit


def _unknown_keywords(node: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    return sorted(set(node) - set(allowed))


def _check_texts(node: Mapping[str, Any], where: str, add: Add, *, title_required: bool) -> None:
    for key in ("title", "x-title-en"):
        if key in node and not _is_text(node[key], MAX_TITLE_LENGTH):
            add(where, _("“%(keyword)s” must be a non-empty text.") % {"keyword": key})
    if title_required and "title" not in node:
        add(where, _("a title is required."))
    for key in ("description", "x-description-en"):
        if key in node and not (
            isinstance(node[key], str) and len(node[key]) <= MAX_DESCRIPTION_LENGTH
        ):
            add(where, _("“%(keyword)s” must be a text.") % {"keyword": key})


def _check_order(node: Mapping[str, Any], where: str, add: Add) -> None:
    """`x-order`, when given, lists every property exactly once."""
    if "x-order" not in node:
        return
    order = node["x-order"]
    properties = node.get("properties")
    keys = list(properties) if isinstance(properties, Mapping) else []
    if (
        not isinstance(order, list)
        or len(order) != len(set(map(str, order)))
        or sorted(map(str, order)) != sorted(keys)
    ):
        add(where, _("“x-order” must list every property exactly once."))


def _check_required(node: Mapping[str, Any], where: str, add: Add) -> None:
    if "required" not in node:
        return
    required = node["required"]
    properties = node.get("properties")
    keys = set(properties) if isinstance(properties, Mapping) else set()
    if not isinstance(required, list) or len(required) != len(set(map(str, required))):
        add(where, _("“required” must be a list of property names without repeats."))
        return
    for name in required:
        if name not in keys:
            add(where, _("“required” names %(name)s, which is not a property.") % {"name": name})


def _check_object(
    node: Mapping[str, Any], where: str, add: Add, *, allowed: frozenset[str]
) -> Mapping[str, Any] | None:
    """Checks shared by the root and the groups; returns the properties when usable."""
    for keyword in _unknown_keywords(node, allowed):
        add(where, _("the keyword “%(keyword)s” is not supported.") % {"keyword": keyword})
    if node.get("type") != "object":
        add(where, _("“type” must be “object”."))
    if node.get("additionalProperties", False) is not False:
        add(where, _("“additionalProperties” may only be false."))
    _check_order(node, where, add)
    _check_required(node, where, add)
    properties = node.get("properties")
    if not isinstance(properties, Mapping) or not properties:
        add(where, _("“properties” must be an object with at least one property."))
        return None
    for key in properties:
        if not isinstance(key, str) or not KEY_RE.match(key):
            add(
                where,
                _(
                    "the key %(key)s must start with a lower-case letter and hold only "
                    "lower-case letters, digits and underscores (at most 40)."
                )
                % {"key": repr(key)},
            )
    return properties


def _check_choices(node: Mapping[str, Any], where: str, add: Add) -> None:
    enum = node.get("enum")
    if not (
        isinstance(enum, list)
        and 0 < len(enum) <= MAX_OPTIONS
        and all(_is_text(value, 200) for value in enum)
        and len(enum) == len(set(enum))
    ):
        add(
            where,
            _("“enum” must list between 1 and %(max)d different non-empty texts.")
            % {"max": MAX_OPTIONS},
        )
        return
    for key in ("x-enum-titles", "x-enum-titles-en"):
        titles = node.get(key)
        if titles is None:
            continue
        if not (
            isinstance(titles, list)
            and len(titles) == len(enum)
            and all(_is_text(title, MAX_TITLE_LENGTH) for title in titles)
        ):
            add(
                where,
                _("“%(keyword)s” must give one non-empty title per value of “enum”.")
                % {"keyword": key},
            )


def _check_length(field: Mapping[str, Any], where: str, add: Add) -> None:
    max_length = field.get("maxLength")
    min_length = field.get("minLength")
    if max_length is not None and not (_is_int(max_length) and 1 <= max_length <= HARD_MAX_LENGTH):
        add(
            where,
            _("“maxLength” must be a whole number from 1 to %(max)d.") % {"max": HARD_MAX_LENGTH},
        )
    if min_length is not None and not (_is_int(min_length) and min_length >= 0):
        add(where, _("“minLength” must be a whole number, 0 or more."))
    elif _is_int(min_length) and _is_int(max_length) and min_length > max_length:
        add(where, _("“minLength” is larger than “maxLength”."))


def _check_pattern(field: Mapping[str, Any], where: str, add: Add) -> None:
    pattern = field.get("pattern")
    if pattern is None:
        for key in ("x-pattern-message", "x-pattern-message-en"):
            if key in field:
                add(where, _("“%(keyword)s” needs a “pattern”.") % {"keyword": key})
        return
    if not isinstance(pattern, str) or not 0 < len(pattern) <= MAX_PATTERN_LENGTH:
        add(
            where,
            _("“pattern” must be a text of at most %(max)d characters.")
            % {"max": MAX_PATTERN_LENGTH},
        )
        return
    try:
        re.compile(pattern)
    except re.error as exc:
        add(where, _("“pattern” is not a valid regular expression: %(error)s") % {"error": exc})
    for key in ("x-pattern-message", "x-pattern-message-en"):
        if key in field and not _is_text(field[key], MAX_TITLE_LENGTH):
            add(where, _("“%(keyword)s” must be a non-empty text.") % {"keyword": key})


def _check_date_limits(field: Mapping[str, Any], where: str, add: Add) -> None:
    for key in ("x-date-min", "x-date-max"):
        if key not in field:
            continue
        if field.get("format") != "date":
            add(where, _("“%(keyword)s” needs “format”: “date”.") % {"keyword": key})
            continue
        value = field[key]
        if value == "today":
            continue
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            add(
                where,
                _("“%(keyword)s” must be “today” or a date written 2025-12-31.") % {"keyword": key},
            )


def _check_string(field: Mapping[str, Any], where: str, add: Add) -> None:
    _check_length(field, where, add)
    _check_pattern(field, where, add)
    _check_date_limits(field, where, add)
    fmt = field.get("format")
    if fmt is not None and fmt not in FORMATS:
        add(
            where,
            _("the format “%(format)s” is not supported; use one of: %(formats)s.")
            % {"format": fmt, "formats": ", ".join(FORMATS)},
        )
    widget = field.get("x-widget")
    if widget is not None and widget not in STRING_WIDGETS:
        add(where, _("“x-widget” must be textarea, radio or select."))
    if "enum" in field:
        _check_choices(field, where, add)
        if fmt is not None or widget == "textarea":
            add(where, _("a field with “enum” cannot also have a format or a textarea."))
        return
    if "x-enum-titles" in field or "x-enum-titles-en" in field:
        add(where, _("“x-enum-titles” needs “enum”."))
    if widget in ("radio", "select"):
        add(where, _("radio buttons and select lists need “enum”."))
    if widget == "textarea" and fmt is not None:
        add(where, _("a textarea cannot have a format."))


def _check_number(field: Mapping[str, Any], where: str, add: Add) -> None:
    check = _is_int if field["type"] == "integer" else _is_number
    limit = 10**MAX_NUMBER_DIGITS
    for key in ("minimum", "maximum"):
        if key in field and not (check(field[key]) and -limit < field[key] < limit):
            add(where, _("“%(keyword)s” must be a number of this field's type.") % {"keyword": key})
    low, high = field.get("minimum"), field.get("maximum")
    if _is_number(low) and _is_number(high) and low > high:
        add(where, _("“minimum” is larger than “maximum”."))


def _check_array(field: Mapping[str, Any], where: str, add: Add) -> None:
    items = field.get("items")
    if not isinstance(items, Mapping) or items.get("type") != "string" or "enum" not in items:
        add(where, _("a list must have “items” of type string with an “enum”."))
    else:
        for keyword in _unknown_keywords(items, ITEM_KEYWORDS):
            add(
                where,
                _("the keyword “%(keyword)s” is not supported in “items”.") % {"keyword": keyword},
            )
        _check_choices(items, where, add)
    for key in ("minItems", "maxItems"):
        if key in field and not (_is_int(field[key]) and field[key] >= 0):
            add(where, _("“%(keyword)s” must be a whole number, 0 or more.") % {"keyword": key})
    if field.get("uniqueItems", True) is not True:
        add(where, _("“uniqueItems” may only be true."))


def _check_prefill(field: Mapping[str, Any], where: str, add: Add) -> None:
    source = field.get("x-prefill")
    if source is None:
        return
    if source not in PREFILL_SOURCES:
        add(
            where,
            _("“x-prefill” must be one of: %(sources)s.") % {"sources": ", ".join(PREFILL_SOURCES)},
        )
        return
    if field.get("type") != "string" or "enum" in field:
        add(where, _("“x-prefill” is only for text fields without “enum”."))
    needed = PREFILL_FORMATS.get(source)
    if needed and field.get("format") != needed:
        add(
            where,
            _("“x-prefill”: %(source)s needs “format”: “%(format)s”.")
            % {"source": source, "format": needed},
        )


def _check_field(field: object, where: str, add: Add) -> None:
    if not isinstance(field, Mapping):
        add(where, _("a question must be an object."))
        return
    kind = field.get("type")
    if kind == "object":
        add(where, _("questions inside a question group cannot be groups themselves."))
        return
    if kind not in FIELD_TYPES:
        add(
            where,
            _("“type” must be one of: %(types)s.") % {"types": ", ".join(FIELD_TYPES)},
        )
        return
    allowed = COMMON_FIELD_KEYWORDS | TYPE_KEYWORDS[kind]
    for keyword in _unknown_keywords(field, allowed):
        add(where, _("the keyword “%(keyword)s” is not supported.") % {"keyword": keyword})
    _check_texts(field, where, add, title_required=True)
    autocomplete = field.get("x-autocomplete")
    if autocomplete is not None and not (
        isinstance(autocomplete, str) and AUTOCOMPLETE_RE.match(autocomplete)
    ):
        add(where, _("“x-autocomplete” must be an HTML autocomplete token."))
    if kind == "string":
        _check_string(field, where, add)
    elif kind in ("integer", "number"):
        _check_number(field, where, add)
    elif kind == "boolean":
        if field.get("const", True) is not True:
            add(where, _("“const” on a tick box may only be true (it must be ticked)."))
    else:
        _check_array(field, where, add)
    _check_prefill(field, where, add)


def _check_group(group: object, where: str, add: Add) -> int:
    """Check one question group; returns how many questions it has."""
    if not isinstance(group, Mapping):
        add(where, _("a question group must be an object."))
        return 0
    _check_texts(group, where, add, title_required=True)
    fields = _check_object(group, where, add, allowed=GROUP_KEYWORDS)
    if fields is None:
        return 0
    for key, field in fields.items():
        _check_field(field, f"{where}.{key}", add)
    return len(fields)


def schema_check(schema: object) -> list[str]:
    """Every problem with a form definition, as translated sentences ([] when it is fine)."""
    problems: list[str] = []
    add = _problem_list(problems)
    where = _("form")
    if not isinstance(schema, Mapping):
        add(where, _("the form definition must be a JSON object."))
        return problems
    _check_texts(schema, where, add, title_required=False)
    groups = _check_object(schema, where, add, allowed=ROOT_KEYWORDS)
    if groups is not None:
        if len(groups) > MAX_GROUPS:
            add(where, _("a form has at most %(max)d question groups.") % {"max": MAX_GROUPS})
        total = sum(_check_group(group, str(key), add) for key, group in groups.items())
        if total > MAX_FIELDS:
            add(where, _("a form has at most %(max)d questions.") % {"max": MAX_FIELDS})
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        path = "/".join(str(part) for part in exc.path) or where
        add(path, _("not valid JSON Schema: %(error)s") % {"error": exc.message})
    return problems


def schema_validate_definition(schema: object) -> None:
    """Raise InvalidInputError listing every problem, unless the definition is usable."""
    problems = schema_check(schema)
    if problems:
        raise InvalidInputError(
            _("The form definition cannot be used: %(problems)s")
            % {"problems": " ".join(problems)},
            extra={"problems": problems},
        )


def schema_with_order(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy with `x-order` written out at the root and in every group.

    PostgreSQL's jsonb does not keep the order of object keys, so a definition stored in a
    JSONField must carry its order explicitly. Call this on the definition as the
    administrator typed it, before saving it.
    """
    result = copy.deepcopy(dict(schema))
    groups = result.get("properties")
    if not isinstance(groups, dict):
        return result
    result.setdefault("x-order", list(groups))
    for group in groups.values():
        if isinstance(group, dict) and isinstance(group.get("properties"), dict):
            group.setdefault("x-order", list(group["properties"]))
    return result


def ordered_keys(node: Mapping[str, Any]) -> list[str]:
    """The property keys of a root or group node, in `x-order` when given."""
    properties = node.get("properties") or {}
    order = node.get("x-order")
    if isinstance(order, list) and sorted(order) == sorted(properties):
        return list(order)
    return list(properties)
