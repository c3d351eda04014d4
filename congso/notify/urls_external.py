# SPDX-License-Identifier: MIT
"""Machine endpoints outside the language prefix (callbacks, external protocols)."""

from django.urls import path

from . import callbacks

app_name = "notify_external"

urlpatterns = [
    path("notify/callbacks/sms/<str:token>/", callbacks.sms_callback, name="sms_callback"),
    path("notify/callbacks/zalo/", callbacks.zalo_callback, name="zalo_callback"),
]
