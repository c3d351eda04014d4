# SPDX-License-Identifier: MIT
"""The site's URLs, plus the accounts pages while congso/urls.py does not include them yet."""

from django.urls import URLResolver, include, path

from congso.urls import urlpatterns as site_urlpatterns


def _has_namespace(patterns: list, namespace: str) -> bool:
    return any(
        isinstance(item, URLResolver)
        and (item.namespace == namespace or _has_namespace(item.url_patterns, namespace))
        for item in patterns
    )


urlpatterns = list(site_urlpatterns)
if not _has_namespace(urlpatterns, "accounts"):
    urlpatterns.insert(0, path("", include("congso.accounts.urls")))
