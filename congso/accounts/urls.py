# SPDX-License-Identifier: MIT
"""Accounts pages, with Vietnamese paths. Included by congso/urls.py inside i18n_patterns."""

from django.urls import path

from . import devidp, oidc, views

app_name = "accounts"

urlpatterns = [
    path("can-bo/dang-nhap/", views.OfficerLoginView.as_view(), name="officer_login"),
    path("can-bo/dang-xuat/", views.OfficerLogoutView.as_view(), name="officer_logout"),
    path("dang-nhap/", oidc.citizen_login, name="citizen_login"),
    path("dang-nhap/callback/", oidc.citizen_login_callback, name="citizen_login_callback"),
    path("dang-xuat/", oidc.citizen_logout, name="citizen_logout"),
    *devidp.urlpatterns,
]
