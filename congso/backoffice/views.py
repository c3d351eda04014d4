# SPDX-License-Identifier: MIT
"""Officers' pages. The inbox lists the open dossiers of the officer's agencies."""

from __future__ import annotations

import math
from html import escape
from urllib.parse import quote

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.html_rows import url_around
from congso.dossiers import selectors

from .access import officer_required

PAGE_SIZE = 50

INBOX_ROW = (
    '<tr{}>\n      <td><a href="{}{}{}">{}</a>{}</td>\n      <td>{}</td>\n'
    "      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>"
)


@officer_required
def inbox(request: HttpRequest) -> HttpResponse:
    try:
        page = max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        page = 1
    rows, count = selectors.dossier_inbox_page(
        user=request.user, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="dossier.list",
            changes={"codes": [row.dossier.code for row in rows]},
            request=request,
        )
    return render(
        request,
        "backoffice/inbox.html",
        {
            "rows": rows,
            "row_html": _inbox_rows(rows),
            "count": count,
            "page": page,
            "pages": max(1, math.ceil(count / PAGE_SIZE)),
        },
    )


def _inbox_rows(rows: list[selectors.InboxRow]) -> SafeString:
    """The inbox's rows as HTML (congso.core.html_rows): overdue rows marked, each code
    linking to the dossier, the open step and its holder under it."""
    before, after = (escape(part) for part in url_around("backoffice:dossier", "code"))

    def line(row: selectors.InboxRow) -> str:
        dossier = row.dossier
        step = ""
        if dossier.step_name:
            holder = f" · {escape(dossier.step_assignee)}" if dossier.step_assignee else ""
            step = f'<span class="meta">{escape(dossier.step_name)}{holder}</span>'
        due = "—"
        if dossier.due_at is not None:
            due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
        left = "—"
        if row.working_hours_left is not None:
            hours = floatformat(row.working_hours_left, 1)
            late = _("Late (%(hours)s h)") % {"hours": hours}
            left = f"<strong>{escape(late)}</strong>" if row.overdue else escape(hours)
        return INBOX_ROW.format(
            ' class="overdue"' if row.overdue else "",
            *(before, escape(quote(dossier.code)), after, escape(dossier.code), step),
            escape(dossier.procedure.name),
            escape(dossier.applicant_name),
            escape(str(dossier.state_label)),
            due,
            left,
        )

    return mark_safe("\n    ".join(line(row) for row in rows))  # every text escaped above
