# SPDX-License-Identifier: MIT
from django.urls import path

from . import views
from .services import VERIFY_PATH

app_name = "signing"

urlpatterns = [
    path(VERIFY_PATH, views.verify_upload, name="verify_upload"),
    path(f"{VERIFY_PATH}<str:token>/", views.verify, name="verify"),
]
