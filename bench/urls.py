# SPDX-License-Identifier: MIT
"""congso's URLs plus two reference views that show the framework's own ceiling."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from congso.urls import urlpatterns as congso_urlpatterns


def minimal_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"items": [], "count": 0})


urlpatterns = [path("bench/minimal", minimal_json), *congso_urlpatterns]
