# SPDX-License-Identifier: MIT
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "congso.files"
    verbose_name = _("Files and personal data store")
    default_auto_field = "django.db.models.BigAutoField"
