# SPDX-License-Identifier: MIT
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from congso.api import api
from congso.core import views as core_views

urlpatterns = [
    path("api/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("congso.payments.urls_external")),
    path("", include("congso.nationalsync.urls_external")),
    path("", include("congso.feedback.urls_external")),
    path("", include("congso.notify.urls_external")),
]
urlpatterns += i18n_patterns(
    path("quan-tri/", admin.site.urls),
    path("", include("congso.accounts.urls")),
    path("", include("congso.backoffice.urls")),
    path("", include("congso.portal.urls")),
    path("", include("congso.signing.urls")),
    path("", include("congso.payments.urls")),
    path("", include("congso.notify.urls")),
    path("", include("congso.nationalsync.urls")),
    path("", include("congso.feedback.urls")),
    path("", include("congso.indicators.urls")),
    prefix_default_language=False,
)
