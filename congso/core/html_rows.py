# SPDX-License-Identifier: MIT
"""Long lists written in Python rather than through the template engine.

A page of 30–50 rows through `{% for %}` costs more than the rest of the page (each
variable lookup, filter and `{% url %}` per row). Where a list is read often (an
officer's inbox, the public field-report list), its rows are formatted here: every text
goes through the standard library's `html.escape` (what Django's `escape` calls, without
its per-call lazy-string wrapper), and a row's link is the reversed URL around its key,
reversed once per page.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

_MARKER = 987_654_321


def url_around(viewname: str, kwarg: str) -> tuple[str, str]:
    """The parts of `viewname`'s URL before and after the value of `kwarg` (a number or
    a code made of URL-safe characters), so each row adds only its own key."""
    before, after = reverse(viewname, kwargs={kwarg: _MARKER}).split(str(_MARKER))
    return before, after


def options_html(choices: Iterable[tuple[object, object]], chosen: str) -> SafeString:
    """`<option>`s of a `<select>` with `chosen` selected; values and labels escaped (a
    lazy label is translated in the active language)."""
    parts = []
    for value, label in choices:
        text = str(value)
        selected = " selected" if text == chosen else ""
        parts.append(f'<option value="{escape(text)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # every text escaped above
