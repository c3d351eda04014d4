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

from django.urls import reverse

_MARKER = 987_654_321


def url_around(viewname: str, kwarg: str) -> tuple[str, str]:
    """The parts of `viewname`'s URL before and after the value of `kwarg` (a number or
    a code made of URL-safe characters), so each row adds only its own key."""
    before, after = reverse(viewname, kwargs={kwarg: _MARKER}).split(str(_MARKER))
    return before, after
