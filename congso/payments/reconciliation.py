# SPDX-License-Identifier: MIT
"""Matching bank-statement credits to payment requests, and settling the ones that match.

A credit matches a request when its transfer content names the request's dossier code (or
the request's reference) and its amount is the amount due. Banks mangle contents: accents
dropped, case changed, dots and dashes removed or turned into spaces. Both sides are
therefore compared in a compact form: accents removed, upper case, letters and digits only
("000.00.01.H46-250105-0001" and "0000001 h46 250105 0001" are the same).

- one open request fits → matched, and paid;
- several fit (two dossiers named, or two requests of one dossier for the same amount) →
  ambiguous: an officer confirms which;
- none fits → unmatched (the note says when a dossier was named with another amount);
- a line already imported (same date, amount, content and bank reference) → duplicate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.models import Agency
from congso.core.text import strip_marks

from .exceptions import PaymentConflictError, PaymentRuleError
from .models import (
    LineStatus,
    Method,
    Payment,
    PaymentRequest,
    PaymentStatus,
    RequestStatus,
    StatementImport,
    StatementLine,
)
from .services import new_reference
from .settlement import Outcome, _release_dossier, payment_apply, receipt_number
from .statements import CreditLine, read_statement

NOT_ALNUM = re.compile(r"[^0-9A-Z]")
MIN_KEY = 8
CHUNK = 2000


def compact(text: str) -> str:
    return NOT_ALNUM.sub("", strip_marks(text).upper())


@dataclass(frozen=True)
class OpenRequest:
    pk: int
    amount: int
    holds_dossier: bool


class RequestIndex:
    """Open requests of an agency by compact dossier code and compact reference."""

    def __init__(self, rows: list[tuple[int, str, str, int, bool]]) -> None:
        self.by_key: dict[str, list[OpenRequest]] = defaultdict(list)
        for pk, reference, code, amount, holds in rows:
            item = OpenRequest(pk, amount, holds)
            for key in {compact(code), compact(reference)}:
                if len(key) >= MIN_KEY:
                    self.by_key[key].append(item)
        self.lengths = sorted({len(key) for key in self.by_key}, reverse=True)
        self.prefixes = {key[:MIN_KEY] for key in self.by_key}

    def named_in(self, content: str) -> list[OpenRequest]:
        text = compact(content)
        found: dict[int, OpenRequest] = {}
        for start in range(len(text) - MIN_KEY + 1):
            if text[start : start + MIN_KEY] not in self.prefixes:
                continue
            for length in self.lengths:
                for item in self.by_key.get(text[start : start + length], ()):
                    found[item.pk] = item
        return list(found.values())


def fingerprint(line: CreditLine) -> str:
    parts = [str(line.booked_on or ""), str(line.amount), compact(line.content), line.bank_ref]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _classify(line: CreditLine, index: RequestIndex, claimed: set[int]) -> tuple[str, list, str]:
    named = index.named_in(line.content)
    fits = [item for item in named if item.amount == line.amount and item.pk not in claimed]
    if len(fits) == 1:
        return LineStatus.MATCHED, fits, ""
    if len(fits) > 1:
        return LineStatus.AMBIGUOUS, fits, _("Several requests fit this transfer.")
    if named:
        return LineStatus.UNMATCHED, [], _("A dossier is named, with another amount.")
    return LineStatus.UNMATCHED, [], ""


def _open_requests(agency: Agency) -> RequestIndex:
    rows = PaymentRequest.objects.filter(agency=agency, status=RequestStatus.PENDING).values_list(
        "pk", "reference", "dossier__code", "amount", "holds_dossier"
    )
    return RequestIndex(list(rows))


def _settle_matched(statement: StatementImport, lines: list[StatementLine], actor) -> list[str]:
    """Pay the requests of matched lines in bulk, before the lines are written (each line
    then points at its payment); a line whose request was paid meanwhile becomes unmatched.
    Returns the references settled."""
    now = timezone.now()
    settled: list[str] = []
    for start in range(0, len(lines), CHUNK):
        chunk = lines[start : start + CHUNK]
        by_request = {line.request_id: line for line in chunk}
        still_open = set(
            PaymentRequest.objects.select_for_update()
            .filter(pk__in=list(by_request), status=RequestStatus.PENDING)
            .values_list("pk", flat=True)
        )
        payments = []
        for line in chunk:
            if line.request_id not in still_open:
                line.status, line.note, line.request_id = (
                    LineStatus.UNMATCHED,
                    _("The request was paid meanwhile."),
                    None,
                )
                continue
            payment = Payment(
                request_id=line.request_id,
                method=Method.TRANSFER,
                status=PaymentStatus.SUCCEEDED,
                order_id=new_reference("CK", 14),
                amount=line.amount,
                received_amount=line.amount,
                provider_ref=line.bank_ref or f"SK{statement.pk}-{line.line_number}",
                started_at=now,
                settled_at=now,
                recorded_by=actor,
            )
            payment.receipt_number = receipt_number(payment)
            payments.append(payment)
        Payment.objects.bulk_create(payments)
        for payment in payments:
            by_request[payment.request_id].payment = payment
        paid_ids = [p.request_id for p in payments]
        PaymentRequest.objects.filter(pk__in=paid_ids).update(
            status=RequestStatus.PAID, paid_at=now, updated_at=now
        )
        settled += list(
            PaymentRequest.objects.filter(pk__in=paid_ids).values_list("reference", flat=True)
        )
        held = PaymentRequest.objects.filter(pk__in=paid_ids, holds_dossier=True)
        for paid_request in held.select_related("dossier"):
            _release_dossier(paid_request, actor)
    return settled


@transaction.atomic
def _record(statement: StatementImport, credit_lines: list[CreditLine], actor) -> StatementImport:
    index = _open_requests(statement.agency)
    seen = set(
        StatementLine.objects.filter(statement__agency=statement.agency)
        .exclude(status=LineStatus.DUPLICATE)
        .values_list("fingerprint", flat=True)
    )
    claimed: set[int] = set()
    rows: list[StatementLine] = []
    for credit in credit_lines:
        mark = fingerprint(credit)
        if mark in seen:
            status, fits, note = LineStatus.DUPLICATE, [], _("Already imported.")
        else:
            seen.add(mark)
            status, fits, note = _classify(credit, index, claimed)
            if status == LineStatus.MATCHED:
                claimed.add(fits[0].pk)
        rows.append(
            StatementLine(
                statement=statement,
                line_number=credit.line_number,
                booked_on=credit.booked_on,
                amount=credit.amount,
                content=credit.content,
                bank_ref=credit.bank_ref,
                fingerprint=mark,
                status=status,
                note=note,
                candidates=[f.pk for f in fits],
                request_id=fits[0].pk if status == LineStatus.MATCHED else None,
            )
        )
    matched = [row for row in rows if row.status == LineStatus.MATCHED]
    settled = _settle_matched(statement, matched, actor)
    StatementLine.objects.bulk_create(rows, batch_size=CHUNK)
    counts = defaultdict(int)
    for row in rows:
        counts[row.status] += 1
    statement.matched = counts[LineStatus.MATCHED]
    statement.ambiguous = counts[LineStatus.AMBIGUOUS]
    statement.unmatched = counts[LineStatus.UNMATCHED]
    statement.duplicates = counts[LineStatus.DUPLICATE]
    statement.save()
    audit_record(
        actor=actor,
        action="payment.statement_import",
        target=statement,
        changes={
            "lines": len(rows),
            "matched": statement.matched,
            "ambiguous": statement.ambiguous,
            "unmatched": statement.unmatched,
            "duplicates": statement.duplicates,
            "settled": settled,
        },
    )
    return statement


def statement_import(
    *,
    fileobj: IO[bytes] | Any,
    filename: str,
    agency: Agency,
    actor: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> StatementImport:
    """Read, match and apply a bank statement of `agency`, in one transaction."""
    from .selectors import officer_fee_agencies

    if not officer_fee_agencies(user=actor).filter(pk=agency.pk).exists():
        raise PaymentRuleError(_("You hold no role in this agency."))
    parsed, sha256 = read_statement(fileobj, filename)
    statement = StatementImport(
        agency=agency,
        uploaded_by=actor,
        filename=filename[:255],
        sha256=sha256,
        file_format=parsed.file_format,
        encoding=parsed.encoding,
        columns=parsed.columns,
        problems=parsed.problems[:1000],
        lines_read=len(parsed.lines),
    )
    with transaction.atomic():
        statement.save()
        return _record(statement, parsed.lines, actor)


@transaction.atomic
def statement_line_confirm(
    *,
    line: StatementLine,
    reference: str,
    actor: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> StatementLine:
    """An officer says which request an ambiguous or unmatched credit pays."""
    line = StatementLine.objects.select_for_update().select_related("statement").get(pk=line.pk)
    if line.status not in (LineStatus.AMBIGUOUS, LineStatus.UNMATCHED):
        raise PaymentConflictError(_("This line is already settled."))
    paid_request = PaymentRequest.objects.filter(
        reference=reference.strip().upper()[:16], agency=line.statement.agency
    ).first()
    if paid_request is None:
        raise PaymentRuleError(
            _("No payment request %(ref)s in this agency.") % {"ref": reference[:16]}
        )
    if paid_request.amount != line.amount:
        raise PaymentRuleError(
            _("The transfer is %(got)s đ but the request asks %(want)s đ: record it with the bank.")
            % {"got": f"{line.amount:,}", "want": f"{paid_request.amount:,}"}
        )
    payment = Payment.objects.create(
        request=paid_request,
        method=Method.TRANSFER,
        order_id=new_reference("CK", 14),
        amount=paid_request.amount,
        recorded_by=actor,
    )
    outcome = payment_apply(
        payment=payment,
        reported="success",
        amount=line.amount,
        provider_ref=line.bank_ref or f"SK{line.statement_id}-{line.line_number}",
        actor=actor,
        request=request,
    )
    if outcome != Outcome.PAID:
        raise PaymentConflictError(_("This request is not waiting for payment."))
    line.status, line.request, line.payment, line.confirmed_by = (
        LineStatus.CONFIRMED,
        paid_request,
        payment,
        actor,
    )
    line.save(update_fields=["status", "request", "payment", "confirmed_by"])
    audit_record(
        actor=actor,
        action="payment.statement_confirm",
        target=line.statement,
        changes={"line": line.line_number, "request": paid_request.reference},
        request=request,
    )
    return line


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)
