# SPDX-License-Identifier: MIT
"""Endpoints for the national portal (or the LGSP in front of it), outside the language prefix."""

from django.urls import path

from . import views

urlpatterns = [
    path("dvcqg/ho-so/", views.inbound_push, name="dvcqg-push"),
    path("dvcqg/tep/<str:token>/", views.file_link, name="dvcqg-file"),
]
