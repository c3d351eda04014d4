# SPDX-License-Identifier: MIT
"""Machine endpoints outside the language prefix: Open311 GeoReport v2."""

from django.urls import include, path, re_path

from .open311 import views

FMT = r"\.(?P<fmt>json|xml)$"

open311_patterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/]{1,80})" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests_view, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]{1,40})" + FMT, views.request_one, name="request"),
    re_path(r"^tokens/(?P<token>[^/]{1,80})" + FMT, views.token_view, name="token"),
]

urlpatterns = [
    path("open311/v2/", include((open311_patterns, "open311"))),
]
