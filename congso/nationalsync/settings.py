# SPDX-License-Identifier: MIT
"""Deployment settings of the national-portal link (DOMAIN §6.1), read from the environment.

Imported by congso.settings. With CONGSO_DVCQG_ENABLED off no outbox row is written, so a
deployment that does not report to the national portal pays nothing for it.
"""

from __future__ import annotations

from congso.env import env_bool, env_float, env_int, env_list, env_secret, env_str

CONGSO_DVCQG_ENABLED = env_bool("CONGSO_DVCQG_ENABLED", default=False)
# The adapter (the provincial LGSP or the national NDXP) and its two endpoints.
CONGSO_DVCQG_BASE_URL = env_str("CONGSO_DVCQG_BASE_URL", "http://127.0.0.1:8090")
CONGSO_DVCQG_AUTH_PATH = env_str("CONGSO_DVCQG_AUTH_PATH", "/auth")
CONGSO_DVCQG_INTEGRATION_PATH = env_str("CONGSO_DVCQG_INTEGRATION_PATH", "/integration")
CONGSO_DVCQG_USERNAME = env_str("CONGSO_DVCQG_USERNAME", "")
CONGSO_DVCQG_PASSWORD = env_secret("CONGSO_DVCQG_PASSWORD") or ""
# madonvi: the province's unit code at the national portal (e.g. 000.00.00.H46).
CONGSO_DVCQG_UNIT_CODE = env_str("CONGSO_DVCQG_UNIT_CODE", "")
CONGSO_DVCQG_TIMEOUT_SECONDS = env_float("CONGSO_DVCQG_TIMEOUT_SECONDS", 15.0)
CONGSO_DVCQG_BATCH_SIZE = env_int("CONGSO_DVCQG_BATCH_SIZE", 500)
# After this many failed attempts an event is dead-lettered for an administrator to replay.
CONGSO_DVCQG_MAX_ATTEMPTS = env_int("CONGSO_DVCQG_MAX_ATTEMPTS", 12)
CONGSO_DVCQG_BACKOFF_BASE_SECONDS = env_float("CONGSO_DVCQG_BACKOFF_BASE_SECONDS", 5.0)
CONGSO_DVCQG_BACKOFF_MAX_SECONDS = env_float("CONGSO_DVCQG_BACKOFF_MAX_SECONDS", 3600.0)
# Inbound: the bearer token the national side (or the LGSP) presents when it pushes dossiers,
# and the service name used to pull them (not published: confirm it with the province).
CONGSO_DVCQG_INBOUND_TOKEN = env_secret("CONGSO_DVCQG_INBOUND_TOKEN") or ""
CONGSO_DVCQG_PULL_SERVICE = env_str("CONGSO_DVCQG_PULL_SERVICE", "LayDanhSachHoSo")
# Hosts that files attached to inbound dossiers may be fetched from (comma-separated). Empty:
# only the host of CONGSO_DVCQG_BASE_URL. Any other link in a record refuses the dossier.
CONGSO_DVCQG_FILE_HOSTS = env_list("CONGSO_DVCQG_FILE_HOSTS", [])
# Where dossiers arriving from the national portal are received when the record does not say.
CONGSO_DVCQG_DEFAULT_RECEIVING_AGENCY = env_str("CONGSO_DVCQG_DEFAULT_RECEIVING_AGENCY", "")
