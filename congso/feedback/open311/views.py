# SPDX-License-Identifier: MIT
"""Open311 GeoReport v2 under /open311/v2/ (http://wiki.open311.org/GeoReport_v2).

Methods: discovery, GET services, GET service definition, POST service request (api_key),
GET service requests (service_request_id, service_code, start_date, end_date, status), GET
one service request, GET service_request_id from a token. De-facto extensions: `page` and
`page_size`, `bbox=min_lon,min_lat,max_lon,max_lat`, multipart `media` files on POST.
Every refusal is the spec's error list with the HTTP status 400, 403 or 404, or 429 with
Retry-After when a caller goes over its rate (feedback/limits.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from congso.core.exceptions import DomainError

from .. import selectors, services
from ..exceptions import (
    ApiKeyInvalidError,
    FieldReportInvalidError,
    FieldReportNotFoundError,
    TooManyRequestsError,
)
from ..geo import parse_bbox, parse_point
from ..limits import open311_create_wait, open311_read_wait
from ..models import ApiClient, Channel, FieldReport, FieldReportPhoto, PhotoRole
from ..states import open311_status, open311_statuses
from .render import errors, respond, w3c

SPEC = "http://wiki.open311.org/GeoReport_v2"
DEFAULT_DAYS = 90
MAX_PAGE_SIZE = 1000
MAX_IDS = 1000


def open311(methods: tuple[str, ...]) -> Callable[..., Callable[..., HttpResponse]]:
    """Speak the caller's language, allow `methods`, turn refusals into the error format."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            language = translation.get_language_from_request(request, check_path=False)
            with translation.override(language):
                if request.method not in methods:
                    response = errors(fmt, 405, _("Method not allowed."))
                    response["Allow"] = ", ".join(methods)
                    return response
                try:
                    _check_jurisdiction(request)
                    if request.method == "GET":
                        _refuse_if_waiting(open311_read_wait(request))
                    return view(request, *args, fmt=fmt, **kwargs)
                except TooManyRequestsError as exc:
                    response = errors(fmt, 429, exc.detail)
                    response["Retry-After"] = str(exc.retry_after)
                    return response
                except DomainError as exc:
                    status = exc.http_status if exc.http_status in (400, 403, 404) else 400
                    return errors(fmt, status, _describe(exc))

        return csrf_exempt(wrapper)

    return decorate


def _describe(exc: DomainError) -> str:
    field = getattr(exc, "field", "") or exc.extra.get("field", "")
    return f"{field}: {exc.detail}" if field and field not in exc.detail else exc.detail


def _refuse_if_waiting(seconds: int | None) -> None:
    if seconds is not None:
        raise TooManyRequestsError(
            _("Too many requests: try again in %(seconds)d seconds.") % {"seconds": seconds},
            retry_after=seconds,
        )


def _check_jurisdiction(request: HttpRequest) -> None:
    given = (
        request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    ).strip()
    if given and given != settings.CONGSO_OPEN311_JURISDICTION:
        raise FieldReportNotFoundError(_("Unknown jurisdiction_id."))


# --- discovery and services ------------------------------------------------------------------


@open311(("GET",))
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    url = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    base = url.rsplit("/", 1)[0] + "/"
    data = {
        "changeset": "2025-07-01T00:00:00+07:00",
        "contact": settings.CONGSO_OPEN311_CONTACT or settings.CONGSO_PUBLIC_BASE_URL,
        "key_service": _("API keys are issued by the province's administrators."),
        "endpoints": [
            {
                "specification": SPEC,
                "url": base,
                "changeset": "2025-07-01T00:00:00+07:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", None, data)


def _name(obj: Any) -> str:
    english = translation.get_language() == "en" and getattr(obj, "name_en", "")
    return english or obj.name


@open311(("GET",))
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    categories = selectors.categories_active().prefetch_related("attributes")
    data = [
        {
            "service_code": c.code,
            "service_name": _name(c),
            "description": c.description,
            "metadata": any(a.variable for a in c.attributes.all()),
            "type": "realtime",
            "keywords": c.keywords,
            "group": _name(c.group),
        }
        for c in categories
    ]
    return respond(fmt, "services", "service", data)


@open311(("GET",))
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = selectors.category_get(code)
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": a.variable,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description or None,
                "order": a.order,
                "description": a.description,
                "values": [{"key": v.get("key"), "name": v.get("name")} for v in a.values or []],
            }
            for a in category.attributes.all()
        ],
    }
    return respond(fmt, "service_definition", None, data)


