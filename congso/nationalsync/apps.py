# SPDX-License-Identifier: MIT
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalsyncConfig(AppConfig):
    name = "congso.nationalsync"
    label = "nationalsync"
    verbose_name = _("National portal sync")

    def ready(self) -> None:
        from . import outbox  # noqa: F401  (connects the outbox writer)
