# SPDX-License-Identifier: MIT
"""Signals other apps listen to (congso.notify sends e-mail, SMS and Zalo messages from these).

All are sent inside the writing transaction: a receiver that writes rows (an outbox) gets
them committed or rolled back with the change, and defers anything outside the database
until commit. A receiver must not raise: the change it hears about would fail with it.

`field_report_status_changed(sender=FieldReport, report=…, event=…, recipients=…)`
    every public status change (and the "a duplicate was merged into this one" event);
    `recipients` are the reporter and everyone who joined the report, as
    `congso.feedback.notifications.ReportContact` (contact data, for messaging only).

`field_report_event_recorded(sender=FieldReportEvent, report=…, event=…)`
    each event the people of a report are told about: the same status changes, and the
    escalation of an overdue report (`event.kind == "escalated"`, for the agency heads).
    The notification app listens to this one.

`field_report_received(sender=FieldReport, report=…, manage_url=…)`
    a new report; `manage_url` is the reporter's private link (confirm, reopen, rate). It is
    a secret: give it to the reporter only, never log or publish it.
"""

from __future__ import annotations

from django.dispatch import Signal

field_report_status_changed = Signal()
field_report_event_recorded = Signal()
field_report_received = Signal()
