# SPDX-License-Identifier: MIT
"""What a person can be told about: one name per event, used for templates and the log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationEvent(models.TextChoices):
    RECEIVED = "received", _("Dossier received")
    ACCEPTED = "accepted", _("Dossier accepted")
    SUPPLEMENT_NEEDED = "supplement_needed", _("Supplement needed")
    PAYMENT_DUE = "payment_due", _("Payment due")
    PAYMENT_RECEIVED = "payment_received", _("Payment received")
    RESULT_READY = "result_ready", _("Result ready")
    LATE_APOLOGY = "late_apology", _("Late: apology and new date")
    REFUSED = "refused", _("Dossier refused")
    STOPPED = "stopped", _("Processing stopped")
    FIELD_REPORT_RECEIVED = "field_report_received", _("Field report received (private link)")
    FIELD_REPORT_ANSWERED = "field_report_answered", _("Field report answered")
    FIELD_REPORT_STATUS_CHANGED = "field_report_status_changed", _("Field report status changed")
    FIELD_REPORT_ESCALATED = "field_report_escalated", _("Field report overdue (agency heads)")
    STATUS_CHANGED = "status_changed", _("Other status change")
    DUE_WARNING = "due_warning", _("Dossier due soon (officers)")


class Channel(models.TextChoices):
    ZALO = "zalo", _("Zalo")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


# The order in which channels are tried: the first one possible is used, the next ones are
# the fall-back when it is not configured, not possible for the person, or fails for good.
FALLBACK_ORDER: tuple[str, ...] = (Channel.ZALO, Channel.SMS, Channel.EMAIL)

LANGUAGES: tuple[str, ...] = ("vi", "en")
