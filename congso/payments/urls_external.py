# SPDX-License-Identifier: MIT
"""Machine endpoints outside the language prefix (callbacks, external protocols)."""

from django.urls import path

from . import views

urlpatterns = [
    path("payments/gateway/callback", views.gateway_callback, name="payments_gateway_callback"),
]
