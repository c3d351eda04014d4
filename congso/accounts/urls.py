# SPDX-License-Identifier: MIT
"""Accounts pages, with Vietnamese paths. Included by congso/urls.py inside i18n_patterns."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("can-bo/dang-nhap/", views.OfficerLoginView.as_view(), name="officer_login"),
    path("can-bo/dang-xuat/", views.OfficerLogoutView.as_view(), name="officer_logout"),
]
