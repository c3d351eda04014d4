# SPDX-License-Identifier: MIT
"""Machine endpoints outside the language prefix (callbacks, external protocols)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
