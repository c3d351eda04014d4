# SPDX-License-Identifier: MIT
"""Deployment settings of this app, read from the environment (imported by congso.settings)."""

from __future__ import annotations

from congso.env import env_int, env_secret, env_str

# The card / e-wallet gateway (redirect + signed server-to-server callback). Without a URL and
# a secret the gateway is not offered; bank transfer by VietQR and cash at the desk remain.
CONGSO_PAYMENTS_GATEWAY_URL = env_str("CONGSO_PAYMENTS_GATEWAY_URL", "")
CONGSO_PAYMENTS_GATEWAY_MERCHANT = env_str("CONGSO_PAYMENTS_GATEWAY_MERCHANT", "")
CONGSO_PAYMENTS_GATEWAY_SECRET = env_secret("CONGSO_PAYMENTS_GATEWAY_SECRET") or ""
CONGSO_PAYMENTS_GATEWAY_TIMEOUT_SECONDS = env_int("CONGSO_PAYMENTS_GATEWAY_TIMEOUT_SECONDS", 10)
# Where the gateway calls back; empty means CONGSO_PUBLIC_BASE_URL.
CONGSO_PAYMENTS_CALLBACK_BASE_URL = env_str("CONGSO_PAYMENTS_CALLBACK_BASE_URL", "")
# A signed message older (or further in the future) than this is refused as a replay.
CONGSO_PAYMENTS_MESSAGE_MAX_AGE_SECONDS = env_int("CONGSO_PAYMENTS_MESSAGE_MAX_AGE_SECONDS", 900)
# Pending gateway payments are asked about after this long, and given up after the expiry.
CONGSO_PAYMENTS_REQUERY_AFTER_SECONDS = env_int("CONGSO_PAYMENTS_REQUERY_AFTER_SECONDS", 120)
CONGSO_PAYMENTS_PENDING_EXPIRY_HOURS = env_int("CONGSO_PAYMENTS_PENDING_EXPIRY_HOURS", 24)

# The province's collection account for VietQR transfers, used by agencies without their own.
CONGSO_PAYMENTS_VIETQR_BIN = env_str("CONGSO_PAYMENTS_VIETQR_BIN", "")
CONGSO_PAYMENTS_VIETQR_ACCOUNT = env_str("CONGSO_PAYMENTS_VIETQR_ACCOUNT", "")
CONGSO_PAYMENTS_VIETQR_ACCOUNT_NAME = env_str("CONGSO_PAYMENTS_VIETQR_ACCOUNT_NAME", "")
