# SPDX-License-Identifier: MIT
"""Signals other apps listen to (the indicators count fees and online payments from these).

Both are sent inside the writing transaction: a receiver's rows are committed or rolled
back with the payment. A receiver must not raise.

`payment_request_created(sender=PaymentRequest, paid_request=…)`
    fees were asked for a dossier (`paid_request.amount` may be 0: all exempt).

`payment_succeeded(sender=Payment, payment=…, paid_request=…)`
    money was received and the request is paid (by any method: `payment.method`).
"""

from __future__ import annotations

from django.dispatch import Signal

payment_request_created = Signal()
payment_succeeded = Signal()
