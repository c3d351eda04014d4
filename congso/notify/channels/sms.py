# SPDX-License-Identifier: MIT
"""SMS through a Vietnamese brandname gateway, in the eSMS REST protocol (JSON over HTTPS).

    POST …/MainService.svc/json/SendMultipleMessage_V4_post_json/
    {"ApiKey", "SecretKey", "Brandname", "Phone": "0912345678", "Content", "SmsType": "2",
     "IsUnicode": "0"|"1", "Sandbox": "0"|"1", "RequestId": <our id>, "CallbackUrl": …}
    → {"CodeResult": "100", "SMSID": "…"}  or  {"CodeResult": "104", "ErrorMessage": "…"}

`RequestId` is the message's own id, so a request repeated after a lost answer is refused by
the gateway as a duplicate (124) instead of sending the SMS twice. Delivery reports come back
by HTTP GET to CallbackUrl (see congso/notify/callbacks.py).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from ..rendering import sms_fit
from .base import Outgoing, PermanentSendError, TransientSendError, read_json
from .http import post_json

SUCCESS = "100"
DUPLICATE_REQUEST = "124"
# Worth another try later: not enough balance (the province tops the account up).
TRANSIENT_CODES = frozenset({"103"})
SMS_TYPE_CUSTOMER_CARE = "2"


def national_number(phone: str) -> str:
    """84912345678 → 0912345678, the form the gateway documents."""
    return "0" + phone[2:] if phone.startswith("84") else phone


def callback_url() -> str:
    token = settings.CONGSO_NOTIFY_SMS_CALLBACK_TOKEN
    if not token:
        return ""
    base = settings.CONGSO_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("notify_external:sms_callback", kwargs={"token": token})


class EsmsAdapter:
    channel = "sms"
    backend = "esms"

    def send(self, outgoing: Outgoing) -> str:
        unicode = bool(settings.CONGSO_NOTIFY_SMS_UNICODE)
        payload = {
            "ApiKey": settings.CONGSO_NOTIFY_SMS_API_KEY,
            "SecretKey": settings.CONGSO_NOTIFY_SMS_SECRET_KEY,
            "Brandname": settings.CONGSO_NOTIFY_SMS_BRANDNAME,
            "Phone": national_number(outgoing.address),
            "Content": sms_fit(outgoing.body, unicode=unicode),
            "SmsType": SMS_TYPE_CUSTOMER_CARE,
            "IsUnicode": "1" if unicode else "0",
            "Sandbox": "1" if settings.CONGSO_NOTIFY_SMS_SANDBOX else "0",
            "RequestId": outgoing.reference,
        }
        if url := callback_url():
            payload["CallbackUrl"] = url
        response = post_json(settings.CONGSO_NOTIFY_SMS_URL, json=payload, headers={})
        data = read_json(response)
        code = str(data.get("CodeResult", ""))
        if code == SUCCESS:
            return str(data.get("SMSID") or "")
        if code == DUPLICATE_REQUEST:
            # Our earlier request went through; its answer was lost on the way back.
            return str(data.get("SMSID") or f"duplicate-{outgoing.reference}")
        error = f"CodeResult {code or '?'}: {data.get('ErrorMessage') or data.get('error') or ''}"
        if code in TRANSIENT_CODES:
            raise TransientSendError(error)
        raise PermanentSendError(error)
