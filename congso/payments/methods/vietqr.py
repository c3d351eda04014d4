# SPDX-License-Identifier: MIT
"""VietQR: the EMVCo merchant-presented QR payload with the NAPAS bank-transfer fields.

    00 payload format "01" · 01 initiation "12" (dynamic: it carries an amount)
    38 merchant account: 00 GUID A000000727 · 01 (00 bank BIN, 01 account) · 02 QRIBFTTA
    53 currency 704 · 54 amount · 58 country VN · 62 additional data: 08 transfer content
    63 CRC-16/CCITT-FALSE over everything before it, "6304" included

Each data object is ID (2 digits), length (2 digits), value. Values are ASCII: the
transfer content is written without accents (banks strip them anyway), at most 25 long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from congso.core.text import strip_marks

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY = "VN"
BIN_RE = re.compile(r"^\d{6}$")
ACCOUNT_RE = re.compile(r"^[0-9A-Za-z]{1,19}$")
CONTENT_MAX = 25


class VietQRError(ValueError):
    pass


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, not reflected, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    if len(value) > 99 or not value:
        raise VietQRError(f"field {tag} must be 1 to 99 characters long")
    return f"{tag}{len(value):02d}{value}"


def _plain(text: str) -> str:
    plain = re.sub(r"[^0-9A-Za-z .\-]", " ", strip_marks(text))
    return re.sub(r"\s+", " ", plain).strip()


def transfer_content(text: str) -> str:
    """Transfer content as banks carry it: ASCII letters, digits, spaces, dots and dashes."""
    return _plain(text)[:CONTENT_MAX]


def request_transfer_content(dossier_code: str, reference: str) -> str:
    """What the payer's transfer should say: the dossier code when it fits the 25
    characters, else the payment request's reference (reconciliation matches either; a cut
    code would match nothing)."""
    code = _plain(dossier_code)
    return code if len(code) <= CONTENT_MAX else transfer_content(reference)


@dataclass(frozen=True)
class BankAccount:
    bin: str
    account: str
    name: str = ""

    def check(self) -> None:
        if not BIN_RE.match(self.bin):
            raise VietQRError("the bank BIN has 6 digits")
        if not ACCOUNT_RE.match(self.account):
            raise VietQRError("the account number has 1 to 19 letters or digits")


def vietqr_payload(*, account: BankAccount, amount: int, content: str) -> str:
    account.check()
    if amount <= 0 or len(str(amount)) > 13:
        raise VietQRError("the amount must be a positive whole number of dong")
    beneficiary = tlv("00", account.bin) + tlv("01", account.account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("38", merchant)
        + tlv("53", CURRENCY_VND)
        + tlv("54", str(amount))
        + tlv("58", COUNTRY)
    )
    cleaned = transfer_content(content)
    if cleaned:
        body += tlv("62", tlv("08", cleaned))
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse_tlv(payload: str) -> list[tuple[str, str]]:
    """Split a payload into (ID, value) pairs, refusing a length that runs past the end."""
    items, index = [], 0
    while index < len(payload):
        if index + 4 > len(payload) or not payload[index : index + 4].isdigit():
            raise VietQRError(f"bad data object at {index}")
        tag, length = payload[index : index + 2], int(payload[index + 2 : index + 4])
        value = payload[index + 4 : index + 4 + length]
        if len(value) != length:
            raise VietQRError(f"data object {tag} is cut short")
        items.append((tag, value))
        index += 4 + length
    return items
