# SPDX-License-Identifier: MIT
"""The card and e-wallet gateway: a redirect out, a signed callback in, a query to ask again.

Messages follow `congso.payments.gateway_protocol`. The redirect carries the order, the
amount, where to send the payer back and where to call back, all signed; the gateway
answers with callbacks and query replies signed the same way. The browser's return is
never trusted to settle anything: only a verified callback or a verified query answer is.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import gateway_protocol as protocol
from ..exceptions import GatewayUnavailableError

CURRENCY = "704"
# What a gateway may say about an order, and what it becomes here.
STATUSES = frozenset({"success", "declined", "cancelled", "pending", "unknown"})


@dataclass(frozen=True)
class GatewayConfig:
    url: str
    merchant: str
    secret: str
    timeout: float
    max_age: int


def gateway_config() -> GatewayConfig | None:
    """The gateway in use, or None when it is not configured (then it is not offered)."""
    url = getattr(settings, "CONGSO_PAYMENTS_GATEWAY_URL", "")
    secret = getattr(settings, "CONGSO_PAYMENTS_GATEWAY_SECRET", "")
    merchant = getattr(settings, "CONGSO_PAYMENTS_GATEWAY_MERCHANT", "")
    if not (url and secret and merchant):
        return None
    return GatewayConfig(
        url=url.rstrip("/"),
        merchant=merchant,
        secret=secret,
        timeout=float(getattr(settings, "CONGSO_PAYMENTS_GATEWAY_TIMEOUT_SECONDS", 10)),
        max_age=int(getattr(settings, "CONGSO_PAYMENTS_MESSAGE_MAX_AGE_SECONDS", 900)),
    )


def required_config() -> GatewayConfig:
    config = gateway_config()
    if config is None:
        raise GatewayUnavailableError(_("Online payment is not available: pay by bank transfer."))
    return config


def callback_url() -> str:
    base = getattr(settings, "CONGSO_PAYMENTS_CALLBACK_BASE_URL", "") or (
        settings.CONGSO_PUBLIC_BASE_URL
    )
    return base.rstrip("/") + reverse("payments_gateway_callback")


def pay_url(*, order_id: str, amount: int, description: str, return_url: str) -> str:
    """Where to send the payer: the gateway's payment page with the signed order."""
    config = required_config()
    message = protocol.signed(
        {
            "merchant": config.merchant,
            "order_id": order_id,
            "amount": str(amount),
            "currency": CURRENCY,
            "description": description[:200],
            "return_url": return_url,
            "callback_url": callback_url(),
        },
        config.secret,
    )
    return f"{config.url}/pay?{urlencode(message)}"


def query(order_id: str) -> dict[str, str]:
    """Ask the gateway about an order; the answer is returned as received (verify it)."""
    config = required_config()
    message = protocol.signed({"merchant": config.merchant, "order_id": order_id}, config.secret)
    try:
        response = httpx.post(f"{config.url}/query", json=message, timeout=config.timeout)
        response.raise_for_status()
        return response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise GatewayUnavailableError(
            _("The payment gateway did not answer; it will be asked again later.")
        ) from exc
