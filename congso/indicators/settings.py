# SPDX-License-Identifier: MIT
"""Deployment settings of the operations centre, read from the environment."""

from __future__ import annotations

from congso.env import env_int, env_list

# The figures the public transparency page shows (empty: received, online, on_time, digitised,
# satisfied, average_days; add "index" to publish the Decision 766 index).
CONGSO_PUBLIC_INDICATORS = env_list("CONGSO_PUBLIC_INDICATORS", [])
# How long the slowest figure of the index (3.2, read per procedure) is kept in the cache.
CONGSO_INDICATORS_CACHE_SECONDS = env_int("CONGSO_INDICATORS_CACHE_SECONDS", 300)
