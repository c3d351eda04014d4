# SPDX-License-Identifier: MIT
"""What a dossier owes: its fee lines from the catalog version it was received under.

The fees come from `dossier.procedure_version.data["fees"]` (pinned at registration), never
from the live catalog, so an amended fee does not change what older dossiers owe. A fee
applies to the dossier's channel or to every channel. Per-copy and per-item fees are
multiplied by the quantity the officer enters; a reduction is one of the fee's published
reductions (a percentage, 100 meaning exempt, or an amount off), chosen by the officer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from congso.catalog.models import FeeBasis, FeeDue

from .exceptions import PaymentRuleError
from .models import NATIONAL_COLLECTION_CODE

MAX_QUANTITY = 10_000


@dataclass(frozen=True)
class CatalogFee:
    index: int
    name: str
    kind: str
    amount: int
    basis: str
    due: str
    exemption: str
    reductions: list[dict[str, Any]]


@dataclass(frozen=True)
class FeeChoice:
    """The officer's answer for one fee: how many (0 = not charged) and which reduction."""

    index: int
    quantity: int = 1
    reduction: int | None = None


@dataclass(frozen=True)
class ComputedLine:
    position: int
    name: str
    kind: str
    basis: str
    unit_amount: int
    quantity: int
    gross: int
    reduction_group: str
    reduction_basis: str
    reduction: int
    amount: int
    collection_code: int


def dossier_fees(version_data: dict[str, Any], channel: str) -> list[CatalogFee]:
    """The fees of the pinned catalog version that apply to `channel`, each with its index."""
    fees = []
    for index, fee in enumerate(version_data.get("fees", [])):
        if fee.get("channel") and fee["channel"] != channel:
            continue
        fees.append(
            CatalogFee(
                index=index,
                name=fee["name"],
                kind=fee.get("kind", "charge"),
                amount=int(fee["amount"]),
                basis=fee.get("basis", FeeBasis.FIXED),
                due=fee.get("due", FeeDue.SUBMISSION),
                exemption=fee.get("exemption", ""),
                reductions=list(fee.get("reductions", [])),
            )
        )
    return fees


def _reduction(fee: CatalogFee, gross: int, choice: int | None) -> tuple[str, str, int]:
    if choice is None:
        return "", "", 0
    if not 0 <= choice < len(fee.reductions):
        raise PaymentRuleError(_("“%(fee)s” has no such reduction.") % {"fee": fee.name})
    rule = fee.reductions[choice]
    if rule.get("percent") is not None:
        off = (gross * int(rule["percent"]) + 50) // 100
    else:
        off = min(int(rule["amount"]), gross)
    return rule["group"], rule["basis"], off


def lines_compute(fees: list[CatalogFee], choices: list[FeeChoice], due: str) -> list[ComputedLine]:
    """The lines of a request for the fees due at `due`, one per fee charged."""
    by_index = {fee.index: fee for fee in fees}
    lines: list[ComputedLine] = []
    seen: set[int] = set()
    for choice in choices:
        fee = by_index.get(choice.index)
        if fee is None or fee.due != due or choice.index in seen:
            raise PaymentRuleError(_("A fee was chosen that this dossier does not owe now."))
        seen.add(choice.index)
        if not 0 <= choice.quantity <= MAX_QUANTITY:
            raise PaymentRuleError(
                _("The number for “%(fee)s” must be between 0 and %(max)s.")
                % {"fee": fee.name, "max": MAX_QUANTITY}
            )
        if choice.quantity == 0:
            continue
        if fee.basis == FeeBasis.FIXED and choice.quantity != 1:
            raise PaymentRuleError(_("“%(fee)s” is charged once per dossier.") % {"fee": fee.name})
        gross = fee.amount * choice.quantity
        group, basis, off = _reduction(fee, gross, choice.reduction)
        lines.append(
            ComputedLine(
                position=len(lines),
                name=fee.name,
                kind=fee.kind,
                basis=fee.basis,
                unit_amount=fee.amount,
                quantity=choice.quantity,
                gross=gross,
                reduction_group=group,
                reduction_basis=basis,
                reduction=off,
                amount=gross - off,
                collection_code=NATIONAL_COLLECTION_CODE[FeeDue(due)],
            )
        )
    if not lines:
        raise PaymentRuleError(_("Choose at least one fee to charge."))
    return lines
