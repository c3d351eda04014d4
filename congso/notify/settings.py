# SPDX-License-Identifier: MIT
"""Deployment settings of this app, read from the environment (imported by congso.settings).

Each channel is off until a back-end is named: "console" and "file" for development, the
provider's HTTP protocol ("esms" for SMS, "zns" for Zalo) in production. E-mail uses Django's
own mail settings (DJANGO_EMAIL_BACKEND and friends) unless CONGSO_NOTIFY_EMAIL is false.
"""

from __future__ import annotations

from congso.env import env_bool, env_float, env_int, env_list, env_secret, env_str

# --- e-mail ---------------------------------------------------------------------------------------
CONGSO_NOTIFY_EMAIL = env_bool("CONGSO_NOTIFY_EMAIL", default=True)

# --- SMS (brandname gateway) ----------------------------------------------------------------------
CONGSO_NOTIFY_SMS_BACKEND = env_str("CONGSO_NOTIFY_SMS_BACKEND", "")
CONGSO_NOTIFY_SMS_URL = env_str(
    "CONGSO_NOTIFY_SMS_URL",
    "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/",
)
CONGSO_NOTIFY_SMS_API_KEY = env_secret("CONGSO_NOTIFY_SMS_API_KEY") or ""
CONGSO_NOTIFY_SMS_SECRET_KEY = env_secret("CONGSO_NOTIFY_SMS_SECRET_KEY") or ""
CONGSO_NOTIFY_SMS_BRANDNAME = env_str("CONGSO_NOTIFY_SMS_BRANDNAME", "")
# Many brandname gateways only take unaccented text (GSM 7-bit, 160 characters a segment).
CONGSO_NOTIFY_SMS_UNICODE = env_bool("CONGSO_NOTIFY_SMS_UNICODE", default=False)
CONGSO_NOTIFY_SMS_MAX_SEGMENTS = env_int("CONGSO_NOTIFY_SMS_MAX_SEGMENTS", 2)
CONGSO_NOTIFY_SMS_SANDBOX = env_bool("CONGSO_NOTIFY_SMS_SANDBOX", default=False)
# The secret path part of the delivery-report URL given to the gateway.
CONGSO_NOTIFY_SMS_CALLBACK_TOKEN = env_secret("CONGSO_NOTIFY_SMS_CALLBACK_TOKEN") or ""

# --- Zalo ZNS -------------------------------------------------------------------------------------
CONGSO_NOTIFY_ZALO_BACKEND = env_str("CONGSO_NOTIFY_ZALO_BACKEND", "")
CONGSO_NOTIFY_ZALO_URL = env_str(
    "CONGSO_NOTIFY_ZALO_URL", "https://business.openapi.zalo.me/message/template"
)
CONGSO_NOTIFY_ZALO_ACCESS_TOKEN = env_secret("CONGSO_NOTIFY_ZALO_ACCESS_TOKEN") or ""
CONGSO_NOTIFY_ZALO_APP_ID = env_str("CONGSO_NOTIFY_ZALO_APP_ID", "")
CONGSO_NOTIFY_ZALO_OA_ID = env_str("CONGSO_NOTIFY_ZALO_OA_ID", "")
CONGSO_NOTIFY_ZALO_SECRET_KEY = env_secret("CONGSO_NOTIFY_ZALO_SECRET_KEY") or ""
# Approved ZNS template id per event: "received=231001,accepted=231002,…".
CONGSO_NOTIFY_ZALO_TEMPLATES = env_list("CONGSO_NOTIFY_ZALO_TEMPLATES", [])

# --- sending --------------------------------------------------------------------------------------
# Where the "file" back-ends write one JSON line per message.
CONGSO_NOTIFY_FILE_DIR = env_str("CONGSO_NOTIFY_FILE_DIR", "")
CONGSO_NOTIFY_HTTP_TIMEOUT = env_float("CONGSO_NOTIFY_HTTP_TIMEOUT", 10.0)
CONGSO_NOTIFY_MAX_ATTEMPTS = env_int("CONGSO_NOTIFY_MAX_ATTEMPTS", 5)
# Back-off before retry n: base × 4^(n-1) seconds, capped (60 s, 4 min, 16 min, 1 h 4 min…).
CONGSO_NOTIFY_RETRY_BASE_SECONDS = env_int("CONGSO_NOTIFY_RETRY_BASE_SECONDS", 60)
CONGSO_NOTIFY_RETRY_MAX_SECONDS = env_int("CONGSO_NOTIFY_RETRY_MAX_SECONDS", 6 * 3600)
# A message claimed by a worker that died is sent again after this many seconds.
CONGSO_NOTIFY_CLAIM_TIMEOUT_SECONDS = env_int("CONGSO_NOTIFY_CLAIM_TIMEOUT_SECONDS", 600)
