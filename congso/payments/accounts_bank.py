# SPDX-License-Identifier: MIT
"""Which bank account an agency collects into: its own, else the province's default."""

from __future__ import annotations

from django.conf import settings

from congso.core.models import Agency

from .methods.vietqr import BankAccount, VietQRError
from .models import AgencyBankAccount


def collection_account_for(agency: Agency) -> BankAccount | None:
    row = AgencyBankAccount.objects.filter(agency=agency).first()
    if row is not None:
        account = BankAccount(row.bank_bin, row.account_number, row.account_name)
    else:
        account = BankAccount(
            getattr(settings, "CONGSO_PAYMENTS_VIETQR_BIN", ""),
            getattr(settings, "CONGSO_PAYMENTS_VIETQR_ACCOUNT", ""),
            getattr(settings, "CONGSO_PAYMENTS_VIETQR_ACCOUNT_NAME", ""),
        )
    try:
        account.check()
    except VietQRError:
        return None
    return account
