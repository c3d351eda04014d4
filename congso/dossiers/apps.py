# SPDX-License-Identifier: MIT
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    """Dossiers. Apps built on dossiers react to `events.dossier_event_recorded`; the
    messages to applicants and officers are sent by congso.notify."""

    name = "congso.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")