# --- creating requests -----------------------------------------------------------------------


def _api_client(request: HttpRequest) -> ApiClient:
    key = (request.POST.get("api_key") or "").strip()
    client = selectors.api_client_active(key_hash=services.key_hash(key)) if key else None
    if client is None:
        raise ApiKeyInvalidError(_("Invalid or missing api_key."))
    return client


def _attributes(request: HttpRequest) -> dict[str, list[str]]:
    """attribute[CODE]=v and attribute[CODE][]=v1&attribute[CODE][]=v2."""
    found: dict[str, list[str]] = {}
    for key in request.POST:
        if key.startswith("attribute[") and "]" in key:
            code = key[len("attribute[") : key.index("]")]
            found.setdefault(code, []).extend(request.POST.getlist(key))
    return found


def _location(request: HttpRequest) -> tuple[float, float]:
    raw_lat, raw_lon = request.POST.get("lat"), request.POST.get("long")
    if raw_lat in (None, "") or raw_lon in (None, ""):
        raise FieldReportInvalidError(
            _("lat and long are required: reports are routed by their location."), field="lat"
        )
    return parse_point(raw_lat, raw_lon)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    client = _api_client(request)
    _refuse_if_waiting(open311_create_wait(request, client))
    code = (request.POST.get("service_code") or "").strip()
    if not code:
        raise FieldReportInvalidError(_("service_code is required."), field="service_code")
    category = selectors.category_for_report(code)
    lat, lon = _location(request)
    names = " ".join(
        part
        for part in (request.POST.get("first_name", ""), request.POST.get("last_name", ""))
        if part
    )
    data = services.ReportInput(
        category=category,
        description=request.POST.get("description", ""),
        lat=lat,
        lon=lon,
        address=request.POST.get("address_string", ""),
        attributes=_attributes(request),
        photos=[(f, f.name) for f in request.FILES.getlist("media")],
        reporter_name=names,
        reporter_email=request.POST.get("email", ""),
        reporter_phone=request.POST.get("phone", ""),
        device_id=request.POST.get("device_id", ""),
        account_id=request.POST.get("account_id", ""),
    )
    report, _key = services.field_report_create(
        data=data, channel=Channel.OPEN311, api_client=client, request=request
    )
    notice = _("Received. The answer is due by %(due)s.") % {
        "due": timezone.localtime(report.due_at).strftime("%H:%M %d/%m/%Y")
    }
    body = [
        {
            "service_request_id": report.service_request_id,
            "service_notice": notice,
            "account_id": report.account_id or None,
            "token": str(report.public_id),
        }
    ]
    return respond(fmt, "service_requests", "request", body)


# --- reading requests ------------------------------------------------------------------------


def _date(request: HttpRequest, name: str) -> datetime | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        value = None
    if value is None:
        raise FieldReportInvalidError(
            _("%(name)s must be a W3C date and time, e.g. 2025-07-01T08:00:00+07:00.")
            % {"name": name},
            field=name,
        )
    return value if value.tzinfo else timezone.make_aware(value)


def _int(request: HttpRequest, name: str, default: int, high: int) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        raise FieldReportInvalidError(
            _("%(name)s must be a whole number from 1 to %(high)s.") % {"name": name, "high": high},
            field=name,
        )
    return int(raw)


