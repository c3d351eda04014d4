# SPDX-License-Identifier: MIT
"""Public pages: the map and list of reports, one report, the report form, "me too",
and the reporter's private page (confirm, reopen, rate). No personal data is shown."""

from __future__ import annotations

from html import escape
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congso.core.exceptions import DomainError
from congso.core.html_rows import options_html, url_around
from congso.files.responses import stored_file_response

from . import selectors, services
from .exceptions import FieldReportInvalidError, FieldReportNotFoundError
from .forms import FilterForm, RateForm, ReopenForm, ReportForm, SupportForm
from .geo import parse_bbox, parse_point
from .limits import over_limit
from .models import Channel
from .states import Status, open311_statuses

PAGE_SIZE = 30
LIST_FIELDS = (
    "category__name",
    "status",
    "created_at",
    "unit__name",
    "supporter_count",
    "description_public",
)
MAP_POINTS = 1000
SESSION_KEY = "feedback_manage_{id}"


def map_config() -> dict[str, str]:
    return {
        "tiles": settings.CONGSO_MAP_TILE_URL,
        "attribution": settings.CONGSO_MAP_TILE_ATTRIBUTION,
        "center": settings.CONGSO_MAP_CENTER,
    }


def add_domain_error(form: Any, exc: DomainError) -> None:
    """Put a service's refusal on the form field it names, else on the form."""
    field = getattr(exc, "field", "") or exc.extra.get("field", "")
    aliases = {"long": "lon", "address_string": "address", "media": None}
    field = aliases.get(field, field)
    form.add_error(field if field in form.fields else None, exc.detail)


def _public_filter(form: FilterForm) -> selectors.PublicFilter:
    data = form.cleaned_data
    status = data.get("status") or ""
    statuses = tuple(open311_statuses(status)) if status in ("open", "closed") else ()
    if status in Status.values:
        statuses = (status,)
    bbox = parse_bbox(data["bbox"]) if data.get("bbox") else None
    category = data.get("category")
    return selectors.PublicFilter(
        bbox=bbox, categories=(category.code,) if category else (), statuses=statuses
    )


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return max(1, min(int(raw), 10_000)) if raw.isdigit() else 1


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    categories = selectors.categories_active()
    form = FilterForm(request.GET or None, categories=categories)
    rows: list[Any] = []
    more = False
    page = _page_number(request)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        if not form.is_bound:
            form.is_valid()
        try:
            flt = _public_filter(form) if form.is_bound else selectors.PublicFilter()
            rows, more = selectors.field_report_public_page_values(
                flt=flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, fields=LIST_FIELDS
            )
        except FieldReportInvalidError as exc:
            form.add_error(None, exc.detail)
            status = 400
    query = request.GET.copy()
    query.pop("page", None)
    chosen = {name: request.GET.get(name, "") for name in ("category", "status", "bbox")}
    category_choices = [("", form.fields["category"].empty_label), *selectors.category_choices()]
    return render(
        request,
        "feedback/list.html",
        {
            "form": form,
            "chosen": chosen,
            "category_options": options_html(category_choices, chosen["category"]),
            "status_options": options_html(form.fields["status"].choices, chosen["status"]),
            "rows": rows,
            "row_items": _list_items(rows),
            "page": page,
            "more": more,
            "query": query.urlencode(),
            "map": map_config(),
        },
        status=status,
    )


LIST_ITEM = (
    '<li class="fr-item">\n    <a href="{}{}{}"><strong>#{} {}</strong></a>\n'
    '    <span class="badge fr-status fr-{}">{}</span>\n'
    '    <span class="meta">{}</span>\n    <p>{}</p>\n  </li>'
)


