# SPDX-License-Identifier: MIT
"""Citizens' pages: home, procedure search and the procedure page. Views stay thin."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from congso.catalog import selectors
from congso.catalog.search import SearchFilters, search_procedures
from congso.core.exceptions import NotFoundError
from congso.dossiers import selectors as dossier_selectors

from .forms import DossierTrackingForm, ProcedureSearchForm

PAGE_SIZE = 20
SUGGESTION_COUNT = 8


def _field_choices() -> list[tuple[str, str]]:
    english = (get_language() or "vi").startswith("en")
    return [
        (field.code, (field.name_en if english and field.name_en else field.name))
        for field in selectors.field_list_public()
    ]


def home(request: HttpRequest) -> HttpResponse:
    fields = list(selectors.field_list_public())
    return render(
        request,
        "portal/home.html",
        {
            "figures": selectors.catalog_key_figures(),
            "fields": fields,
            "form": ProcedureSearchForm(fields=[]),
        },
    )


def procedure_list(request: HttpRequest) -> HttpResponse:
    """The search page; with `suggest=1` (the home page's search as you type) a short list."""
    form = ProcedureSearchForm(request.GET or None, fields=_field_choices())
    suggest = request.GET.get("suggest") == "1"
    context: dict[str, object] = {"form": form, "result": None, "suggest": suggest}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif suggest and not form.cleaned_data.get("q"):
        context["result"] = None
    else:
        data = form.cleaned_data if form.is_bound else {}
        page = data.get("page") or 1
        size = SUGGESTION_COUNT if suggest else PAGE_SIZE
        result = search_procedures(
            data.get("q", ""),
            filters=SearchFilters(
                field=data.get("field", ""),
                level=data.get("level", ""),
                online_level=data.get("online", ""),
            ),
            limit=size,
            offset=(page - 1) * size,
        )
        pages = 1 if suggest else max(1, math.ceil(result.count / PAGE_SIZE))
        context.update(result=result, page=page, pages=pages, query=data.get("q", ""))
        context["querystring"] = _querystring_without_page(request)
    template = "portal/_results.html" if request.htmx else "portal/procedure_list.html"
    response = render(request, template, context, status=status)
    # The fragment and the whole page share one address: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("suggest", None)
    return params.urlencode()


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure = selectors.procedure_get_public(code=code)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc
    links = list(procedure.agency_links.all())
    agencies: dict[str, list[str]] = {}
    english = (get_language() or "vi").startswith("en")
    for link in links:
        name = link.agency.name_en if english and link.agency.name_en else link.agency.name
        agencies.setdefault(link.role, []).append(name)
    for ref in procedure.agency_names:
        agencies.setdefault(ref["role"], []).append(ref["name"])
    online_url = ""
    if procedure.is_online:
        online_url = settings.CONGSO_ONLINE_START_URL.format(code=procedure.code)
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": procedure,
            "agencies": agencies,
            "online_url": online_url,
            "fees": list(procedure.fees.all()),
            "channels": list(procedure.channels.all()),
            "documents": list(procedure.documents.all()),
        },
    )


def dossier_tracking(request: HttpRequest) -> HttpResponse:
    """Anyone with the code and PIN of a receipt sees the dossier's status, nothing personal."""
    form = DossierTrackingForm(request.GET or None)
    timeline = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                timeline = dossier_selectors.dossier_public_timeline(
                    code=form.cleaned_data["ma"], pin=form.cleaned_data["pin"]
                )
            except NotFoundError as exc:
                form.add_error(None, exc.detail)
                status = 404
        else:
            status = 400
    return render(
        request, "portal/dossier_tracking.html", {"form": form, "timeline": timeline}, status=status
    )
