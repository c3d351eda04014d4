# SPDX-License-Identifier: MIT
"""The project's pages plus the signing pages, as congso/urls.py will include them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("", include("congso.signing.urls")),
    path("", include("congso.accounts.urls")),
    path("", include("congso.backoffice.urls")),
    path("", include("congso.portal.urls")),
    prefix_default_language=False,
)
