# SPDX-License-Identifier: MIT
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "congso.core"
    label = "core"
    verbose_name = _("Administrative units, agencies and calendar")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (system checks)
