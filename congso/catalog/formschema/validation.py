# SPDX-License-Identifier: MIT
"""Validation of form data against its definition, with one clear message per question.

jsonschema does the checking; this module turns each of its errors into a translated
sentence that names the question by its title, keyed "group.field". The congso formats
(phone-vn, citizen-id, tax-code) reuse `congso.accounts.validators`, so a citizen ID is
checked the same way in a form as on the citizen's profile.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError as SchemaValidationError

from congso.accounts.validators import (
    PHONE_PATTERN,
    citizen_id_info,
    normalise_phone,
    validate_tax_code,
)

from .definition import (
    DEFAULT_MAX_LENGTH,
    DEFAULT_TEXTAREA_MAX_LENGTH,
    HARD_MAX_LENGTH,
    ordered_keys,
)
from .fields import FormField, field_for_path, localised

#: Key of an error about the form data as a whole (not one question).
NON_FIELD_KEY = "__all__"
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: When one answer breaks several rules, the message of the most basic one is shown.
ERROR_PRIORITY = {
    name: rank
    for rank, name in enumerate(
        ("type", "required", "additionalProperties", "maxLength", "format", "enum", "minLength")
    )
}


# --- formats -----------------------------------------------------------------------------------

format_checker = FormatChecker(formats=())


@format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE_RE.match(value):
        raise ValueError(value)
    dt.date.fromisoformat(value)
    return True


@format_checker.checks("email", raises=ValidationError)
def _is_email(value: object) -> bool:
    if isinstance(value, str):
        validate_email(value)
    return True


@format_checker.checks("phone-vn", raises=ValidationError)
def _is_phone(value: object) -> bool:
    """Stored in +84 form (as on the profile); the parser converts what people type."""
    if isinstance(value, str):
        if not re.fullmatch(PHONE_PATTERN, value):
            raise ValidationError(_("Not in the +84 form."), code="phone_form")
        normalise_phone(value, mobile_only=False)
    return True


@format_checker.checks("citizen-id", raises=ValidationError)
def _is_citizen_id(value: object) -> bool:
    if isinstance(value, str) and citizen_id_info(value).number != value:
        raise ValidationError(_("A citizen ID has exactly 12 digits."), code="citizen_id")
    return True


@format_checker.checks("tax-code", raises=ValidationError)
def _is_tax_code(value: object) -> bool:
    if isinstance(value, str) and validate_tax_code(value) != value:
        raise ValidationError(_("Not in compact form."), code="tax_code_form")
    return True


# --- congso keywords ---------------------------------------------------------------------------


def date_limit(value: str) -> dt.date:
    return timezone.localdate() if value == "today" else dt.date.fromisoformat(value)


def _as_date(instance: object) -> dt.date | None:
    if not isinstance(instance, str) or not DATE_RE.match(instance):
        return None
    try:
        return dt.date.fromisoformat(instance)
    except ValueError:
        return None


def _date_min(validator: Any, limit: str, instance: object, schema: Any) -> Iterator[Any]:
    day = _as_date(instance)
    if day is not None and day < date_limit(limit):
        yield SchemaValidationError(f"{instance} is before {limit}")


def _date_max(validator: Any, limit: str, instance: object, schema: Any) -> Iterator[Any]:
    day = _as_date(instance)
    if day is not None and day > date_limit(limit):
        yield SchemaValidationError(f"{instance} is after {limit}")


def _bounded_pattern(
    validator: Any, pattern: str, instance: object, schema: Mapping[str, Any]
) -> Iterator[Any]:
    """`pattern`, skipped for text already over its maxLength (no regex on huge input)."""
    if not isinstance(instance, str) or len(instance) > schema.get("maxLength", HARD_MAX_LENGTH):
        return
    if not re.search(pattern, instance):
        yield SchemaValidationError(f"{instance!r} does not match {pattern!r}")


FormValidator = validators.extend(
    Draft202012Validator,
    {"x-date-min": _date_min, "x-date-max": _date_max, "pattern": _bounded_pattern},
)


def strict_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The definition as it is enforced: no unknown keys, every text bounded, groups required."""
    strict = copy.deepcopy(dict(schema))
    strict["additionalProperties"] = False
    strict["required"] = ordered_keys(strict)
    for group in (strict.get("properties") or {}).values():
        group["additionalProperties"] = False
        required = list(group.get("required") or ())
        for key, field in (group.get("properties") or {}).items():
            strict_field(field)
            if field.get("const") is True and key not in required:
                required.append(key)  # a declaration left out is a declaration not made
        group["required"] = required
    return strict


