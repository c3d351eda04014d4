# SPDX-License-Identifier: MIT
"""Django's PostgreSQL backend, its connection health check skipped while the connection
is in steady use.

With `CONN_HEALTH_CHECKS`, Django runs `SELECT 1` before the first statement of every
request on a kept connection: one more round trip to the server per page, a tenth of a
field-report list page's time in the worker. A connection that ran a statement less than
`CONGSO_DB_HEALTH_CHECK_IDLE` seconds ago (5) is taken as alive; one idle for longer (the
server restarted overnight, a firewall dropped it) is still checked, and replaced if dead,
before the request uses it.
"""

from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    used_at = -math.inf

    def create_cursor(self, name: str | None = None) -> Any:
        self.used_at = time.monotonic()
        return super().create_cursor(name)

    def close_if_health_check_failed(self) -> None:
        idle = time.monotonic() - self.used_at
        if self.connection is not None and idle < settings.CONGSO_DB_HEALTH_CHECK_IDLE:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