def _csv(request: HttpRequest, name: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in request.GET.get(name, "").split(",") if p.strip())


def _ids(raw: tuple[str, ...]) -> tuple[int, ...]:
    if len(raw) > MAX_IDS or not all(p.isdigit() and len(p) < 19 for p in raw):
        raise FieldReportInvalidError(
            _("service_request_id must be numbers separated by commas."),
            field="service_request_id",
        )
    return tuple(int(p) for p in raw)


def _filter(request: HttpRequest) -> selectors.PublicFilter:
    ids = _ids(_csv(request, "service_request_id"))
    if ids:  # the spec: other parameters are ignored when ids are given
        return selectors.PublicFilter(ids=ids)
    statuses = _csv(request, "status")
    if any(s not in ("open", "closed") for s in statuses):
        raise FieldReportInvalidError(_("status must be open, closed or both."), field="status")
    start, end = _date(request, "start_date"), _date(request, "end_date")
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_DAYS)
    bbox = request.GET.get("bbox", "").strip()
    return selectors.PublicFilter(
        bbox=parse_bbox(bbox) if bbox else None,
        categories=_csv(request, "service_code"),
        statuses=tuple(open311_statuses(",".join(statuses))) if statuses else (),
        start=start,
        end=end,
    )


def _media_url(request: HttpRequest, report: FieldReport) -> str | None:
    photos = getattr(report, "report_photos", None)
    if not photos:
        return None
    path = reverse("feedback:photo", kwargs={"photo_id": photos[0].public_id})
    return request.build_absolute_uri(path)


def request_item(request: HttpRequest, report: FieldReport) -> dict[str, Any]:
    category = report.category
    return {
        "service_request_id": report.service_request_id,
        "status": open311_status(report.status),
        "status_notes": report.status_notes or None,
        "service_name": _name(category),
        "service_code": category.code,
        "description": report.description_public,
        "agency_responsible": report.agency.name if report.agency_id else None,
        "service_notice": None,
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(report.updated_at),
        "expected_datetime": w3c(report.due_at) if report.is_open else None,
        "address": report.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": report.lat,
        "long": report.lon,
        "media_url": _media_url(request, report),
    }


def _with_photos(rows: list[FieldReport]) -> list[FieldReport]:
    from django.db.models import prefetch_related_objects

    photos = FieldReportPhoto.objects.filter(hidden=False, role=PhotoRole.REPORT).order_by("id")
    prefetch_related_objects(rows, Prefetch("photos", queryset=photos, to_attr="report_photos"))
    return rows


MAX_SEARCH_DEPTH = 10_000


def _search(request: HttpRequest, fmt: str) -> HttpResponse:
    page_size = _int(request, "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    # Deep pages cost an OFFSET scan: narrow the search (dates, bbox) to see older ones.
    page = _int(request, "page", 1, max(1, MAX_SEARCH_DEPTH // page_size))
    rows, _more = selectors.field_report_public_page(
        flt=_filter(request), limit=page_size, offset=(page - 1) * page_size
    )
    data = [request_item(request, r) for r in _with_photos(rows)]
    return respond(fmt, "service_requests", "request", data)


@open311(("GET", "POST"))
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    return _search(request, fmt)


@open311(("GET",))
def request_one(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    if not request_id.isdigit() or len(request_id) > 18:
        raise FieldReportNotFoundError(_("No such service request."))
    try:
        report = selectors.field_report_public_get(int(request_id))
    except FieldReportNotFoundError:
        raise FieldReportNotFoundError(_("No such service request.")) from None
    return respond(
        fmt, "service_requests", "request", [request_item(request, *_with_photos([report]))]
    )


@open311(("GET",))
def token_view(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    report = selectors.field_report_by_token(token)
    if report is None:
        raise FieldReportNotFoundError(_("No service request has this token."))
    body = [{"service_request_id": report.service_request_id, "token": token}]
    return respond(fmt, "service_requests", "request", body)
