# SPDX-License-Identifier: MIT
"""Fees asked of a dossier, the payments that settle them, and bank statements matched to them.

A `PaymentRequest` keeps its lines as computed when it was made (name, amount, copies,
the reduction and its legal basis), so a later catalog change never rewrites what a
citizen was asked to pay. A request is paid by exactly one successful `Payment` (a
database constraint); money that arrives for it otherwise (a wrong amount, a second
payment) is kept as a flagged payment for an officer, never as a second settlement.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.catalog.models import FeeBasis, FeeDue, FeeKind
from congso.core.models import Agency, BaseModel


class AgencyBankAccount(BaseModel):
    """The account an agency collects fees into (VietQR); the province default otherwise."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="bank_account"
    )
    bank_bin = models.CharField(_("bank BIN (NAPAS)"), max_length=6)
    account_number = models.CharField(_("account number"), max_length=19)
    account_name = models.CharField(_("account name"), max_length=120)
    bank_name = models.CharField(_("bank"), max_length=120, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("collection account")
        verbose_name_plural = _("collection accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(bank_bin__regex=r"^[0-9]{6}$"), name="bank_account_bin_six_digits"
            ),
            models.CheckConstraint(
                condition=Q(account_number__regex=r"^[0-9A-Za-z]{1,19}$"),
                name="bank_account_number_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.bank_bin} {self.account_number}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    PAID = "paid", _("Paid")
    EXEMPT = "exempt", _("Nothing to pay (exempt)")
    CANCELLED = "cancelled", _("Cancelled")


# HinhThucThu of the national record: 1 at reception, 2 with a supplement, 4 at result return.
NATIONAL_COLLECTION_CODE = {
    FeeDue.SUBMISSION: 1,
    FeeDue.BEFORE_PROCESSING: 2,
    FeeDue.BEFORE_RESULT: 4,
}


class PaymentRequest(BaseModel):
    reference = models.CharField(_("payment reference"), max_length=16, unique=True)
    # dossier and agency are indexed first in (dossier, status) and (agency, status), in
    # Meta.indexes, not each on its own.
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="payment_requests",
        db_index=False,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("collecting agency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    due = models.CharField(_("paid"), max_length=18, choices=FeeDue.choices)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    # Whether the dossier waits (national status 6, clock paused) until this is paid.
    holds_dossier = models.BooleanField(_("dossier waits for it"), default=False)
    note = models.TextField(_("note to the applicant"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_at__isnull=True) | Q(status="paid"),
                name="payment_request_paid_at_only_when_paid",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(status__in=["exempt", "cancelled"]),
                name="payment_request_amount_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["dossier", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.PENDING


class PaymentLine(models.Model):
    """One fee of a request, as computed: quantity × unit amount − the reduction chosen."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("fee"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=FeeKind.choices)
    basis = models.CharField(_("charged"), max_length=10, choices=FeeBasis.choices)
    unit_amount = models.PositiveBigIntegerField(_("unit amount"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    gross = models.PositiveBigIntegerField(_("before reduction"))
    reduction_group = models.CharField(_("reduced for"), max_length=255, blank=True)
    reduction_basis = models.CharField(
        _("legal basis of the reduction"), max_length=500, blank=True
    )
    reduction = models.PositiveBigIntegerField(_("reduction"), default=0)
    amount = models.PositiveBigIntegerField(_("amount"))
    collection_code = models.PositiveSmallIntegerField(_("national collection code"))

    class Meta:
        verbose_name = _("payment line")
        verbose_name_plural = _("payment lines")
        ordering = ["request_id", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount=models.F("gross") - models.F("reduction")),
                name="payment_line_amount_is_gross_less_reduction",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Method(models.TextChoices):
    GATEWAY = "gateway", _("Online payment gateway")
    TRANSFER = "transfer", _("Bank transfer (VietQR)")
    CASH = "cash", _("Cash at the desk")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Started, no answer yet")
    SUCCEEDED = "succeeded", _("Received")
    FAILED = "failed", _("Declined")
    CANCELLED = "cancelled", _("Cancelled by the payer")
    EXPIRED = "expired", _("Expired without an answer")
    FLAGGED = "flagged", _("Money received, needs an officer")


class Payment(BaseModel):
    """One attempt to pay a request, or money received for it."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    order_id = models.CharField(_("order number"), max_length=32, unique=True)
    amount = models.PositiveBigIntegerField(_("amount expected"))
    received_amount = models.PositiveBigIntegerField(_("amount received"), null=True, blank=True)
    provider_ref = models.CharField(_("transaction number"), max_length=64, blank=True)
    flag_reason = models.CharField(_("why it needs an officer"), max_length=255, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True, db_index=True)
    last_queried_at = models.DateTimeField(_("last asked the gateway at"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="succeeded"),
                name="payment_one_success_per_request",
            ),
            models.UniqueConstraint(
                fields=["method", "provider_ref"],
                condition=~Q(provider_ref=""),
                name="payment_provider_ref_once",
            ),
            models.UniqueConstraint(
                fields=["receipt_number"],
                condition=~Q(receipt_number=""),
                name="payment_receipt_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["method", "status", "started_at"])]

    def __str__(self) -> str:
        return self.order_id


class CallbackLog(models.Model):
    """Every message a gateway sent us (callback, browser return, query answer), kept as it
    came, with what we made of it: the trail an officer or auditor follows."""

    class Kind(models.TextChoices):
        CALLBACK = "callback", _("Server-to-server callback")
        RETURN = "return", _("Browser return")
        QUERY = "query", _("Answer to a query")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    body = models.TextField(blank=True)
    body_sha256 = models.CharField(max_length=64)
    nonce = models.CharField(max_length=64, blank=True, db_index=True)
    order_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=32)
    http_status = models.PositiveSmallIntegerField()
    detail = models.CharField(max_length=255, blank=True)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )

    class Meta:
        verbose_name = _("gateway message")
        verbose_name_plural = _("gateway messages")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.outcome}"


class StatementImport(BaseModel):
    """A bank statement an officer uploaded, with what reading it found."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(_("format"), max_length=8)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    columns = models.JSONField(_("columns found"), default=dict)
    problems = models.JSONField(_("lines not read"), default=list)
    lines_read = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    ambiguous = models.PositiveIntegerField(default=0)
    unmatched = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class LineStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    AMBIGUOUS = "ambiguous", _("Ambiguous: an officer chooses")
    UNMATCHED = "unmatched", _("Not matched")
    CONFIRMED = "confirmed", _("Confirmed by an officer")
    DUPLICATE = "duplicate", _("Already imported")


class StatementLine(models.Model):
    statement = models.ForeignKey(StatementImport, on_delete=models.PROTECT, related_name="lines")
    line_number = models.PositiveIntegerField(_("line"))
    booked_on = models.DateField(_("date"), null=True)
    amount = models.PositiveBigIntegerField(_("amount"))
    content = models.CharField(_("transfer content"), max_length=500)
    bank_ref = models.CharField(_("bank reference"), max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=LineStatus.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    candidates = models.JSONField(default=list, blank=True)
    request = models.ForeignKey(
        PaymentRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["statement_id", "line_number"]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.line_number}"
