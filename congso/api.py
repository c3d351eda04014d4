# SPDX-License-Identifier: MIT
"""The HTTP API (django-ninja). Errors of the domain become 4xx answers here, in one place."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from congso.core.exceptions import DomainError

api = NinjaAPI(
    title="congso API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/catalog/", "congso.catalog.api.router")
api.add_router("/dossiers/", "congso.dossiers.api_files.router")  # before /{code}
api.add_router("/dossiers/", "congso.dossiers.api.router")
api.add_router("/tracking/", "congso.dossiers.api.tracking_router")


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = {"code": exc.code, "detail": exc.detail, **exc.extra}
    return api.create_response(request, body, status=exc.http_status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    from congso.core.api_errors import validation_error_body

    return api.create_response(request, validation_error_body(exc.errors), status=400)
