# SPDX-License-Identifier: MIT
"""Reading what an OpenID Connect identity provider says about a citizen.

Identity-critical claims (name, date of birth, citizen ID) must be right or the sign-in is
refused with InvalidInputError; contact details that do not parse are dropped and logged
without their value.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from congso.core.exceptions import InvalidInputError
from congso.core.models import AdministrativeUnit, UnitLevel, UnitScheme
from congso.core.text import nfc

from .models import IdentityLevel, Sex
from .validators import normalise_phone, validate_citizen_id

log = logging.getLogger(__name__)

#: Claim names read from an OpenID Connect ID token or userinfo answer. `name`, `birthdate`,
#: `gender`, `phone_number`, `email` and `address` are standard (OIDC Core §5.1); the
#: citizen ID and identity level are what congso's development provider sends, and what a
#: VNeID-like provider is mapped to by the OIDC client [K].
CITIZEN_ID_CLAIMS = ("citizen_id", "personal_identification_number")
IDENTITY_LEVEL_CLAIM = "identity_level"
COMMUNE_CODE_CLAIM = "commune_code"

_SEX_WORDS = {
    "male": Sex.MALE,
    "m": Sex.MALE,
    "nam": Sex.MALE,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
    "nữ": Sex.FEMALE,
    "nu": Sex.FEMALE,
}


@dataclass
class CitizenClaims:
    full_name: str
    citizen_id: str | None
    date_of_birth: date | None
    sex: str
    phone: str
    email: str
    address_line: str
    address_unit: AdministrativeUnit | None
    identity_level: int


def _claim_name(claims: Mapping[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        parts = (claims.get(key) for key in ("family_name", "middle_name", "given_name"))
        name = " ".join(str(part).strip() for part in parts if part)
    name = " ".join(nfc(name).split())
    if not name:
        raise InvalidInputError(
            _("The identity provider did not send the person's name."), extra={"field": "name"}
        )
    if len(name) > 150:
        raise InvalidInputError(_("The name is too long."), extra={"field": "name"})
    return name


def _claim_birthdate(claims: Mapping[str, Any]) -> date | None:
    raw = str(claims.get("birthdate") or "").strip()
    # OIDC allows "0000-MM-DD" (year withheld) and "YYYY" (only the year): no full date.
    if not raw or raw.startswith("0000") or len(raw) == 4:
        return None
    try:
        parsed = parse_date(raw)
    except ValueError:
        parsed = None
    if parsed is None or parsed > timezone.localdate():
        raise InvalidInputError(
            _("The identity provider sent an impossible date of birth."),
            extra={"field": "birthdate"},
        )
    return parsed


def _claim_optional_phone(claims: Mapping[str, Any]) -> str:
    raw = claims.get("phone_number")
    if not raw:
        return ""
    try:
        return normalise_phone(str(raw), mobile_only=False)
    except ValidationError:
        log.warning("identity claims: phone_number ignored, not a Vietnamese number")
        return ""


def _claim_optional_email(claims: Mapping[str, Any]) -> str:
    raw = str(claims.get("email") or "").strip()
    if not raw:
        return ""
    try:
        validate_email(raw)
    except ValidationError:
        log.warning("identity claims: email ignored, not an e-mail address")
        return ""
    return raw[:254]


def _claim_address(claims: Mapping[str, Any]) -> tuple[str, AdministrativeUnit | None]:
    address = claims.get("address")
    address = address if isinstance(address, Mapping) else {}
    line = str(address.get("street_address") or address.get("formatted") or "").strip()
    code = str(address.get(COMMUNE_CODE_CLAIM) or claims.get(COMMUNE_CODE_CLAIM) or "").strip()
    unit = None
    if re.fullmatch(r"[0-9]{1,5}", code):
        unit = AdministrativeUnit.objects.filter(
            scheme=UnitScheme.CURRENT, level=UnitLevel.COMMUNE, code=code.zfill(5)
        ).first()
    return " ".join(nfc(line).split())[:255], unit


def _claim_identity_level(claims: Mapping[str, Any]) -> int:
    try:
        level = int(claims.get(IDENTITY_LEVEL_CLAIM) or 0)
    except (TypeError, ValueError):
        level = 0
    return level if level in IdentityLevel.values else IdentityLevel.NONE


def citizen_claims_parse(claims: Mapping[str, Any]) -> CitizenClaims:
    full_name = _claim_name(claims)
    date_of_birth = _claim_birthdate(claims)
    sex = _SEX_WORDS.get(str(claims.get("gender") or "").strip().lower(), "")
    level = _claim_identity_level(claims)
    raw_id = next((claims[key] for key in CITIZEN_ID_CLAIMS if claims.get(key)), None)
    citizen_id = None
    if raw_id is not None and level >= IdentityLevel.LEVEL_1:
        # A citizen ID from an unverified login is not kept: anyone could claim anyone's.
        try:
            info = validate_citizen_id(str(raw_id), date_of_birth=date_of_birth, sex=sex or None)
        except ValidationError as exc:
            raise InvalidInputError(" ".join(exc.messages), extra={"field": "citizen_id"}) from exc
        citizen_id = info.number
        sex = sex or info.sex
    line, unit = _claim_address(claims)
    return CitizenClaims(
        full_name=full_name,
        citizen_id=citizen_id,
        date_of_birth=date_of_birth,
        sex=sex,
        phone=_claim_optional_phone(claims),
        email=_claim_optional_email(claims),
        address_line=line,
        address_unit=unit,
        identity_level=level,
    )
