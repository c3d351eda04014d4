# SPDX-License-Identifier: MIT
"""Messages from the gateway: checked, applied once, and every one of them logged.

A message is refused (400) when it is not a JSON object of string fields, lacks a field,
fails the signature, names another merchant, is too old or too far in the future, reuses
a nonce for a different message (a replay), names an order we do not know, or is in a
currency other than the đồng. A message repeated as is (the gateway retrying) is answered
200 and changes nothing. A success for the wrong amount is kept and flagged for an
officer, never marked paid. Refusals are logged too, with the raw message, but nothing
else is written for them.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

from django.db import transaction

from . import gateway_protocol as protocol
from .methods.gateway import CURRENCY, GatewayConfig, gateway_config
from .models import CallbackLog, Method, Payment
from .settlement import Outcome, payment_apply

logger = logging.getLogger("congso.payments")

REQUIRED = frozenset({"merchant", "order_id", "status", "amount", "currency", "ts", "nonce"})
ACCEPTED = frozenset({"paid", "duplicate", "flagged", "failed", "cancelled", "pending", "expired"})


@dataclass
class Verdict:
    http_status: int
    outcome: str
    detail: str = ""
    payment: Payment | None = None

    def as_body(self) -> dict[str, str]:
        return {"result": self.outcome, "detail": self.detail}


class RefusedError(Exception):
    def __init__(self, outcome: str, detail: str) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail


def _parse(raw: bytes) -> dict[str, str]:
    try:
        data = json.loads(raw.decode("utf-8"))
        return protocol.well_formed(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise RefusedError("malformed", str(exc)[:200]) from exc


def verified_fields(fields: dict[str, str], config: GatewayConfig | None) -> dict[str, str]:
    """The message if it is complete, signed by our secret, ours and recent; else RefusedError."""
    if config is None:
        raise RefusedError("not_configured", "the gateway is not configured")
    missing = sorted((REQUIRED | {protocol.SIGNATURE}) - fields.keys())
    if missing:
        raise RefusedError("malformed", "missing: " + ", ".join(missing))
    if not protocol.verify(fields, config.secret):
        raise RefusedError("bad_signature", "the signature does not match")
    if fields["merchant"] != config.merchant:
        raise RefusedError("unknown_merchant", "another merchant")
    if not protocol.is_fresh(fields, config.max_age):
        raise RefusedError("replayed", "the message is too old or from the future")
    if fields["currency"] != CURRENCY:
        raise RefusedError("bad_currency", f"currency {fields['currency'][:8]}")
    if not fields["amount"].isdigit() or len(fields["amount"]) > 15:
        raise RefusedError("malformed", "the amount is not a whole number")
    if fields["status"] not in {"success", "declined", "cancelled", "pending", "unknown"}:
        raise RefusedError("malformed", "unknown status")
    return fields


def _check_nonce(fields: dict[str, str], body_sha256: str) -> Verdict | None:
    earlier = (
        CallbackLog.objects.filter(nonce=fields["nonce"], outcome__in=ACCEPTED)
        .order_by("pk")
        .first()
    )
    if earlier is None:
        return None
    if earlier.body_sha256 == body_sha256:
        return Verdict(200, Outcome.DUPLICATE, "already received", earlier.payment)
    raise RefusedError("replayed", "this nonce was used for another message")


def apply_verified(fields: dict[str, str]) -> Verdict:
    """Apply a verified report about an order (from a callback or a query answer)."""
    payment = Payment.objects.filter(order_id=fields["order_id"], method=Method.GATEWAY).first()
    if payment is None:
        raise RefusedError("unknown_request", "no such order")
    outcome = payment_apply(
        payment=payment,
        reported=fields["status"],
        amount=int(fields["amount"]),
        provider_ref=fields.get("txn_id", ""),
    )
    if outcome == Outcome.CONFLICT:
        raise RefusedError(Outcome.CONFLICT, "the order was already settled otherwise")
    return Verdict(200, str(outcome), "", payment)


def callback_process(*, raw: bytes, remote_addr: str | None) -> Verdict:
    """Handle one server-to-server callback; always logs, never raises."""
    body_sha256 = hashlib.sha256(raw).hexdigest()
    fields: dict[str, str] = {}
    try:
        fields = _parse(raw)
        verified_fields(fields, gateway_config())
        verdict = _check_nonce(fields, body_sha256) or apply_verified(fields)
    except RefusedError as refusal:
        verdict = Verdict(400, refusal.outcome, refusal.detail)
        if fields.get("order_id"):
            verdict.payment = Payment.objects.filter(order_id=fields["order_id"][:32]).first()
    except Exception:  # the log row is written whatever happened, then the error is re-raised
        log_message("callback", raw, body_sha256, fields, remote_addr, Verdict(500, "error"))
        raise
    log_message("callback", raw, body_sha256, fields, remote_addr, verdict)
    return verdict


def log_message(
    kind: str,
    raw: bytes,
    body_sha256: str,
    fields: dict[str, str],
    remote_addr: str | None,
    verdict: Verdict,
) -> None:
    with transaction.atomic():
        CallbackLog.objects.create(
            kind=kind,
            remote_addr=remote_addr,
            body=raw[:8000].decode("utf-8", errors="replace"),
            body_sha256=body_sha256,
            nonce=str(fields.get("nonce", ""))[:64],
            order_id=str(fields.get("order_id", ""))[:64],
            outcome=verdict.outcome[:32],
            http_status=verdict.http_status,
            detail=verdict.detail[:255],
            payment=verdict.payment,
        )
    level = logging.INFO if verdict.http_status < 400 else logging.WARNING
    logger.log(
        level,
        "gateway %s %s: %s %s",
        kind,
        verdict.outcome,
        fields.get("order_id", "")[:32],
        verdict.detail,
    )
