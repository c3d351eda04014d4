# SPDX-License-Identifier: MIT
"""Notifications: each person's channel preferences, template overrides and the message log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.models import BaseModel

from .events import Channel, NotificationEvent


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")


class NotificationPreference(BaseModel):
    """How one person wants to hear from us. Without a row, every channel is allowed in
    Vietnamese, to the phone number and e-mail address of their profile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    use_zalo = models.BooleanField(_("Zalo"), default=True)
    use_sms = models.BooleanField(_("SMS"), default=True)
    use_email = models.BooleanField(_("e-mail"), default=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.VI
    )
    phone = models.CharField(
        _("mobile phone for messages"),
        max_length=16,
        blank=True,
        help_text=_("Leave empty to use the number of your profile."),
    )
    email = models.EmailField(
        _("e-mail for messages"),
        blank=True,
        help_text=_("Leave empty to use the address of your profile."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="notify_pref_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^\+84[0-9]{9,10}$"),
                name="notify_pref_phone_in_plus84_form",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def allows(self, channel: str) -> bool:
        return {
            Channel.ZALO: self.use_zalo,
            Channel.SMS: self.use_sms,
            Channel.EMAIL: self.use_email,
        }.get(channel, False)


class MessageTemplateOverride(BaseModel):
    """An administrator's wording for one event in one language, used instead of the file.

    Empty parts keep the wording of the file. The parts are Django templates over the same
    variables as the files (see docs/notifications.md).
    """

    event = models.CharField(_("event"), max_length=32, choices=NotificationEvent.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    email_subject = models.CharField(_("e-mail subject"), max_length=255, blank=True)
    email_body = models.TextField(_("e-mail body"), blank=True)
    sms = models.TextField(_("SMS text"), blank=True)
    zns = models.TextField(
        _("ZNS template data"),
        blank=True,
        help_text=_("One parameter a line: name: value."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("message template override")
        verbose_name_plural = _("message template overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="notify_one_override_per_event_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"

    def clean(self) -> None:
        from .rendering import template_errors

        super().clean()
        errors = template_errors(
            {
                "email_subject": self.email_subject,
                "email_body": self.email_body,
                "sms": self.sms,
                "zns": self.zns,
            }
        )
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    GAVE_UP = "gave_up", _("Gave up")


FINAL_FAILURES = (MessageStatus.FAILED, MessageStatus.GAVE_UP)


class Message(BaseModel):
    """One message to one person on one channel: what was said, and what became of it.

    `key` names the occurrence (a dossier event, a payment…); with the recipient and the
    channel it is unique, so an occurrence is never sent twice on a channel to a person, even
    when the same task runs twice. A fall-back message on the next channel points to the one
    that failed (`fallback_from`).
    """

    key = models.CharField(_("occurrence"), max_length=120)
    event = models.CharField(_("event"), max_length=32, choices=NotificationEvent.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_key = models.CharField(_("recipient"), max_length=120)
    recipient_name = models.CharField(_("recipient name"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=254)
    # The other addresses and channels still possible, for the fall-back.
    contacts = models.JSONField(default=dict, blank=True)
    fallback_channels = models.JSONField(default=list, blank=True)
    subject_type = models.CharField(_("about (type)"), max_length=100, blank=True)
    subject_id = models.CharField(_("about (id)"), max_length=64, blank=True)
    subject_label = models.CharField(_("about"), max_length=255, blank=True)
    template = models.CharField(_("template"), max_length=120)
    context = models.JSONField(default=dict, blank=True)
    title = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    template_id = models.CharField(_("provider template id"), max_length=64, blank=True)
    template_data = models.JSONField(_("template data"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    fallback_from = models.OneToOneField(
        "self",
        verbose_name=_("falls back from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fallback",
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient_key", "channel"], name="notify_once_per_channel"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values), name="notify_message_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_due_idx"),
            models.Index(fields=["channel", "provider_message_id"], name="notify_provider_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="notify_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.channel} {self.recipient_key}"
