# SPDX-License-Identifier: MIT
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "congso.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import checks, receivers  # noqa: F401  (system checks, signal receivers)
