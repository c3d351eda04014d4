# SPDX-License-Identifier: MIT
"""Demo data: a collection account for each demo agency that has none (a demo account, labelled)."""

from __future__ import annotations

from typing import IO

from django.db import transaction

from congso.core.models import Agency

from .models import AgencyBankAccount

# A made-up account at BIN 970415 (VietinBank): it receives nothing, it only makes the QR.
DEMO_BIN = "970415"


@transaction.atomic
def load_demo_data(stdout: IO[str]) -> None:
    created = 0
    for index, agency in enumerate(Agency.objects.filter(is_demo=True).order_by("code")):
        _row, made = AgencyBankAccount.objects.get_or_create(
            agency=agency,
            defaults={
                "bank_bin": DEMO_BIN,
                "account_number": f"9999{index:08d}",
                "account_name": f"DEMO - {agency.name}"[:120],
                "bank_name": "Tài khoản minh họa (demo)",
                "is_demo": True,
            },
        )
        created += made
    stdout.write(f"Tài khoản thu phí (demo): {created} mới\n")
