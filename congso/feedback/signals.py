# SPDX-License-Identifier: MIT
"""Signals other apps listen to (a notification app sends SMS or Zalo messages from these).

`field_report_status_changed(sender=FieldReport, report=…, event=…, recipients=…)` is sent
inside the writing transaction on every public status change; `recipients` are the
reporter and everyone who joined the report (contact data, for messaging only). Receivers
defer their side effects with transaction.on_commit.
"""

from __future__ import annotations

from django.dispatch import Signal

field_report_status_changed = Signal()