def _list_items(rows: list[dict[str, Any]]) -> SafeString:
    """The list's rows as HTML, written here rather than in list.html
    (congso.core.html_rows: through the template engine thirty rows cost more than all
    the rest of the page)."""
    before, after = (escape(part) for part in url_around("feedback:detail", "report_id"))
    labels = {value: escape(str(label)) for value, label in Status.choices}

    def item(row: dict[str, Any]) -> str:
        meta = timezone.localtime(row["created_at"]).strftime("%H:%M %d/%m/%Y")
        if row["unit__name"]:
            meta += f" · {row['unit__name']}"
        if n := row["supporter_count"]:
            meta += " · " + ngettext(
                "%(n)s more person reported this", "%(n)s more people reported this", n
            ) % {"n": n}
        status = row["status"]
        return LIST_ITEM.format(
            *(before, int(row["id"]), after, int(row["id"]), escape(row["category__name"])),
            *(escape(status), labels.get(status) or escape(status), escape(meta)),
            escape(_shortened(row["description_public"])),
        )

    return mark_safe("\n  ".join(item(row) for row in rows))  # every text escaped above


def _shortened(text: str, limit: int = 200) -> str:
    # Combining marks only make len() larger: a text this short is never cut.
    return text if len(text) <= limit else Truncator(text).chars(limit)


@require_GET
def map_points(request: HttpRequest) -> JsonResponse:
    """GeoJSON points of the newest public reports in `bbox`, for the map."""
    form = FilterForm(request.GET, categories=selectors.categories_active())
    if not form.is_valid():
        return JsonResponse({"error": _("The filter is not valid.")}, status=400)
    try:
        points = selectors.field_report_public_points(flt=_public_filter(form), limit=MAP_POINTS)
    except FieldReportInvalidError as exc:
        return JsonResponse({"error": exc.detail}, status=400)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            "properties": {
                "id": p["id"],
                "status": p["status"],
                "status_label": str(Status(p["status"]).label),
                "category": p["category__name"],
                "url": reverse("feedback:detail", kwargs={"report_id": p["id"]}),
            },
        }
        for p in points
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = selectors.field_report_public_get(report_id)
    except FieldReportNotFoundError:
        raise Http404(_("No such report.")) from None
    key = request.session.pop(SESSION_KEY.format(id=report.pk), None)
    return render(
        request,
        "feedback/detail.html",
        {
            "report": report,
            "events": selectors.field_report_public_events(report),
            "photos": selectors.field_report_public_photos(report),
            "support_form": SupportForm(),
            "manage_url": services.manage_url(report, key) if key else "",
            "map": map_config(),
        },
    )


def _photos(request: HttpRequest, name: str = "photos") -> list[tuple[Any, str]]:
    return [(f, f.name) for f in request.FILES.getlist(name)]


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    categories = selectors.categories_active().prefetch_related("attributes")
    form = ReportForm(request.POST or None, categories=categories)
    status = 200
    if request.method == "POST" and over_limit(request, "report"):
        # What was typed stays in the form; nothing is saved.
        form.is_valid()
        form.add_error(
            None,
            _(
                "Too many reports were sent from this connection in a short time. Nothing "
                "was saved: please wait a while and send it again."
            ),
        )
        status = 429
    elif request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        try:
            report, key = _create_from_form(request, form, Channel.WEB)
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.http_status
        else:
            request.session[SESSION_KEY.format(id=report.pk)] = key
            messages.success(request, _("Thank you: your report was received."))
            return redirect("feedback:detail", report_id=report.pk)
    return render(
        request,
        "feedback/new.html",
        {"form": form, "categories": categories, "map": map_config(), "posted": request.POST},
        status=status,
    )


def _create_from_form(request: HttpRequest, form: ReportForm, channel: str, **extra: Any) -> Any:
    data = form.cleaned_data
    lat, lon = parse_point(data["lat"], data["lon"])
    attributes = {
        key[len("attribute[") : key.index("]")]: request.POST.getlist(key)
        for key in request.POST
        if key.startswith("attribute[") and "]" in key
    }
    report_input = services.ReportInput(
        category=data["category"],
        description=data["description"],
        lat=lat,
        lon=lon,
        address=data.get("address", ""),
        attributes=attributes,
        photos=_photos(request),
        reporter_name=data.get("name", ""),
        reporter_email=data.get("email", ""),
        reporter_phone=data.get("phone", ""),
    )
    user = request.user if request.user.is_authenticated else None
    return services.field_report_create(
        data=report_input,
        channel=channel,
        reporter=None if channel == Channel.HOTLINE else user,
        request=request,
        **extra,
    )


