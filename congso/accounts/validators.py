# SPDX-License-Identifier: MIT
"""Checks of Vietnamese identifiers: citizen ID (CCCD), tax code (MST), mobile phone numbers.

Every check raises django.core.exceptions.ValidationError with a Vietnamese message (English
msgids), so the same functions serve model fields, forms and services. The lists below are
data: where a rule is marked [K] it is general knowledge not checked against the primary
text (DOMAIN.md), and the matching setting lets a deployment change it without a release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- citizen ID (số định danh cá nhân, printed on the CCCD / căn cước card) -------------------

#: Province-of-birth codes on a personal identification number: 001–096 with gaps, one per
#: province of the 2004 list (63 provinces) that Circular 07/2016/TT-BCA and then Circular
#: 59/2021/TT-BCA use [K]. The 2025 merger did not renumber issued IDs, so the old codes stay
#: valid for good. Override with settings.CONGSO_CITIZEN_ID_PROVINCE_CODES.
CITIZEN_ID_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

#: The 4th digit: first year of the century of birth, and sex (Circular 59/2021/TT-BCA,
#: Art. 7 [K]): 0/1 born 1900–1999 male/female, 2/3 2000–2099, 4/5 2100–2199,
#: 6/7 2200–2299, 8/9 2300–2399. Even digits are male, odd female.
CITIZEN_ID_CENTURY_DIGITS: dict[str, tuple[int, str]] = {
    "0": (1900, "male"),
    "1": (1900, "female"),
    "2": (2000, "male"),
    "3": (2000, "female"),
    "4": (2100, "male"),
    "5": (2100, "female"),
    "6": (2200, "male"),
    "7": (2200, "female"),
    "8": (2300, "male"),
    "9": (2300, "female"),
}

CITIZEN_ID_PATTERN = r"^[0-9]{12}$"
_SEPARATORS = re.compile(r"[\s.]+")


@dataclass(frozen=True)
class CitizenIdInfo:
    """What the digits of a personal identification number say about its holder."""

    number: str
    province_code: str
    birth_year: int
    sex: str  # "male" | "female"


def _province_codes() -> dict[str, str] | frozenset[str]:
    codes = getattr(settings, "CONGSO_CITIZEN_ID_PROVINCE_CODES", None)
    return frozenset(codes) if codes is not None else CITIZEN_ID_PROVINCE_CODES


def normalise_citizen_id(value: str) -> str:
    """Drop the spaces and dots people type inside the number."""
    return _SEPARATORS.sub("", str(value or ""))


def citizen_id_info(value: str) -> CitizenIdInfo:
    """Parse and check a 12-digit citizen ID on its own (no date of birth needed).

    Legal basis: Luật Căn cước 2023 Art. 12; Circular 59/2021/TT-BCA Art. 7 [K].
    """
    number = normalise_citizen_id(value)
    if not re.fullmatch(CITIZEN_ID_PATTERN, number):
        raise ValidationError(_("A citizen ID has exactly 12 digits."), code="citizen_id_format")
    province = number[:3]
    if province not in _province_codes():
        raise ValidationError(
            _("A citizen ID starts with a province code; %(code)s is not one."),
            code="citizen_id_province",
            params={"code": province},
        )
    century_start, sex = CITIZEN_ID_CENTURY_DIGITS[number[3]]
    birth_year = century_start + int(number[4:6])
    if birth_year > timezone.localdate().year:
        raise ValidationError(
            _("This citizen ID gives a birth year in the future (%(year)s)."),
            code="citizen_id_future",
            params={"year": birth_year},
        )
    return CitizenIdInfo(number=number, province_code=province, birth_year=birth_year, sex=sex)


def validate_citizen_id(
    value: str, *, date_of_birth: date | None = None, sex: str | None = None
) -> CitizenIdInfo:
    """Check a citizen ID and, when known, that it agrees with the date of birth and sex.

    The 4th digit gives the century and sex, the 5th–6th the last two digits of the year
    of birth, so a mismatch means a typing error in one of them.
    """
    info = citizen_id_info(value)
    if date_of_birth is not None and date_of_birth.year != info.birth_year:
        raise ValidationError(
            _(
                "The citizen ID says the holder was born in %(id_year)s, "
                "but the date of birth is in %(year)s."
            ),
            code="citizen_id_birth_year",
            params={"id_year": info.birth_year, "year": date_of_birth.year},
        )
    if sex and sex != info.sex:
        raise ValidationError(
            _("The citizen ID does not match the sex given."), code="citizen_id_sex"
        )
    return info


def citizen_id_validator(value: str) -> None:
    """Field validator: the number alone (cross-field checks live in the model's clean())."""
    citizen_id_info(value)


# --- tax code (mã số thuế) ---------------------------------------------------------------------

#: Check-digit weights of the first 9 digits: Circular 105/2020/TT-BTC Art. 5 and Annex 1
#: [K]. Check digit = 10 − (Σ dᵢ·wᵢ mod 11); a remainder of 0 gives no valid digit (as
#: python-stdnum reads it) [K?].
TAX_CODE_WEIGHTS: tuple[int, ...] = (31, 29, 23, 19, 17, 13, 7, 5, 3)
#: Whether the check digit is enforced. Override with settings.CONGSO_TAX_CODE_CHECKSUM.
TAX_CODE_CHECKSUM_ENFORCED = True
#: From 1 July 2025 an individual's (and a household business's) tax code is the 12-digit
#: personal identification number (Circular 86/2024/TT-BTC [K]).
TAX_CODE_PATTERN = r"^([0-9]{10}(-[0-9]{3})?|[0-9]{12})$"
_TAX_SEPARATORS = re.compile(r"[\s.]+")


def tax_code_check_digit(first_nine: str) -> str | None:
    """The 10th digit for these 9, or None when no digit satisfies the checksum."""
    total = sum(
        weight * int(digit) for weight, digit in zip(TAX_CODE_WEIGHTS, first_nine, strict=True)
    )
    check = 10 - total % 11
    return None if check == 10 else str(check)


def _checksum_enforced() -> bool:
    return bool(getattr(settings, "CONGSO_TAX_CODE_CHECKSUM", TAX_CODE_CHECKSUM_ENFORCED))


def normalise_tax_code(value: str) -> str:
    """Compact form: 10 digits, 10 digits-3 digits (a branch), or 12 digits."""
    compact = _TAX_SEPARATORS.sub("", str(value or ""))
    if re.fullmatch(r"[0-9]{13}", compact):
        compact = f"{compact[:10]}-{compact[10:]}"
    return compact


def validate_tax_code(value: str) -> str:
    """Check a tax code and return it in compact form.

    Legal basis: Circular 105/2020/TT-BTC Art. 5 (structure, check digit) [K]; Circular
    86/2024/TT-BTC (personal identification number as tax code from 1 July 2025) [K].
    """
    code = normalise_tax_code(value)
    if not re.fullmatch(TAX_CODE_PATTERN, code):
        raise ValidationError(
            _(
                "A tax code has 10 digits, 10 digits, a hyphen and a 3-digit branch number, "
                "or, for a person, the 12-digit citizen ID."
            ),
            code="tax_code_format",
        )
    if len(code) == 12:
        try:
            citizen_id_info(code)
        except ValidationError as exc:
            raise ValidationError(
                _("A 12-digit tax code must be a valid citizen ID: %(reason)s"),
                code="tax_code_personal",
                params={"reason": " ".join(exc.messages)},
            ) from exc
        return code
    if code[2:9] == "0000000" or code.endswith("-000"):
        raise ValidationError(_("This tax code does not exist."), code="tax_code_component")
    if _checksum_enforced() and tax_code_check_digit(code[:9]) != code[9]:
        raise ValidationError(
            _("The check digit of this tax code is wrong: please check the number."),
            code="tax_code_checksum",
        )
    return code


def tax_code_validator(value: str) -> None:
    validate_tax_code(value)


# --- phone numbers -----------------------------------------------------------------------------

#: Mobile prefixes (0 + two digits) after the 2018 renumbering [K]: Viettel 032–039, 086,
#: 096–098; VinaPhone 081–085, 088, 091, 094; MobiFone 070, 076–079, 089, 090, 093;
#: Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Itelecom 087; Wintel (Reddi) 055.
#: Override with settings.CONGSO_MOBILE_PREFIXES.
MOBILE_PREFIXES: frozenset[str] = frozenset(
    {
        *("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"),
        *("081", "082", "083", "084", "085", "088", "091", "094"),
        *("070", "076", "077", "078", "079", "089", "090", "093"),
        *("052", "056", "058", "092", "059", "099", "087", "055"),
    }
)
PHONE_PATTERN = r"^\+84[0-9]{9,10}$"
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]+")


