# SPDX-License-Identifier: MIT
"""Procedure application forms (tờ khai) defined as data: a subset of JSON Schema 2020-12.

Each procedure stores its form as a JSON Schema. The online submission flow shows it one
question group per page, rendered on the server as plain HTML (no JavaScript needed),
validates it on the server with messages in the active language, and fills in what the
applicant's profile and earlier dossiers already say.

Supported subset
================

The root is an object whose properties are question groups, one page each::

    {
      "type": "object",
      "title": "Tờ khai …", "x-title-en": "…",            (optional)
      "properties": {
        "<group key>": {
          "type": "object",
          "title": "Người yêu cầu", "x-title-en": "Applicant",
          "description": "…", "x-description-en": "…",       (optional)
          "properties": {"<field key>": {…}, …},
          "required": ["<field key>", …],                    (optional)
          "x-order": ["<field key>", …]                      (optional)
        }, …
      },
      "required": ["<group key>", …],                        (optional: every group is a page)
      "x-order": ["<group key>", …]                          (optional)
    }

Keys are lower-case ASCII identifiers (``[a-z][a-z0-9_]*``, at most 40 characters): they
become HTML names ("group.field") and ids. ``additionalProperties`` may be given only as
false; answers to keys the form does not define are always refused by `form_validate` (and
never read by `form_parse_group`). ``x-order`` fixes the order of groups and questions:
give it whenever the definition is stored in PostgreSQL, whose jsonb does not keep key
order (`schema_with_order` writes it out from the order as typed).

Every question has ``type``, ``title`` (Vietnamese) and optionally ``x-title-en``,
``description`` / ``x-description-en`` (a hint under the label), ``x-prefill`` and
``x-autocomplete`` (an HTML autocomplete token, when the prefill source does not give one):

- ``string``: ``maxLength`` (default 255, or 4000 for a textarea; at most 20,000),
  ``minLength``, ``pattern`` (a Python regular expression, matched with re.search as
  jsonschema does: anchor it with ^…$; ``x-pattern-message`` / ``-en`` explain it),
  ``format``: "date" (stored "YYYY-MM-DD"; typed 25/03/2024 is accepted too, and
  ``x-date-min`` / ``x-date-max``: "today" or "YYYY-MM-DD" bound it), "email",
  "phone-vn" (mobile or landline, stored +84…), "citizen-id" (12 digits with the
  province, century and sex digits checked), "tax-code" (10 digits with check digit,
  10-3 for a branch, or a personal 12-digit ID) — the last three reuse
  `congso.accounts.validators`; ``"x-widget": "textarea"`` for several lines;
- a string with ``enum`` (and ``x-enum-titles`` / ``x-enum-titles-en``, one per value) is a
  choice: radio buttons up to 5 options, a select list beyond, or ``x-widget``
  "radio" / "select";
- ``integer`` / ``number`` with ``minimum`` / ``maximum`` (typed "120,5" or "120.5");
- ``boolean``: a tick box (unticked is false); ``"const": true`` makes it a declaration
  that must be ticked;
- ``array`` of ``{"type": "string", "enum": […], "x-enum-titles": […]}``: tick boxes,
  with ``minItems`` / ``maxItems``; items are always unique.

A required question left empty is reported as required; an optional question left empty
is absent from the answers. Conditions between questions (if/then, oneOf), nested groups,
$ref and any keyword not listed here are refused by `schema_check`.

``x-prefill`` names a profile value: citizen.full_name | citizen.citizen_id |
citizen.date_of_birth (needs format date) | citizen.phone | citizen.email | citizen.address
| organisation.name | organisation.tax_code | organisation.phone | organisation.email |
organisation.address.

Public API
==========

- `schema_check(schema) -> list[str]`, `schema_validate_definition(schema)` (raises
  `InvalidInputError`), `schema_with_order(schema) -> dict`;
- `form_groups(schema) -> list[FormGroup]`;
- `form_prefill(schema, *, citizen, organisation, previous, current) -> dict`;
- `form_parse_group(schema, group_key, post) -> (values, errors)`;
- `form_validate(schema, data) -> dict[str, str]` keyed "group.field";
- `render_group(schema, group_key, values, errors, *, request=None) -> SafeString`;
- `form_summary(schema, data) -> [(group title, [(question title, answer)])]`.
"""

from __future__ import annotations

from .definition import schema_check, schema_validate_definition, schema_with_order
from .fields import FormField, FormGroup, form_group, form_groups
from .parsing import form_parse_group
from .prefill import form_prefill
from .rendering import form_summary, render_group
from .validation import NON_FIELD_KEY, form_validate

__all__ = [
    "NON_FIELD_KEY",
    "FormField",
    "FormGroup",
    "form_group",
    "form_groups",
    "form_parse_group",
    "form_prefill",
    "form_summary",
    "form_validate",
    "render_group",
    "schema_check",
    "schema_validate_definition",
    "schema_with_order",
]
