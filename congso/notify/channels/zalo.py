# SPDX-License-Identifier: MIT
"""Zalo Notification Service (ZNS): template messages to a phone number from the province's OA.

    POST https://business.openapi.zalo.me/message/template
    header access_token: <OA access token>
    {"phone": "84912345678", "template_id": "…", "template_data": {…}, "tracking_id": <our id>}
    → {"error": 0, "message": "Success", "data": {"msg_id": "…", "sent_time": "…"}}

A non-zero `error` is a refusal: the number has no Zalo account or refused OA messages
(-118, -114…), the template or its data is wrong, the token expired (-124). Those fall back
to SMS at once; only Zalo's internal errors and rate limits are retried. Delivery arrives as
the `user_received_message` webhook event (see congso/notify/callbacks.py).
"""

from __future__ import annotations

from django.conf import settings

from .base import Outgoing, PermanentSendError, TransientSendError, read_json
from .http import post_json

# -100 unknown/internal error, -32 rate limit exceeded, -133 outside the sending hours.
TRANSIENT_ERRORS = frozenset({-100, -32, -133})
MAX_PARAM_CHARS = 200


def template_ids() -> dict[str, str]:
    """CONGSO_NOTIFY_ZALO_TEMPLATES as {event: template id}."""
    pairs = (item.partition("=") for item in settings.CONGSO_NOTIFY_ZALO_TEMPLATES)
    return {event.strip(): tid.strip() for event, _sep, tid in pairs if event and tid.strip()}


class ZnsAdapter:
    channel = "zalo"
    backend = "zns"

    def send(self, outgoing: Outgoing) -> str:
        if not outgoing.template_id:
            raise PermanentSendError(f"no ZNS template for the event {outgoing.event}")
        payload = {
            "phone": outgoing.address,
            "template_id": outgoing.template_id,
            "template_data": {
                name: str(value)[:MAX_PARAM_CHARS] for name, value in outgoing.template_data.items()
            },
            "tracking_id": outgoing.reference,
        }
        response = post_json(
            settings.CONGSO_NOTIFY_ZALO_URL,
            json=payload,
            headers={"access_token": settings.CONGSO_NOTIFY_ZALO_ACCESS_TOKEN},
        )
        data = read_json(response)
        try:
            error = int(data.get("error", -1))
        except (TypeError, ValueError):
            error = -1
        if error == 0:
            msg_id = (data.get("data") or {}).get("msg_id")
            if not msg_id:
                raise TransientSendError("ZNS answered success without a msg_id")
            return str(msg_id)
        detail = f"ZNS error {error}: {data.get('message', '')}"
        if error in TRANSIENT_ERRORS:
            raise TransientSendError(detail)
        raise PermanentSendError(detail)