def _mobile_prefixes() -> frozenset[str]:
    prefixes = getattr(settings, "CONGSO_MOBILE_PREFIXES", None)
    return frozenset(prefixes) if prefixes is not None else MOBILE_PREFIXES


def normalise_phone(value: str, *, mobile_only: bool = True) -> str:
    """Return a Vietnamese phone number as +84…, or raise ValidationError.

    Accepts 0912 345 678, 0912.345.678, +84 912 345 678, 84912345678 and (+84) 912-345-678.
    A mobile number is 0 + 9 digits with a known prefix; with `mobile_only=False` a
    landline (0 + 2 + 9 digits, area codes since 2017 [K]) is accepted too.
    """
    raw = _PHONE_SEPARATORS.sub("", str(value or ""))
    if raw.startswith("+84"):
        national = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        national = "0" + raw[2:]
    else:
        national = raw
    if re.fullmatch(r"0[0-9]{9}", national) and national[:3] in _mobile_prefixes():
        return "+84" + national[1:]
    if not mobile_only and re.fullmatch(r"02[0-9]{9}", national):
        return "+84" + national[1:]
    if mobile_only:
        raise ValidationError(
            _("Enter a Vietnamese mobile number: 0 and 9 digits, for example 0912 345 678."),
            code="phone_mobile",
        )
    raise ValidationError(
        _("Enter a Vietnamese phone number, for example 0912 345 678 or 024 3825 1234."),
        code="phone",
    )


def phone_validator(value: str) -> None:
    """Field validator for stored numbers, which are always in +84 form."""
    if not re.fullmatch(PHONE_PATTERN, value or ""):
        raise ValidationError(
            _("Phone numbers are stored in the form +84 followed by the national number."),
            code="phone_stored_form",
        )
