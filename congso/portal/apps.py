# SPDX-License-Identifier: MIT
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "congso.portal"
    label = "portal"
    verbose_name = _("Public service portal")
