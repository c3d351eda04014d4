# SPDX-License-Identifier: MIT
"""The ways to pay a request, behind one small interface.

A method says whether it can be offered for a request and what the payer must do: follow
a redirect (the gateway) or transfer with the details shown (VietQR). Cash is recorded by
an officer at the desk and is not offered online.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ..models import PaymentRequest


@dataclass(frozen=True)
class Instructions:
    """What the payer sees for one method."""

    code: str
    label: str
    redirect: bool = False
    payload: str = ""
    qr_svg: str = ""
    bank_bin: str = ""
    account: str = ""
    account_name: str = ""
    content: str = ""
    amount: int = 0


class PaymentMethod(Protocol):
    code: str
    label: str

    def available(self, request: PaymentRequest) -> bool: ...

    def instructions(self, request: PaymentRequest) -> Instructions: ...


class GatewayMethod:
    code = "gateway"
    label = _("Pay online (card, e-wallet, internet banking)")

    def available(self, request: PaymentRequest) -> bool:
        from .gateway import gateway_config

        return request.is_open and gateway_config() is not None

    def instructions(self, request: PaymentRequest) -> Instructions:
        return Instructions(code=self.code, label=str(self.label), redirect=True)


class VietQRMethod:
    code = "vietqr"
    label = _("Bank transfer with VietQR")

    def available(self, request: PaymentRequest) -> bool:
        from ..accounts_bank import collection_account_for

        return request.is_open and collection_account_for(request.agency) is not None

    def instructions(self, request: PaymentRequest) -> Instructions:
        from congso.dossiers.documents.base import qr_svg

        from ..accounts_bank import collection_account_for
        from .vietqr import request_transfer_content, vietqr_payload

        account = collection_account_for(request.agency)
        content = request_transfer_content(request.dossier.code, request.reference)
        payload = vietqr_payload(account=account, amount=request.amount, content=content)
        return Instructions(
            code=self.code,
            label=str(self.label),
            payload=payload,
            qr_svg=qr_svg(payload),
            bank_bin=account.bin,
            account=account.account,
            account_name=account.name,
            content=content,
            amount=request.amount,
        )


METHODS: dict[str, PaymentMethod] = {m.code: m for m in (GatewayMethod(), VietQRMethod())}


def methods_for(request: PaymentRequest) -> list[Instructions]:
    """The methods a payer may use for `request` now, with what to do for each."""
    return [m.instructions(request) for m in METHODS.values() if m.available(request)]