def strict_field(field: dict[str, Any]) -> dict[str, Any]:
    if field.get("type") == "string" and "enum" not in field:
        textarea = field.get("x-widget") == "textarea"
        default = DEFAULT_TEXTAREA_MAX_LENGTH if textarea else DEFAULT_MAX_LENGTH
        field.setdefault("maxLength", default)
    if field.get("type") == "array":
        field.setdefault("uniqueItems", True)
    return field


def field_value_is_valid(field: FormField, value: object) -> bool:
    """Whether `value` would pass this one question's checks (used for prefill)."""
    schema = strict_field(copy.deepcopy(dict(field.schema)))
    return bool(FormValidator(schema, format_checker=format_checker).is_valid(value))


# --- messages ----------------------------------------------------------------------------------

TYPE_MESSAGES: dict[str, Callable[[], str]] = {
    "string": lambda: _("%(field)s must be text."),
    "integer": lambda: _("%(field)s must be a whole number."),
    "number": lambda: _("%(field)s must be a number."),
    "boolean": lambda: _("%(field)s must be ticked or left unticked."),
    "array": lambda: _("%(field)s must be a list of choices."),
    "object": lambda: _("%(field)s must be a group of answers."),
}


def format_message(fmt: str, reason: str = "") -> str:
    """The message for a value that is not in the field's format, "%(field)s" left to fill."""
    if fmt == "date":
        return _("%(field)s must be a real date, for example 25/03/2024.")
    if fmt == "email":
        return _("%(field)s must be an e-mail address, for example ten@example.vn.")
    if fmt == "phone-vn":
        return _("%(field)s must be a Vietnamese phone number, for example 0912 345 678.")
    if fmt == "citizen-id":
        return _("%(field)s is not a valid citizen ID.") + (f" {reason}" if reason else "")
    if fmt == "tax-code":
        return _("%(field)s is not a valid tax code.") + (f" {reason}" if reason else "")
    return _("%(field)s is not valid.")


def _reason(error: SchemaValidationError) -> str:
    cause = error.cause
    if isinstance(cause, ValidationError):
        return " ".join(str(message) for message in cause.messages)
    return ""


def _number(value: object) -> str:
    return str(number_format(value)) if isinstance(value, int | float) else str(value)


def _date_limit_message(validator: str, limit: str) -> str:
    if limit == "today":
        if validator == "x-date-max":
            return _("%(field)s cannot be in the future.")
        return _("%(field)s cannot be in the past.")
    day = dt.date.fromisoformat(limit).strftime("%d/%m/%Y")
    if validator == "x-date-max":
        return _("%(field)s cannot be after %(date)s.").replace("%(date)s", day)
    return _("%(field)s cannot be before %(date)s.").replace("%(date)s", day)


def _length_message(validator: str, limit: int) -> str:
    if validator == "maxLength":
        return ngettext(
            "%(field)s must be at most %(limit)d character long.",
            "%(field)s must be at most %(limit)d characters long.",
            limit,
        )
    return ngettext(
        "%(field)s must be at least %(limit)d character long.",
        "%(field)s must be at least %(limit)d characters long.",
        limit,
    )


def _items_message(validator: str, limit: int) -> str:
    if validator == "minItems":
        return ngettext(
            "Choose at least %(limit)d option for %(field)s.",
            "Choose at least %(limit)d options for %(field)s.",
            limit,
        )
    return ngettext(
        "Choose at most %(limit)d option for %(field)s.",
        "Choose at most %(limit)d options for %(field)s.",
        limit,
    )


