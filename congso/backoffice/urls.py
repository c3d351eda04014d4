# SPDX-License-Identifier: MIT
from django.urls import path

from . import views

app_name = "backoffice"

urlpatterns = [path("can-bo/ho-so/", views.inbox, name="inbox")]
