# SPDX-License-Identifier: MIT
"""Deployment settings of this app, read from the environment (imported by congso.settings)."""

from __future__ import annotations