def _template(error: SchemaValidationError, field: FormField | None) -> str:
    """The message template of one error, with %(field)s and %(limit)s left to fill."""
    validator, value = error.validator, error.validator_value
    if validator == "type":
        expected = value if isinstance(value, str) else "string"
        return TYPE_MESSAGES.get(expected, TYPE_MESSAGES["string"])()
    if validator in ("maxLength", "minLength"):
        return _length_message(str(validator), int(value))
    if validator in ("minItems", "maxItems"):
        return _items_message(str(validator), int(value))
    if validator == "pattern":
        custom = localised(field.schema, "x-pattern-message") if field else None
        return f"%(field)s: {custom}" if custom else _("%(field)s is not in the expected form.")
    if validator == "format":
        return format_message(str(value), _reason(error))
    if validator == "enum":
        return _("Choose one of the options offered for %(field)s.")
    if validator == "minimum":
        return _("%(field)s must be at least %(limit)s.")
    if validator == "maximum":
        return _("%(field)s must be at most %(limit)s.")
    if validator == "const":
        return _("%(field)s must be ticked.")
    if validator == "uniqueItems":
        return _("%(field)s lists the same choice twice.")
    if validator in ("x-date-min", "x-date-max"):
        return _date_limit_message(str(validator), str(value))
    return _("%(field)s is not valid.")


def required_message(title: str, field: FormField | None = None) -> str:
    if field is not None and field.schema.get("const") is True:
        return fill_message(_("%(field)s must be ticked."), title)
    return fill_message(_("%(field)s is required."), title)


def unknown_message(key: str) -> str:
    shown = key if len(key) <= 80 else f"{key[:80]}…"  # the key is whatever was sent
    return _("%(field)s is not a question of this form.") % {"field": shown}


def fill_message(template: str, title: str, limit: object = "") -> str:
    # Titles and custom pattern messages are data: a "%" in them must not break formatting.
    safe = template.replace("%(field)s", "\0field\0").replace("%(limit)s", "\0limit\0")
    safe = safe.replace("%(limit)d", "\0limit\0")
    return safe.replace("\0field\0", title).replace("\0limit\0", _number(limit))


def _key(path: list[Any]) -> str:
    return ".".join(str(part) for part in path[:2]) or NON_FIELD_KEY


def _title(schema: Mapping[str, Any], path: list[Any]) -> str:
    field = field_for_path(schema, path)
    if field is not None:
        return field.title
    if len(path) == 1:
        group = (schema.get("properties") or {}).get(path[0])
        if isinstance(group, Mapping):
            return str(localised(group, "title") or path[0])
    return _key(path)


def error_entries(
    schema: Mapping[str, Any], error: SchemaValidationError
) -> Iterator[tuple[str, str]]:
    """(key, message) pairs for one jsonschema error."""
    path = list(error.absolute_path)
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    if error.validator == "required":
        for name in error.validator_value:
            if name not in instance:
                where = [*path, name]
                message = required_message(_title(schema, where), field_for_path(schema, where))
                yield _key(where), message
        return
    if error.validator == "additionalProperties":
        known = error.schema.get("properties") or {}
        for name in instance:
            if name not in known:
                yield _key([*path, name]), unknown_message(_key([*path, name]))
        return
    field = field_for_path(schema, path)
    message = fill_message(_template(error, field), _title(schema, path), error.validator_value)
    yield _key(path), message


def validate_data(schema: Mapping[str, Any], data: object) -> dict[str, str]:
    """Errors of `data` against the strict form of `schema`, the first one per key."""
    if not isinstance(data, Mapping):
        return {NON_FIELD_KEY: _("The form answers must be a JSON object.")}
    validator = FormValidator(strict_schema(schema), format_checker=format_checker)
    found = sorted(
        validator.iter_errors(dict(data)),
        key=lambda error: ERROR_PRIORITY.get(str(error.validator), len(ERROR_PRIORITY)),
    )
    errors: dict[str, str] = {}
    for error in found:
        for key, message in error_entries(schema, error):
            errors.setdefault(key, message)
    return errors


def form_validate(schema: Mapping[str, Any], data: object) -> dict[str, str]:
    """Check every group of `data`; translated messages keyed "group.field" ({} when valid).

    A group missing from `data` counts as a page left empty, so each of its required
    questions gets its own "is required" message. Keys the form does not define are refused.
    """
    if isinstance(data, Mapping):
        data = {**{key: {} for key in ordered_keys(schema)}, **data}
    return validate_data(schema, data)
