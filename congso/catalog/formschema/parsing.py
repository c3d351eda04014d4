# SPDX-License-Identifier: MIT
"""Posted strings of one page → typed answers, checked against that page's questions.

Text is NFC-normalised, stripped and its inner whitespace collapsed (a textarea keeps its
line breaks); invisible control and formatting characters (zero-width spaces, bidi
overrides that could make an officer misread a name) are removed, and a NUL byte is
refused, as Django's forms refuse it. Only the questions of the page are read: any other
posted key (the CSRF token, a button, a forged extra field) is ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from congso.accounts.validators import normalise_citizen_id, normalise_phone, normalise_tax_code
from congso.core.text import nfc

from .definition import MAX_NUMBER_DIGITS, MAX_OPTIONS
from .fields import FormField, form_group
from .validation import TYPE_MESSAGES, fill_message, format_message, validate_data

#: Invisible characters dropped from answers: C0/C1 controls (tab and line breaks are
#: whitespace, handled apart), soft hyphen, zero-width and bidi formatting characters, BOM.
INVISIBLE_RE = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff]"
)
TRUE_WORDS = frozenset({"on", "true", "1", "yes", "checked"})
FALSE_WORDS = frozenset({"", "off", "false", "0", "no"})
DATE_FORMS = (
    (re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$"), ("d", "m", "y")),
)
INTEGER_RE = re.compile(r"^[+-]?[0-9]+$")
NUMBER_RE = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")


class Unparsable(Exception):  # noqa: N818 (internal signal, not a domain error)
    """A posted value that cannot be turned into the question's type."""

    def __init__(self, template: str, shown: object) -> None:
        super().__init__(template)
        self.template = template
        self.shown = shown


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """NFC, no invisible characters, no outer spaces, single inner spaces (per line)."""
    text = INVISIBLE_RE.sub("", nfc(raw).replace("\x00", ""))
    if not multiline:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def parse_date(text: str) -> str:
    """2025-03-05, 5/3/2025, 05-03-2025 or 05.03.2025 → "2025-03-05"; ValueError otherwise."""
    for pattern, order in DATE_FORMS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            return dt.date(parts["y"], parts["m"], parts["d"]).isoformat()
    raise ValueError(text)


def parse_number(text: str, *, integer: bool) -> int | float:
    """A whole number, or a decimal with "," or "." before the decimals; ValueError otherwise."""
    compact = re.sub(r"\s+", "", text)
    pattern = INTEGER_RE if integer else NUMBER_RE
    digits = len(re.split(r"[.,]", compact.lstrip("+-"))[0])
    if not pattern.match(compact) or digits > MAX_NUMBER_DIGITS:
        raise ValueError(text)
    if integer or not re.search(r"[.,]", compact):
        return int(compact)
    return float(compact.replace(",", "."))


def _posted(post: QueryDict | Mapping[str, Any], name: str) -> list[str]:
    if isinstance(post, QueryDict):
        return [str(value) for value in post.getlist(name)]
    value = post.get(name)
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]


def _parse_choices(raw: list[str]) -> list[str] | None:
    chosen: list[str] = []
    for item in raw[: MAX_OPTIONS + 1]:
        value = clean_text(item)
        if value and value not in chosen:
            chosen.append(value)
    return chosen or None


def _parse_formatted(field: FormField, text: str) -> object:
    if field.format == "date":
        try:
            return parse_date(text)
        except ValueError as exc:
            raise Unparsable(format_message("date"), text) from exc
    if field.format == "phone-vn":
        try:
            return normalise_phone(text, mobile_only=False)
        except ValidationError as exc:
            raise Unparsable(format_message("phone-vn"), text) from exc
    if field.format == "citizen-id":
        return normalise_citizen_id(text)
    if field.format == "tax-code":
        return normalise_tax_code(text)
    return text


def parse_field(field: FormField, post: QueryDict | Mapping[str, Any]) -> object:
    """The typed answer to one question, None when left empty; Unparsable when impossible."""
    raw = _posted(post, field.name)
    if field.kind == "array":
        return _parse_choices(raw)
    last = raw[-1] if raw else ""
    if field.kind == "boolean":
        return clean_text(last).lower() not in FALSE_WORDS
    text = clean_text(last, multiline=field.widget == "textarea")
    if "\x00" in last:
        raise Unparsable(_("%(field)s contains a character that is not allowed."), text)
    if not text:
        return None
    if field.kind in ("integer", "number"):
        try:
            return parse_number(text, integer=field.kind == "integer")
        except ValueError as exc:
            raise Unparsable(TYPE_MESSAGES[field.kind](), text) from exc
    return _parse_formatted(field, text)


def form_parse_group(
    schema: Mapping[str, Any], group_key: str, post: QueryDict | Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Read one page's answers from a POST and check them; returns (values, errors).

    `values` holds typed answers: dates as "YYYY-MM-DD", phone numbers as +84…, numbers,
    booleans, lists of choices; a question left empty is absent. `errors` maps a field key
    to its translated message. When there are errors, `values` holds the text as typed for
    the questions in error, so the page can show it again: store `values` only once
    `errors` is empty. Raises InvalidInputError when the form has no such group.
    """
    group = form_group(schema, group_key)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in group.fields:
        try:
            value = parse_field(field, post)
        except Unparsable as exc:
            values[field.key] = exc.shown
            errors[field.key] = fill_message(exc.template, field.title)
            continue
        if value is not None:
            values[field.key] = value
    typed = {key: value for key, value in values.items() if key not in errors}
    page = {
        "type": "object",
        "properties": {group_key: schema["properties"][group_key]},
        "x-order": [group_key],
    }
    for key, message in validate_data(page, {group_key: typed}).items():
        errors.setdefault(key.removeprefix(f"{group_key}."), message)
    order = {field.key: index for index, field in enumerate(group.fields)}
    return values, dict(sorted(errors.items(), key=lambda item: order.get(item[0], -1)))