@require_GET
def nearby(request: HttpRequest) -> HttpResponse:
    """Open reports of the same category near the chosen place (htmx, before submitting)."""
    rows: list[Any] = []
    try:
        category = selectors.category_get(request.GET.get("category", ""))
        lat, lon = parse_point(request.GET.get("lat"), request.GET.get("lon"))
        rows = selectors.field_reports_nearby_open(
            category=category,
            lat=lat,
            lon=lon,
            metres=settings.CONGSO_FIELD_REPORT_NEARBY_METRES,
        )
    except DomainError:
        rows = []
    return render(request, "feedback/_nearby.html", {"rows": rows})


@require_POST
def report_support(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = selectors.field_report_public_get(report_id)
    except FieldReportNotFoundError:
        raise Http404(_("No such report.")) from None
    if over_limit(request, "support"):
        return render(
            request,
            "feedback/too_many.html",
            {
                "message": _(
                    "Too many “me too” were sent from this connection in a short time. "
                    "Please wait a while and try again."
                ),
                "report": report,
            },
            status=429,
        )
    form = SupportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The e-mail address is not valid."))
        return redirect("feedback:detail", report_id=report.pk)
    try:
        added = services.field_report_support(
            report=report, user=request.user, email=form.cleaned_data["email"], request=request
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request,
            _("Thank you: you joined this report.")
            if added
            else _("You already joined this report."),
        )
    return redirect("feedback:detail", report_id=report.pk)


@require_http_methods(["GET", "POST"])
def report_manage(request: HttpRequest, report_id: int, key: str) -> HttpResponse:
    """The reporter's private page, reached by the link given once at submission."""
    try:
        report = selectors.field_report_public_get(report_id)
    except FieldReportNotFoundError:
        raise Http404(_("No such report.")) from None
    if not services.manage_key_valid(report, key):
        raise Http404(_("No such report."))
    reopen_form = ReopenForm(request.POST if request.POST.get("action") == "reopen" else None)
    rate_form = RateForm(request.POST if request.POST.get("action") == "rate" else None)
    if request.method == "POST":
        done = _manage_action(request, report, key, reopen_form, rate_form)
        if done:
            return redirect("feedback:manage", report_id=report.pk, key=key)
    invalid = request.method == "POST" and (reopen_form.errors or rate_form.errors)
    return render(
        request,
        "feedback/manage.html",
        {"report": report, "reopen_form": reopen_form, "rate_form": rate_form},
        status=400 if invalid else 200,
    )


def _manage_action(
    request: HttpRequest, report: Any, key: str, reopen_form: ReopenForm, rate_form: RateForm
) -> bool:
    action = request.POST.get("action")
    try:
        if action == "confirm":
            services.field_report_confirm(report=report, key=key, request=request)
            messages.success(request, _("Thank you: the report is closed."))
        elif action == "reopen" and reopen_form.is_valid():
            services.field_report_reopen(
                report=report, key=key, reason=reopen_form.cleaned_data["reason"], request=request
            )
            messages.success(request, _("The report was sent back to the agency."))
        elif action == "rate" and rate_form.is_valid():
            services.field_report_rate(
                report=report, key=key, rating=rate_form.cleaned_data["rating"], request=request
            )
            messages.success(request, _("Thank you for your rating."))
        else:
            return False
    except DomainError as exc:
        messages.error(request, exc.detail)
    return True


@require_GET
def photo(request: HttpRequest, photo_id: str) -> HttpResponse:
    """A published photo (no metadata) of a public report."""
    try:
        item = selectors.field_report_public_photo(photo_id)
    except FieldReportNotFoundError:
        raise Http404(_("No such photo.")) from None
    return stored_file_response(item.public_file, filename=f"{item.public_id}.jpg", inline=True)
