# SPDX-License-Identifier: MIT
"""The national portal's side doors (push of dossiers, signed file links) and the sync page."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from congso.accounts.access import officer_required
from congso.accounts.models import OfficerRoleKind
from congso.accounts.selectors import officer_roles_for
from congso.core.audit import audit_record
from congso.core.exceptions import DomainError
from congso.dossiers.models import Dossier
from congso.files.models import StoredFile
from congso.files.responses import stored_file_response

from .inbound import national_dossier_receive
from .protocol import FILE_LINK_MAX_AGE, FILE_LINK_SALT
from .selectors import sync_overview

MAX_PUSH_RECORDS = 200


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error_code": str(status), "message": message}, status=status)


def _too_large() -> JsonResponse:
    message = _("Too large: send at most %(n)s dossiers at a time.") % {"n": MAX_PUSH_RECORDS}
    return _error(413, message)


def _bearer_ok(request: HttpRequest) -> bool:
    expected = settings.CONGSO_DVCQG_INBOUND_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


@csrf_exempt
@require_POST
def inbound_push(request: HttpRequest) -> JsonResponse:
    """`POST /dvcqg/ho-so/` with `{"data": [record, ...]}` in the DongBoHoSoMC shape."""
    if not _bearer_ok(request):
        return _error(401, _("Missing or wrong access token."))
    try:
        raw = request.body  # refused beyond DATA_UPLOAD_MAX_MEMORY_SIZE
    except RequestDataTooBig:
        return _too_large()
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return _error(400, _("The body is not valid JSON."))
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list) or not data:
        return _error(400, _("“data” must be a non-empty list of dossiers."))
    if len(data) > MAX_PUSH_RECORDS:
        return _too_large()
    results = []
    for record in data:
        try:
            inbound = national_dossier_receive(record, channel="push")
        except DomainError as exc:
            code = record.get("MaHoSo") if isinstance(record, dict) else None
            results.append({"MaHoSo": code, "status": "rejected", "error": exc.detail})
            continue
        results.append(
            {"MaHoSo": inbound.national_code, "status": inbound.status, "error": inbound.error}
        )
    return JsonResponse({"error_code": "0", "result": results})


@require_GET
def file_link(request: HttpRequest, token: str) -> HttpResponse:
    """A dossier file for the national portal, by a signed link that expires (DOMAIN §6.3)."""
    try:
        claims = signing.loads(token, salt=FILE_LINK_SALT, max_age=FILE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return _error(410, _("This link has expired."))
    except signing.BadSignature:
        return _error(404, _("No such file."))
    stored = StoredFile.objects.filter(pk=claims.get("f")).first()
    dossier = Dossier.objects.filter(pk=claims.get("d")).first()
    if stored is None or dossier is None:
        return _error(404, _("No such file."))
    with transaction.atomic():
        audit_record(
            actor=None,
            action="file.download",
            target=dossier,
            note=f"national portal {stored.sha256[:12]}",
            request=request,
        )
    return stored_file_response(stored)


@officer_required
def sync_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    is_admin = user.is_superuser or (
        officer_roles_for(user=user).filter(role=OfficerRoleKind.PROVINCE_ADMIN).exists()
    )
    if not is_admin:
        raise PermissionDenied(_("This page is for province administrators."))
    return render(
        request,
        "nationalsync/sync.html",
        {"overview": sync_overview(), "enabled": settings.CONGSO_DVCQG_ENABLED},
    )
