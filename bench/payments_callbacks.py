# SPDX-License-Identifier: MIT
"""Payments: gateway callbacks per second over HTTP, and reconciling a 100,000-line statement.

    .venv/bin/python bench/payments_callbacks.py                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congso \
        .venv/bin/python bench/payments_callbacks.py
    .venv/bin/python bench/payments_callbacks.py --callbacks 500 --lines 10000   # quicker

1. Callbacks: N open payment requests with a pending gateway payment each; signed success
   callbacks (congso's gateway protocol) are POSTed to /payments/gateway/callback of a
   gunicorn server (2 gthread workers × 2 threads, full middleware) by 4 client threads.
   Each one verifies, settles the request under a row lock, writes the audit record and the
   message log. Prints callbacks/s and checks every request ended paid exactly once.
2. Reconciliation: L open requests of one agency and a CSV statement of L credit lines whose
   contents name the dossier codes mangled as banks do (lower case, dots and dashes dropped
   or turned into spaces); reading, matching and settling are timed separately.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dbsetup import django_setup, engine_name, fresh_database_url
from bench.httpload import server

SECRET = "bench-secret"
MERCHANT = "BENCH"


def world(count: int, slot: int = 1):
    """One agency, one procedure, `count` dossiers each with one open 10,000 đ request."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from congso.catalog import services as catalog_services
    from congso.catalog.models import Procedure
    from congso.catalog.tests.factories import sample_records
    from congso.core.models import AdministrativeUnit, Agency
    from congso.dossiers.models import Dossier
    from congso.payments.models import PaymentRequest

    unit, _ = AdministrativeUnit.objects.get_or_create(
        scheme="2025", level="province", code="46", defaults={"name": "Huế", "division_type": "x"}
    )
    agency = Agency.objects.create(
        code=f"000.00.{slot:02d}.H46",
        name=f"Trung tâm {slot}",
        kind="province_centre",
        level="province",
        unit=unit,
    )
    catalog_services.procedures_upsert(records=sample_records()[:2])
    procedure = Procedure.objects.get(code="1.000002")
    version = procedure.versions.first()
    user = get_user_model().objects.create_user(f"bench-officer-{slot}", password="x")
    now = timezone.now()
    with transaction.atomic():
        dossiers = Dossier.objects.bulk_create(
            [
                Dossier(
                    code=f"000.00.{slot:02d}.H46-250105-{i:06d}",
                    pin="000000",
                    procedure=procedure,
                    procedure_version=version,
                    channel="online",
                    source="portal",
                    receiving_agency=agency,
                    competent_agency=agency,
                    applicant_name="X",
                    state="accepted",
                    submitted_at=now,
                    accepted_at=now,
                    due_at=now,
                )
                for i in range(count)
            ],
            batch_size=2000,
        )
        requests = PaymentRequest.objects.bulk_create(
            [
                PaymentRequest(
                    reference=f"TTB{slot}{i:09d}",
                    dossier=d,
                    agency=agency,
                    due="submission",
                    amount=10000,
                    requested_by=user,
                )
                for i, d in enumerate(dossiers)
            ],
            batch_size=2000,
        )
    return agency, user, dossiers, requests


def bench_callbacks(count: int, threads: int) -> None:
    import httpx
    from django.db import connection

    from congso.payments import gateway_protocol as protocol
    from congso.payments.models import Payment, PaymentStatus

    _agency, _user, _dossiers, requests = world(count)
    Payment.objects.bulk_create(
        [
            Payment(request=r, method="gateway", order_id=f"GDB{i:012d}", amount=r.amount)
            for i, r in enumerate(requests)
        ],
        batch_size=2000,
    )
    messages = [
        json.dumps(
            protocol.signed(
                {
                    "merchant": MERCHANT,
                    "order_id": f"GDB{i:012d}",
                    "txn_id": f"T{i}",
                    "status": "success",
                    "amount": "10000",
                    "currency": "704",
                },
                SECRET,
            )
        ).encode()
        for i in range(count)
    ]
    connection.close()
    env = {
        "CONGSO_PAYMENTS_GATEWAY_URL": "http://127.0.0.1:9",
        "CONGSO_PAYMENTS_GATEWAY_SECRET": SECRET,
        "CONGSO_PAYMENTS_GATEWAY_MERCHANT": MERCHANT,
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
    }
    with server(env) as base:
        client = httpx.Client(timeout=30)

        def post(body: bytes) -> int:
            return client.post(
                f"{base}/payments/gateway/callback",
                content=body,
                headers={"Content-Type": "application/json"},
            ).status_code

        start = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            statuses = list(pool.map(post, messages))
        elapsed = time.perf_counter() - start
        # The same callbacks again: all duplicates, nothing settled twice.
        start2 = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            again = list(pool.map(post, messages[: min(count, 500)]))
        elapsed2 = time.perf_counter() - start2
    paid = Payment.objects.filter(status=PaymentStatus.SUCCEEDED).count()
    print(
        f"  callbacks: {count} in {elapsed:.2f} s = {count / elapsed:.0f}/s "
        f"({threads} client threads); non-200: {sum(s != 200 for s in statuses)}; "
        f"paid: {paid}"
    )
    print(
        f"  repeated callbacks: {len(again)} in {elapsed2:.2f} s = "
        f"{len(again) / elapsed2:.0f}/s; non-200: {sum(s != 200 for s in again)}"
    )


def bench_reconciliation(lines: int) -> None:
    from congso.payments.models import PaymentRequest
    from congso.payments.reconciliation import statement_import
    from congso.payments.statements import read_statement

    agency, user, dossiers, _requests = world(lines, slot=2)
    import datetime as dt

    from congso.accounts.models import OfficerRole

    OfficerRole.objects.create(
        user=user, agency=agency, role="reception", valid_from=dt.date(2020, 1, 1)
    )
    out = io.StringIO()
    out.write("Ngày giao dịch;Số tham chiếu;Ghi có;Nội dung giao dịch\n")
    for i, d in enumerate(dossiers):
        code = d.code
        mangled = [
            code.replace(".", "").replace("-", " ").lower(),
            code.replace("-", ""),
            f"NOP PHI HS {code}",
        ][i % 3]
        out.write(f"05/01/2025;FT{i:09d};10.000;CK {mangled} NGUYEN VAN A\n")
    data = out.getvalue().encode("utf-8-sig")
    start = time.perf_counter()
    statement, _sha = read_statement(io.BytesIO(data), "bench.csv")
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    imported = statement_import(
        fileobj=io.BytesIO(data), filename="bench.csv", agency=agency, actor=user
    )
    total_s = time.perf_counter() - start
    paid = PaymentRequest.objects.filter(status="paid", agency=agency).count()
    print(
        f"  statement: {len(data) / 1e6:.1f} MB, {len(statement.lines)} lines read in "
        f"{read_s:.2f} s"
    )
    print(
        f"  read + match + settle {lines} lines against {lines} open requests: {total_s:.2f} s "
        f"(matched {imported.matched}, ambiguous {imported.ambiguous}, unmatched "
        f"{imported.unmatched}; requests paid {paid})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--callbacks", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()
    url = fresh_database_url("payments_callbacks")
    django_setup(url)
    print(f"{engine_name(url)}:")
    bench_callbacks(args.callbacks, args.threads)
    bench_reconciliation(args.lines)


if __name__ == "__main__":
    main()
