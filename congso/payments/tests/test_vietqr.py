# SPDX-License-Identifier: MIT
"""VietQR payloads, field by field against the EMVCo / NAPAS rules, and their CRC."""

from __future__ import annotations

import binascii

import pytest

from congso.payments.methods.vietqr import (
    BankAccount,
    VietQRError,
    crc16_ccitt_false,
    parse_tlv,
    request_transfer_content,
    transfer_content,
    vietqr_payload,
)

# Published in the README of github.com/subiz/vietqr: 120,000 đ to account 0011001932418 at
# BIN 970415 with the content "ủng hộ lũ lụt".
PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)


def test_the_published_example_is_reproduced_exactly():
    payload = vietqr_payload(
        account=BankAccount("970415", "0011001932418"), amount=120000, content="ủng hộ lũ lụt"
    )
    assert payload == PUBLISHED


def test_crc_matches_an_independent_implementation_and_the_check_value():
    # The CRC-16/CCITT-FALSE check value of "123456789" is 0x29B1.
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    body = PUBLISHED[:-4]
    assert crc16_ccitt_false(body.encode()) == binascii.crc_hqx(body.encode(), 0xFFFF) == 0xC15C


def test_a_dossier_payload_field_by_field():
    code = "000.00.01.H46-250105-0001"
    payload = vietqr_payload(
        account=BankAccount("970436", "0881000458086", "TT PVHCC"), amount=58000, content=code
    )
    root = parse_tlv(payload)
    tags = [tag for tag, _ in root]
    assert tags == ["00", "01", "38", "53", "54", "58", "62", "63"]
    fields = dict(root)
    assert fields["00"] == "01"
    assert fields["01"] == "12"  # dynamic: the amount is set
    merchant = dict(parse_tlv(fields["38"]))
    assert merchant["00"] == "A000000727"
    assert merchant["02"] == "QRIBFTTA"
    beneficiary = dict(parse_tlv(merchant["01"]))
    assert beneficiary == {"00": "970436", "01": "0881000458086"}
    assert fields["53"] == "704"
    assert fields["54"] == "58000"
    assert fields["58"] == "VN"
    assert dict(parse_tlv(fields["62"])) == {"08": code}
    assert payload[-8:-4] == "6304"
    assert int(fields["63"], 16) == binascii.crc_hqx(payload[:-4].encode(), 0xFFFF)
    assert payload.isascii()


def test_content_is_ascii_and_at_most_25_characters():
    assert transfer_content("Nộp phí hồ sơ: 000.00.01.H46-250105-0001!") == (
        "Nop phi ho so 000.00.01.H"
    )
    assert len(transfer_content("x" * 80)) == 25


def test_a_code_too_long_to_carry_whole_gives_way_to_the_reference():
    assert request_transfer_content("000.00.01.H46-250105-0001", "TT7K2M9Q4X") == (
        "000.00.01.H46-250105-0001"  # 25 characters: carried whole
    )
    # A day's 10,000th dossier: a cut code would match nothing when reconciling.
    assert request_transfer_content("000.00.01.H46-250105-10001", "TT7K2M9Q4X") == "TT7K2M9Q4X"


@pytest.mark.parametrize(
    ("account", "amount"),
    [
        (BankAccount("97041", "123"), 1000),
        (BankAccount("970415", "12 34"), 1000),
        (BankAccount("970415", "1" * 20), 1000),
        (BankAccount("970415", "123"), 0),
    ],
)
def test_bad_accounts_and_amounts_are_refused(account, amount):
    with pytest.raises(VietQRError):
        vietqr_payload(account=account, amount=amount, content="x")


def test_a_cut_payload_does_not_parse():
    with pytest.raises(VietQRError):
        parse_tlv(PUBLISHED[:-2])
