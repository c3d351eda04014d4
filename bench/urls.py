# SPDX-License-Identifier: MIT
"""congso's URLs plus reference views that show the framework's own ceiling."""

import uuid

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from congso.urls import urlpatterns as congso_urlpatterns


def minimal_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"items": [], "count": 0})


@require_POST
def minimal_insert(request: HttpRequest) -> JsonResponse:
    """One row in one transaction for the signed-in user (session and CSRF checked as usual):
    the ceiling for a write, to compare a dossier submission with (bench/dossier_submit.py)."""
    from congso.dossiers.models import IdempotentRequest

    if not request.user.is_authenticated:
        return JsonResponse({"detail": "sign in"}, status=401)
    key = request.headers.get("Idempotency-Key") or uuid.uuid4().hex
    with transaction.atomic():
        row = IdempotentRequest.objects.create(
            user=request.user, key=key[:128], request_hash="-" * 64, status_code=201, body={}
        )
    return JsonResponse({"id": row.pk}, status=201)


urlpatterns = [
    path("bench/minimal", minimal_json),
    path("bench/insert", minimal_insert),
    *congso_urlpatterns,
]
