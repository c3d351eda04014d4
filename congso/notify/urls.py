# SPDX-License-Identifier: MIT
"""Pages (inside the language prefix)."""

from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("thong-bao/cai-dat/", views.preferences, name="preferences"),
]
