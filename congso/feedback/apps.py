# SPDX-License-Identifier: MIT
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "congso.feedback"
    label = "feedback"
    verbose_name = _("Field reports")
