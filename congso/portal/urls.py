# SPDX-License-Identifier: MIT
from django.urls import path

from . import my_dossiers, submission, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("tra-cuu-ho-so/", views.dossier_tracking, name="dossier_tracking"),
    path("nop-ho-so/<str:code>/", submission.submission_start, name="submission_start"),
    path(
        "nop-ho-so/nhap/<int:pk>/<slug:step>/",
        submission.submission_step,
        name="submission_step",
    ),
    path("ho-so-cua-toi/", my_dossiers.my_dossier_list, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", my_dossiers.my_dossier, name="my_dossier"),
    path(
        "ho-so-cua-toi/<str:code>/mau/<slug:form>.pdf",
        my_dossiers.my_dossier_form,
        name="my_dossier_form",
    ),
    path(
        "ho-so-cua-toi/<str:code>/<slug:kind>/<int:pk>/",
        my_dossiers.my_dossier_file,
        name="my_dossier_file",
    ),
]
