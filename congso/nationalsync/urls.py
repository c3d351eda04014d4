# SPDX-License-Identifier: MIT
from django.urls import path

from . import views

app_name = "nationalsync"

urlpatterns = [
    path("can-bo/dong-bo-dvcqg/", views.sync_page, name="sync"),
]
