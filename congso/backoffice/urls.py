# SPDX-License-Identifier: MIT
from django.urls import path

from . import desk_views, dossier_views, register_views, views

app_name = "backoffice"

urlpatterns = [
    path("can-bo/ho-so/", views.inbox, name="inbox"),
    path("can-bo/ho-so/<str:code>/", dossier_views.dossier_page, name="dossier"),
    path(
        "can-bo/ho-so/<str:code>/mau/<slug:form>.pdf",
        dossier_views.dossier_form,
        name="dossier_form",
    ),
    path("can-bo/so-theo-doi/", register_views.dossier_register, name="register"),
    path("can-bo/tiep-nhan/", desk_views.desk_register, name="desk_register"),
]
