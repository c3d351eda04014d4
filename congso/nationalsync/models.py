# SPDX-License-Identifier: MIT
"""The national-portal link: mapping tables, the outbox of dossier events, inbound records.

The outbox is written in the transaction of the dossier event it reports (see outbox.py);
workers send it later (sender.py). Delivery is at least once; each item carries the event's
id so the receiver keeps its effect exactly once.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.workflow.states import DossierState


class StatusMapping(models.Model):
    """Internal state → national status code (DOMAIN §6.2); OpenCPS's DossierStatusMapping."""

    state = models.CharField(
        _("state in congso"), max_length=24, choices=DossierState.choices, unique=True
    )
    national_code = models.PositiveSmallIntegerField(
        _("national status code"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1–10 (TrangThaiHoSo). Empty: dossiers in this state are not reported."),
    )

    class Meta:
        verbose_name = _("status mapping")
        verbose_name_plural = _("status mappings")
        ordering = ["national_code", "state"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} → {self.national_code or '—'}"


class ProcedureMapping(models.Model):
    """Procedure → national TTHC code, when the province's code differs (ServiceInfoMapping)."""

    procedure = models.OneToOneField(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="national_mapping",
    )
    national_code = models.CharField(_("national TTHC code"), max_length=40)
    national_name = models.CharField(_("name at the national portal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("procedure mapping")
        verbose_name_plural = _("procedure mappings")

    def __str__(self) -> str:
        return f"{self.procedure_id} → {self.national_code}"


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Failed for good")


# The partial index of pending rows, in id order: what the drain reads (sender._claim).
PENDING_INDEX = "dvcqg_outbox_pending"


class OutboxEvent(models.Model):
    """One dossier event to report to the national portal."""

    event = models.OneToOneField(
        "dossiers.DossierEvent", on_delete=models.PROTECT, related_name="national_outbox"
    )
    dossier = models.ForeignKey(  # indexed first in (dossier, state): Meta.indexes
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Whether the dossier record itself (DongBoHoSoMC) goes too, or only a progress line.
    with_record = models.BooleanField(default=True)
    state = models.CharField(
        _("state"), max_length=8, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("national-portal outbox event")
        verbose_name_plural = _("national-portal outbox")
        ordering = ["id"]
        indexes = [
            # The drain reads the oldest pending rows: a small partial index, whatever the
            # size of the history.
            models.Index(fields=["id"], condition=Q(state="pending"), name=PENDING_INDEX),
            models.Index(fields=["dossier", "state"], name="dvcqg_outbox_dossier"),
            models.Index(fields=["state", "sent_at"], name="dvcqg_outbox_state_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} ({self.state})"


class InboundStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    DUPLICATE = "duplicate", _("Already here")
    REJECTED = "rejected", _("Rejected")


class InboundRecord(models.Model):
    """A dossier received from the national portal, kept as received (pulled or pushed)."""

    national_code = models.CharField(_("dossier code"), max_length=40, db_index=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    channel = models.CharField(_("how"), max_length=8)  # "push" or "pull"
    status = models.CharField(_("status"), max_length=12, choices=InboundStatus.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)
    payload = models.JSONField(_("record"), default=dict)

    class Meta:
        verbose_name = _("dossier from the national portal")
        verbose_name_plural = _("dossiers from the national portal")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.national_code
