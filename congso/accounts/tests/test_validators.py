# SPDX-License-Identifier: MIT
"""Citizen IDs, tax codes and phone numbers: good values pass, every kind of bad one fails."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import override

from congso.accounts.validators import (
    CITIZEN_ID_PROVINCE_CODES,
    citizen_id_info,
    normalise_phone,
    phone_validator,
    tax_code_check_digit,
    validate_citizen_id,
    validate_tax_code,
)


def codes(exc_info: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {error.code for error in exc_info.value.error_list}


# --- citizen ID ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "year", "sex"),
    [
        ("001099012345", 1999, "male"),
        ("079301000123", 2001, "female"),
        ("046000000001", 1900, "male"),
        ("096325999999", 2025, "female"),
        ("096125999999", 1925, "female"),
        ("046 099 012 345", 1999, "male"),
        ("046.099.012.345", 1999, "male"),
    ],
)
def test_a_good_citizen_id_tells_birth_year_and_sex(number, year, sex):
    info = citizen_id_info(number)
    assert (info.birth_year, info.sex) == (year, sex)
    assert len(info.number) == 12 and info.number.isdigit()


@pytest.mark.parametrize(
    "number",
    [
        "04609901234",
        "0460990123456",
        "",
        "04609901234a",
        "O46099012345",
        "046-099-012-345",
        "０４６０９９０１２３４５",
        "046099 01234\n5x",
        "٠٤٦٠٩٩٠١٢٣٤٥",
    ],
)
def test_a_citizen_id_without_exactly_12_ascii_digits_is_refused(number):
    with pytest.raises(ValidationError) as exc_info:
        citizen_id_info(number)
    assert codes(exc_info) == {"citizen_id_format"}


@pytest.mark.parametrize("province", ["000", "003", "005", "097", "099", "100", "999"])
def test_a_citizen_id_with_an_unknown_province_code_is_refused(province):
    with pytest.raises(ValidationError) as exc_info:
        citizen_id_info(f"{province}099012345")
    assert codes(exc_info) == {"citizen_id_province"}


def test_the_province_list_has_the_63_codes_of_the_2004_list():
    assert len(CITIZEN_ID_PROVINCE_CODES) == 63
    assert min(CITIZEN_ID_PROVINCE_CODES) == "001" and max(CITIZEN_ID_PROVINCE_CODES) == "096"


@override_settings(CONGSO_CITIZEN_ID_PROVINCE_CODES=["046"])
def test_the_province_codes_can_be_changed_by_setting():
    citizen_id_info("046099012345")
    with pytest.raises(ValidationError):
        citizen_id_info("001099012345")


@pytest.mark.parametrize("digit", ["4", "5", "6", "7", "8", "9"])
def test_a_citizen_id_born_in_a_future_century_is_refused(digit):
    with pytest.raises(ValidationError) as exc_info:
        citizen_id_info(f"046{digit}99012345")
    assert codes(exc_info) == {"citizen_id_future"}


def test_a_citizen_id_born_next_year_is_refused():
    next_year = timezone.localdate().year + 1 - 2000
    with pytest.raises(ValidationError):
        citizen_id_info(f"0463{next_year:02d}012345")


def test_a_citizen_id_must_agree_with_the_date_of_birth():
    validate_citizen_id("046099012345", date_of_birth=date(1999, 12, 31))
    with pytest.raises(ValidationError) as exc_info:
        validate_citizen_id("046099012345", date_of_birth=date(1998, 12, 31))
    assert codes(exc_info) == {"citizen_id_birth_year"}


def test_the_century_digit_must_agree_with_the_date_of_birth():
    # Same two year digits, wrong century: 2 = born 2000–2099, 0 = born 1900–1999.
    with pytest.raises(ValidationError) as exc_info:
        validate_citizen_id("046205012345", date_of_birth=date(1905, 1, 1))
    assert codes(exc_info) == {"citizen_id_birth_year"}
    with pytest.raises(ValidationError) as exc_info:
        validate_citizen_id("046005012345", date_of_birth=date(2005, 1, 1))
    assert codes(exc_info) == {"citizen_id_birth_year"}
    validate_citizen_id("046205012345", date_of_birth=date(2005, 1, 1))


def test_a_citizen_id_must_agree_with_the_sex():
    validate_citizen_id("046099012345", sex="male")
    with pytest.raises(ValidationError) as exc_info:
        validate_citizen_id("046099012345", sex="female")
    assert codes(exc_info) == {"citizen_id_sex"}


def test_the_messages_are_vietnamese():
    with override("vi"), pytest.raises(ValidationError) as exc_info:
        citizen_id_info("123")
    assert exc_info.value.messages == ["Số định danh cá nhân phải có đúng 12 chữ số."]


# --- tax code ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0100233488", "0100233488"),
        ("0314409058", "0314409058"),
        ("0314409058-002", "0314409058-002"),
        ("0314409058002", "0314409058-002"),
        ("0314 409 058 - 002", "0314409058-002"),
        ("03.14.409.058", "0314409058"),
        ("046099012345", "046099012345"),
    ],
)
def test_good_tax_codes_are_accepted_in_compact_form(value, expected):
    assert validate_tax_code(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0100233480", "tax_code_checksum"),
        ("0100233489", "tax_code_checksum"),
        ("0314409058-000", "tax_code_component"),
        ("0100000000", "tax_code_component"),
        ("010023348", "tax_code_format"),
        ("01002334881", "tax_code_format"),
        ("0100233488-02", "tax_code_format"),
        ("0100233488-0021", "tax_code_format"),
        ("0100233488_002", "tax_code_format"),
        ("010023348A", "tax_code_format"),
        ("", "tax_code_format"),
        ("003099012345", "tax_code_personal"),
        ("046999012345", "tax_code_personal"),
    ],
)
def test_bad_tax_codes_are_refused(value, code):
    with pytest.raises(ValidationError) as exc_info:
        validate_tax_code(value)
    assert codes(exc_info) == {code}


def test_the_check_digit_follows_the_weights():
    # 0100233488: 0·31 + 1·29 + 0·23 + 0·19 + 2·17 + 3·13 + 3·7 + 4·5 + 8·3 = 167; 167 mod 11 = 2.
    assert tax_code_check_digit("010023348") == "8"


def test_nine_digits_whose_remainder_is_zero_have_no_valid_check_digit():
    first_nine = next(
        f"{n:09d}" for n in range(100000000, 100100000) if tax_code_check_digit(f"{n:09d}") is None
    )
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_tax_code(first_nine + last)


@override_settings(CONGSO_TAX_CODE_CHECKSUM=False)
def test_the_checksum_can_be_switched_off():
    assert validate_tax_code("0100233480") == "0100233480"


# --- phone numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84912345678",
        "+84 912 345 678",
        "84912345678",
        "(+84) 912-345-678",
    ],
)
def test_mobile_numbers_are_normalised_to_plus84(value):
    assert normalise_phone(value) == "+84912345678"


@pytest.mark.parametrize("prefix", ["032", "039", "086", "070", "079", "052", "059", "099", "087"])
def test_each_carrier_prefix_is_accepted(prefix):
    assert normalise_phone(f"{prefix}1234567") == f"+84{prefix[1:]}1234567"


@pytest.mark.parametrize(
    "value",
    [
        "091234567",
        "09123456789",
        "0112345678",
        "0212345678",
        "0412345678",
        "0601234567",
        "+8491234567",
        "+849123456789",
        "912345678",
        "091234567a",
        "",
        "+1 415 555 0100",
        "0912345678 ext 2",
    ],
)
def test_bad_mobile_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        normalise_phone(value)


def test_landlines_only_when_asked():
    with pytest.raises(ValidationError):
        normalise_phone("024 3825 1234")
    assert normalise_phone("024 3825 1234", mobile_only=False) == "+842438251234"
    assert normalise_phone("+84 234 3825 123", mobile_only=False) == "+842343825123"


@override_settings(CONGSO_MOBILE_PREFIXES=["091"])
def test_the_mobile_prefixes_can_be_changed_by_setting():
    assert normalise_phone("0912345678") == "+84912345678"
    with pytest.raises(ValidationError):
        normalise_phone("0981234567")


def test_stored_phones_are_in_plus84_form():
    phone_validator("+84912345678")
    for stored in ("0912345678", "+84 912345678", "+8491234567"):
        with pytest.raises(ValidationError):
            phone_validator(stored)
