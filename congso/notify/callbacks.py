# SPDX-License-Identifier: MIT
"""Delivery reports from the providers (outside the language prefix, no session).

SMS (eSMS protocol): HTTP GET to the CallbackUrl we gave with each message,
`?SMSID=…&SendStatus=5&SendSuccess=1&SendFailed=0&…`. The gateway signs nothing, so the URL
carries a secret path token (CONGSO_NOTIFY_SMS_CALLBACK_TOKEN), compared in constant time.

Zalo: the OA webhook POSTs JSON events; `user_received_message` says a ZNS message reached
the phone. The body is authenticated by `X-ZEvent-Signature: mac=<sha256(app_id + body +
timestamp + OA secret key)>`, as Zalo documents it.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import services
from .events import Channel

DELIVERED = "5"
REJECTED = "4"
MAX_BODY_BYTES = 64 * 1024


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@csrf_exempt
@require_GET
def sms_callback(request: HttpRequest, token: str) -> HttpResponse:
    expected = settings.CONGSO_NOTIFY_SMS_CALLBACK_TOKEN
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        return JsonResponse({"error": "not found"}, status=404)
    sms_id = request.GET.get("SMSID", "").strip()
    status = request.GET.get("SendStatus", "").strip()
    if not sms_id or not status:
        return JsonResponse({"error": "SMSID and SendStatus are required"}, status=400)
    success, failed = _int(request.GET.get("SendSuccess")), _int(request.GET.get("SendFailed"))
    if status == DELIVERED and success > 0:
        delivered = True
    elif status == REJECTED or (status == DELIVERED and failed > 0):
        delivered = False
    else:
        return JsonResponse({"ok": True, "state": "pending"})  # 1, 2, 7: not final yet
    message = services.message_delivery_record(
        channel=Channel.SMS,
        provider_message_id=sms_id[:100],
        delivered=delivered,
        error=f"SendStatus {status}, SendFailed {failed}",
    )
    return JsonResponse({"ok": True, "known": message is not None})


def zalo_signature(*, app_id: str, body: bytes, timestamp: str, secret: str) -> str:
    digest = hashlib.sha256(app_id.encode() + body + timestamp.encode() + secret.encode())
    return "mac=" + digest.hexdigest()


@csrf_exempt
@require_POST
def zalo_callback(request: HttpRequest) -> HttpResponse:
    secret = settings.CONGSO_NOTIFY_ZALO_SECRET_KEY
    if not secret:
        return JsonResponse({"error": "not found"}, status=404)
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        return JsonResponse({"error": "body too large"}, status=413)
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "body is not JSON"}, status=400)
    if not isinstance(event, dict):
        return JsonResponse({"error": "body is not a JSON object"}, status=400)
    app_id, timestamp = str(event.get("app_id", "")), str(event.get("timestamp", ""))
    if settings.CONGSO_NOTIFY_ZALO_APP_ID and app_id != settings.CONGSO_NOTIFY_ZALO_APP_ID:
        return JsonResponse({"error": "unknown app_id"}, status=403)
    expected = zalo_signature(app_id=app_id, body=body, timestamp=timestamp, secret=secret)
    given = request.headers.get("X-ZEvent-Signature", "").strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"error": "bad signature"}, status=403)
    if event.get("event_name") != "user_received_message":
        return JsonResponse({"ok": True, "ignored": True})
    message_part = event.get("message")
    if not isinstance(message_part, dict):
        return JsonResponse({"error": "message must be an object"}, status=400)
    msg_id = str(message_part.get("msg_id", "")).strip()
    if not msg_id:
        return JsonResponse({"error": "message.msg_id is required"}, status=400)
    message = services.message_delivery_record(
        channel=Channel.ZALO, provider_message_id=msg_id[:100], delivered=True
    )
    return JsonResponse({"ok": True, "known": message is not None})
