# SPDX-License-Identifier: MIT
"""Officers' pages. The inbox lists the open dossiers of the officer's agencies."""

from __future__ import annotations

import math

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congso.core.audit import audit_record
from congso.dossiers import selectors

from .access import officer_required

PAGE_SIZE = 50


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
        {"rows": rows, "count": count, "page": page, "pages": max(1, math.ceil(count / PAGE_SIZE))},
    )
