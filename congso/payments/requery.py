# SPDX-License-Identifier: MIT
"""Asking the gateway again about payments that got no answer, so none stays pending.

A callback can be lost (the gateway timed out, our server was down). Pending gateway
payments older than CONGSO_PAYMENTS_REQUERY_AFTER_SECONDS are queried; the signed answer
goes through the same checks and the same settlement as a callback. A payment the gateway
still knows nothing about after CONGSO_PAYMENTS_PENDING_EXPIRY_HOURS is marked expired.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from congso.core.audit import audit_record

from .callbacks import RefusedError, Verdict, apply_verified, log_message, verified_fields
from .exceptions import GatewayUnavailableError
from .methods import gateway
from .models import CallbackLog, Method, Payment, PaymentStatus


def _expire(payment: Payment) -> str:
    with transaction.atomic():
        updated = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.EXPIRED, settled_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=None,
                action="payment.expire",
                target=payment,
                changes={"status": PaymentStatus.EXPIRED},
            )
    return "expired"


def payment_requery(payment: Payment) -> str:
    """Ask the gateway about one payment and apply its answer; returns the outcome."""
    config = gateway.required_config()
    Payment.objects.filter(pk=payment.pk).update(last_queried_at=timezone.now())
    answer = gateway.query(payment.order_id)
    raw = json.dumps(answer, ensure_ascii=False).encode()
    digest = hashlib.sha256(raw).hexdigest()
    fields: dict[str, str] = {}
    try:
        fields = gateway.protocol.well_formed(answer)
        verified_fields(fields, config)
        if fields["order_id"] != payment.order_id:
            raise RefusedError("wrong_order", "the answer is about another order")
        if fields["status"] in ("pending", "unknown"):
            expiry = dt.timedelta(hours=settings.CONGSO_PAYMENTS_PENDING_EXPIRY_HOURS)
            outcome = (
                _expire(payment) if payment.started_at < timezone.now() - expiry else "pending"
            )
            verdict = Verdict(200, outcome, fields["status"], payment)
        else:
            verdict = apply_verified(fields)
    except (RefusedError, gateway.protocol.MessageError) as refusal:
        verdict = Verdict(
            400, getattr(refusal, "outcome", "malformed"), str(refusal)[:200], payment
        )
    log_message(CallbackLog.Kind.QUERY, raw, digest, fields, None, verdict)
    return verdict.outcome


def payments_requery_pending(*, limit: int = 500) -> Counter:
    """Query every gateway payment pending for longer than the re-query delay."""
    if gateway.gateway_config() is None:
        return Counter()
    now = timezone.now()
    after = dt.timedelta(seconds=settings.CONGSO_PAYMENTS_REQUERY_AFTER_SECONDS)
    pending = Payment.objects.filter(
        method=Method.GATEWAY, status=PaymentStatus.PENDING, started_at__lte=now - after
    ).order_by("last_queried_at", "started_at")[:limit]
    counts: Counter = Counter()
    for payment in pending:
        try:
            counts[payment_requery(payment)] += 1
        except GatewayUnavailableError:
            counts["unreachable"] += 1
    return counts
