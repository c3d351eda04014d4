# SPDX-License-Identifier: MIT
"""Pages (inside the language prefix)."""

from django.urls import path  # noqa: F401

app_name = "payments"

urlpatterns: list = []
