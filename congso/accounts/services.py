# SPDX-License-Identifier: MIT
"""Writes about people and roles: citizens, organisations, representations, officer roles.

Every function is keyword-only and atomic, checks who asks (`actor`), and raises a
DomainError with a translated message. `actor=None` means the system itself (the OpenID
Connect callback, the national-portal intake, a management command), never a person.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.exceptions import InvalidInputError
from congso.core.models import AdministrativeUnit, Agency
from congso.core.text import nfc

from . import selectors
from .exceptions import (
    AlreadyRevokedError,
    CitizenIdTakenError,
    IdentityMismatchError,
    NotAllowedError,
    OrganisationExistsError,
    RepresentationExistsError,
    RoleAlreadyGrantedError,
    SignInConflictError,
)
from .identity_claims import CitizenClaims, citizen_claims_parse
from .models import (
    KINDS_WITH_TAX_CODE,
    Citizen,
    IdentityLevel,
    OfficerRole,
    OfficerRoleKind,
    Organisation,
    OrganisationKind,
    Representation,
    RepresentationKind,
    Sex,
)
from .two_factor import officer_totp_enrol as officer_totp_enrol
from .two_factor import officer_totp_verify as officer_totp_verify
from .two_factor import officer_unlock as officer_unlock
from .validators import normalise_phone, validate_citizen_id, validate_tax_code

User = get_user_model()

#: Roles that let an officer record a citizen, an organisation or a paper authorisation.
DESK_ROLES = (
    OfficerRoleKind.RECEPTION,
    OfficerRoleKind.AGENCY_ADMIN,
    OfficerRoleKind.PROVINCE_ADMIN,
)
#: Roles only a province administrator may grant.
ADMIN_ROLES = (OfficerRoleKind.AGENCY_ADMIN, OfficerRoleKind.PROVINCE_ADMIN)


def _invalid(exc: ValidationError, field: str) -> InvalidInputError:
    return InvalidInputError(" ".join(exc.messages), extra={"field": field})


def _is_desk_officer(actor: AbstractBaseUser | None) -> bool:
    """The system, a superuser, or an officer who may register people at the desk."""
    if actor is None:
        return True
    if actor.is_superuser and actor.is_active:
        return True
    return selectors.officer_roles_for(user=actor).filter(role__in=DESK_ROLES).exists()


# --- citizens ------------------------------------------------------------------------------------


def _identity_username(provider: str, subject: str) -> str:
    digest = hashlib.sha256(f"{provider}\n{subject}".encode()).hexdigest()[:32]
    return f"oidc-{digest}"


def _citizen_id_taken() -> CitizenIdTakenError:
    return CitizenIdTakenError(
        _(
            "This citizen ID is already linked to another account. If it is yours, "
            "bring your citizen ID card to the one-stop desk."
        ),
        extra={"field": "citizen_id"},
    )


def _find_citizen_for_identity(provider: str, subject: str, data: CitizenClaims) -> Citizen | None:
    """The citizen this login belongs to: by login first, then by a verified citizen ID."""
    citizen = (
        Citizen.objects.select_for_update()
        .filter(identity_provider=provider, identity_subject=subject)
        .first()
    )
    if citizen is not None:
        if citizen.citizen_id and data.citizen_id and citizen.citizen_id != data.citizen_id:
            raise IdentityMismatchError(
                _(
                    "The identity provider reported a different citizen ID for this account. "
                    "Please contact the one-stop desk."
                ),
                extra={"field": "citizen_id"},
            )
        if (
            not citizen.citizen_id
            and data.citizen_id
            and Citizen.objects.filter(citizen_id=data.citizen_id).exists()
        ):
            raise _citizen_id_taken()
        return citizen
    if data.citizen_id is None:
        return None
    holder = Citizen.objects.select_for_update().filter(citizen_id=data.citizen_id).first()
    if holder is not None and (holder.identity_subject or holder.user_id):
        raise _citizen_id_taken()
    # A person registered at the desk signs in for the first time: the verified ID links them.
    return holder


def _is_privileged(user: AbstractBaseUser) -> bool:
    return bool(
        user.has_usable_password()
        or user.is_staff
        or user.is_superuser
        or OfficerRole.objects.filter(user=user).exists()
    )


def _check_id_agrees(citizen: Citizen) -> None:
    if citizen.citizen_id:
        try:
            validate_citizen_id(
                citizen.citizen_id, date_of_birth=citizen.date_of_birth, sex=citizen.sex or None
            )
        except ValidationError as exc:
            raise _invalid(exc, "citizen_id") from exc


@transaction.atomic
def citizen_register_or_update_from_identity(
    *, provider: str, subject: str, claims: Mapping[str, Any]
) -> Citizen:
    """Create or update the login and citizen record of a person who signed in via OIDC.

    What the identity provider says is authoritative for name, date of birth, sex and
    citizen ID; a contact detail it sends replaces ours. Legal basis: Decree 69/2024/NĐ-CP
    (electronic identification) [K]; Decree 45/2020/NĐ-CP Art. 9–10 (accounts) [K].
    """
    provider, subject = str(provider or "").strip(), str(subject or "").strip()
    if not provider or not subject or len(provider) > 64 or len(subject) > 255:
        raise InvalidInputError(_("The identity provider's answer is incomplete."))
    data = citizen_claims_parse(claims)
    citizen = _find_citizen_for_identity(provider, subject, data)
    if citizen is not None and citizen.user_id and _is_privileged(citizen.user):
        # An OIDC sign-in must never open an account that officers sign in to with a
        # password and a second factor.
        raise NotAllowedError(
            _("This person's account is an officer account: sign in on the officer page.")
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            user = citizen.user if citizen is not None and citizen.user_id else None
            if user is None:
                user = User(username=_identity_username(provider, subject))
                user.set_unusable_password()
            user.full_name = data.full_name
            user.email = data.email or user.email
            user.save()

            citizen = citizen or Citizen()
            was_verified = citizen.vneid_verified
            citizen.user = user
            citizen.identity_provider, citizen.identity_subject = provider, subject
            citizen.full_name = data.full_name
            citizen.citizen_id = data.citizen_id or citizen.citizen_id
            citizen.date_of_birth = data.date_of_birth or citizen.date_of_birth
            citizen.sex = data.sex or citizen.sex
            citizen.phone = data.phone or citizen.phone
            citizen.email = data.email or citizen.email
            if data.address_line or data.address_unit:
                citizen.address_line = data.address_line
                citizen.address_unit = data.address_unit
            citizen.identity_level = max(citizen.identity_level, data.identity_level)
            citizen.vneid_verified = bool(
                citizen.citizen_id and citizen.identity_level >= IdentityLevel.LEVEL_1
            )
            if citizen.vneid_verified and not was_verified:
                citizen.verified_at = now
            _check_id_agrees(citizen)
            citizen.save()
    except IntegrityError as exc:
        # Two first sign-ins racing, or an ID registered in between: never a 500.
        if Citizen.objects.filter(identity_provider=provider, identity_subject=subject).exists():
            raise SignInConflictError(
                _("Your sign-in was processed twice. Please sign in again.")
            ) from exc
        raise _citizen_id_taken() from exc
    return citizen


@transaction.atomic
def citizen_create(
    *,
    actor: AbstractBaseUser | None,
    full_name: str,
    citizen_id: str,
    date_of_birth: date | None = None,
    sex: str = "",
    phone: str = "",
    email: str = "",
    address_line: str = "",
    address_unit: AdministrativeUnit | None = None,
) -> Citizen:
    """Register a person at the desk after checking their citizen ID card.

    The record has no login until the person signs in through OpenID Connect; the verified
    citizen ID then links the two.
    """
    if not _is_desk_officer(actor):
        raise NotAllowedError(_("Only a one-stop desk officer may register a citizen."))
    full_name = " ".join(nfc(str(full_name or "")).split())
    if not full_name or len(full_name) > 150:
        raise InvalidInputError(_("Enter the person's full name."), extra={"field": "full_name"})
    if sex and sex not in Sex.values:
        raise InvalidInputError(_("Choose male or female."), extra={"field": "sex"})
    try:
        info = validate_citizen_id(citizen_id, date_of_birth=date_of_birth, sex=sex or None)
    except ValidationError as exc:
        raise _invalid(exc, "citizen_id") from exc
    try:
        phone = normalise_phone(phone) if phone else ""
    except ValidationError as exc:
        raise _invalid(exc, "phone") from exc
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise _invalid(exc, "email") from exc
    if Citizen.objects.filter(citizen_id=info.number).exists():
        raise CitizenIdTakenError(
            _("A citizen with this citizen ID is already registered."),
            extra={"field": "citizen_id"},
        )
    try:
        with transaction.atomic():
            return Citizen.objects.create(
                full_name=full_name,
                citizen_id=info.number,
                date_of_birth=date_of_birth,
                sex=sex or info.sex,
                phone=phone,
                email=email,
                address_line=address_line.strip()[:255],
                address_unit=address_unit,
            )
    except IntegrityError as exc:
        raise CitizenIdTakenError(
            _("A citizen with this citizen ID is already registered."),
            extra={"field": "citizen_id"},
        ) from exc


# --- organisations -------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    actor: AbstractBaseUser | None,
    name: str,
    kind: str,
    tax_code: str | None = None,
    address_line: str = "",
    address_unit: AdministrativeUnit | None = None,
    phone: str = "",
    email: str = "",
    representative: Citizen | None = None,
    representative_name: str = "",
    representative_title: str = "",
) -> Organisation:
    """Record an organisation; a named representative citizen becomes its legal representative.

    Legal basis for the tax code: Circular 105/2020/TT-BTC [K]. DVCQG `LoaiDoiTuong` follows
    from `kind` (DOMAIN §6.3).
    """
    if not _is_desk_officer(actor):
        raise NotAllowedError(_("Only a one-stop desk officer may register an organisation."))
    name = " ".join(nfc(str(name or "")).split())
    if not name or len(name) > 255:
        raise InvalidInputError(_("Enter the organisation's name."), extra={"field": "name"})
    if kind not in OrganisationKind.values:
        raise InvalidInputError(_("Choose the kind of organisation."), extra={"field": "kind"})
    code = None
    if tax_code:
        try:
            code = validate_tax_code(tax_code)
        except ValidationError as exc:
            raise _invalid(exc, "tax_code") from exc
    elif kind in KINDS_WITH_TAX_CODE:
        raise InvalidInputError(
            _("A business or cooperative must have a tax code."), extra={"field": "tax_code"}
        )
    try:
        phone = normalise_phone(phone, mobile_only=False) if phone else ""
    except ValidationError as exc:
        raise _invalid(exc, "phone") from exc
    exists = OrganisationExistsError(
        _("An organisation with this tax code is already registered."),
        extra={"field": "tax_code"},
    )
    if code and Organisation.objects.filter(tax_code=code).exists():
        raise exists
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name,
                kind=kind,
                tax_code=code,
                address_line=address_line.strip()[:255],
                address_unit=address_unit,
                phone=phone,
                email=email,
                representative=representative,
                representative_name=representative_name
                or (representative.full_name if representative else ""),
                representative_title=representative_title,
            )
    except IntegrityError as exc:
        raise exists from exc
    if representative is not None:
        Representation.objects.create(
            representative=representative,
            for_organisation=organisation,
            kind=RepresentationKind.LEGAL_REPRESENTATIVE,
            granted_by=actor,
        )
    return organisation


# --- representations -----------------------------------------------------------------------------


def _may_manage_representation(
    actor: AbstractBaseUser | None,
    *,
    organisation: Organisation | None,
    citizen: Citizen | None,
    kind: str,
) -> bool:
    if _is_desk_officer(actor):
        return True
    if kind == RepresentationKind.LEGAL_REPRESENTATIVE or not actor.is_active:
        return False
    if citizen is not None:
        return citizen.user_id is not None and citizen.user_id == actor.pk
    acting = selectors.citizen_for_user(user=actor)
    return acting is not None and (
        selectors.representations_for(citizen=acting)
        .filter(for_organisation=organisation, kind=RepresentationKind.LEGAL_REPRESENTATIVE)
        .exists()
    )


def _check_representation_shape(
    *,
    representative: Citizen,
    organisation: Organisation | None,
    citizen: Citizen | None,
    kind: str,
    authorisation_reference: str,
    valid_from: date,
    valid_to: date | None,
) -> None:
    if (organisation is None) == (citizen is None):
        raise InvalidInputError(_("Name either an organisation or a citizen to act for."))
    if citizen is not None and citizen.pk == representative.pk:
        raise InvalidInputError(_("A person cannot be their own representative."))
    if kind not in RepresentationKind.values:
        raise InvalidInputError(_("Choose the kind of representation."), extra={"field": "kind"})
    if kind == RepresentationKind.EMPLOYEE and organisation is None:
        raise InvalidInputError(_("Only an organisation sends an employee."))
    if kind == RepresentationKind.FAMILY_MEMBER and citizen is None:
        raise InvalidInputError(_("A family member acts for a citizen, not an organisation."))
    if kind != RepresentationKind.LEGAL_REPRESENTATIVE and not authorisation_reference:
        raise InvalidInputError(
            _("Give the number and date of the letter of authorisation."),
            extra={"field": "authorisation_reference"},
        )
    _check_period(valid_from, valid_to)


def _check_period(valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise InvalidInputError(
            _("The end date is before the start date."), extra={"field": "valid_to"}
        )
    if valid_to is not None and valid_to < timezone.localdate():
        raise InvalidInputError(_("The end date is in the past."), extra={"field": "valid_to"})


@transaction.atomic
def representation_grant(
    *,
    actor: AbstractBaseUser | None,
    representative: Citizen,
    kind: str,
    for_organisation: Organisation | None = None,
    for_citizen: Citizen | None = None,
    authorisation_reference: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Representation:
    """Let `representative` act for an organisation or another citizen.

    A legal representative is recorded by an officer (from the business registration or a
    birth certificate); any other representation needs a written authorisation (Civil Code
    2015 Art. 135, 138) whose reference is kept. The principal itself may authorise: a
    citizen for themselves, a legal representative for their organisation.
    """
    reference = " ".join(str(authorisation_reference or "").split())[:255]
    valid_from = valid_from or timezone.localdate()
    _check_representation_shape(
        representative=representative,
        organisation=for_organisation,
        citizen=for_citizen,
        kind=kind,
        authorisation_reference=reference,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    if not _may_manage_representation(
        actor, organisation=for_organisation, citizen=for_citizen, kind=kind
    ):
        raise NotAllowedError(_("You may not authorise someone to act for this principal."))
    # Lock the representative so two grants for the same principal cannot interleave.
    Citizen.objects.select_for_update().filter(pk=representative.pk).first()
    current = Representation.objects.filter(
        representative=representative,
        for_organisation=for_organisation,
        for_citizen=for_citizen,
        kind=kind,
        revoked_at__isnull=True,
    ).first()
    if current is not None:
        if current.valid_to is None or current.valid_to >= timezone.localdate():
            raise RepresentationExistsError(
                _("This person already holds this authorisation; revoke it first to change it.")
            )
        _close_expired(current, actor=actor)
    return Representation.objects.create(
        representative=representative,
        for_organisation=for_organisation,
        for_citizen=for_citizen,
        kind=kind,
        authorisation_reference=reference,
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=actor,
    )


def _close_expired(row: Representation | OfficerRole, *, actor: AbstractBaseUser | None) -> None:
    """An expired grant is closed before a new one replaces it; its dates stay as they were."""
    row.revoked_at = timezone.now()
    row.revoked_by = actor
    row.revoke_reason = "expired; replaced by a new grant"
    row.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])


@transaction.atomic
def representation_revoke(
    *, actor: AbstractBaseUser | None, representation: Representation, reason: str = ""
) -> Representation:
    """End an authorisation now. The row stays, with who revoked it, when and why."""
    row = Representation.objects.select_for_update().get(pk=representation.pk)
    is_representative = (
        actor is not None
        and row.representative.user_id is not None
        and row.representative.user_id == actor.pk
    )
    if not is_representative and not _may_manage_representation(
        actor, organisation=row.for_organisation, citizen=row.for_citizen, kind=row.kind
    ):
        raise NotAllowedError(_("You may not revoke this authorisation."))
    if row.revoked_at is not None:
        raise AlreadyRevokedError(_("This authorisation was already revoked."))
    row.revoked_at = timezone.now()
    row.revoked_by = actor
    row.revoke_reason = str(reason or "").strip()[:255]
    row.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    return row


# --- officer roles -------------------------------------------------------------------------------


def officer_role_grant_check(
    *, actor: AbstractBaseUser, user: AbstractBaseUser, agency: Agency, role: str
) -> None:
    """Raise unless `actor` may grant `role` in `agency` to `user`.

    A province administrator grants any role anywhere; an agency administrator grants the
    working roles (reception, specialist, head) of their own agency. Nobody grants
    themselves a role, except a superuser setting up the first administrator.
    """
    if role not in OfficerRoleKind.values:
        raise InvalidInputError(_("Choose a role."), extra={"field": "role"})
    if not actor.is_active:
        raise NotAllowedError(_("You may not grant this role."))
    if actor.is_superuser:
        return
    if actor.pk == user.pk:
        raise NotAllowedError(_("You may not grant a role to yourself."))
    roles = selectors.officer_roles_for(user=actor)
    if roles.filter(role=OfficerRoleKind.PROVINCE_ADMIN).exists():
        return
    if (
        role not in ADMIN_ROLES
        and roles.filter(role=OfficerRoleKind.AGENCY_ADMIN, agency=agency).exists()
    ):
        return
    raise NotAllowedError(_("You may not grant this role in this agency."))


@transaction.atomic
def officer_role_grant(
    *,
    actor: AbstractBaseUser,
    user: AbstractBaseUser,
    agency: Agency,
    role: str,
    valid_from: date | None = None,
    valid_to: date | None = None,
    basis: str = "",
) -> OfficerRole:
    """Give `user` a role in `agency` from `valid_from` (today by default).

    Legal basis: Decree 118/2025/NĐ-CP on who receives and handles dossiers [K]. On a
    transfer, revoke the old roles and grant new ones (DOMAIN §7).
    """
    officer_role_grant_check(actor=actor, user=user, agency=agency, role=role)
    if not user.is_active:
        raise InvalidInputError(_("This account is disabled."), extra={"field": "user"})
    valid_from = valid_from or timezone.localdate()
    _check_period(valid_from, valid_to)
    User.objects.select_for_update().filter(pk=user.pk).first()
    current = OfficerRole.objects.filter(
        user=user, agency=agency, role=role, revoked_at__isnull=True
    ).first()
    if current is not None:
        if current.valid_to is None or current.valid_to >= timezone.localdate():
            raise RoleAlreadyGrantedError(_("This officer already holds this role in this agency."))
        _close_expired(current, actor=actor)
    try:
        with transaction.atomic():
            return OfficerRole.objects.create(
                user=user,
                agency=agency,
                role=role,
                valid_from=valid_from,
                valid_to=valid_to,
                basis=str(basis or "").strip()[:255],
                granted_by=actor,
            )
    except IntegrityError as exc:
        raise RoleAlreadyGrantedError(
            _("This officer already holds this role in this agency.")
        ) from exc


@transaction.atomic
def officer_role_revoke(
    *, actor: AbstractBaseUser, role: OfficerRole, reason: str = ""
) -> OfficerRole:
    """End a role now; the row stays as history of who could do what, and when."""
    row = OfficerRole.objects.select_for_update().select_related("user", "agency").get(pk=role.pk)
    if actor.pk == row.user_id and not actor.is_superuser:
        # An administrator leaving does it through another administrator: nobody is left
        # without someone who can still grant roles by accident.
        raise NotAllowedError(_("You may not revoke your own role."))
    officer_role_grant_check(actor=actor, user=row.user, agency=row.agency, role=row.role)
    if row.revoked_at is not None:
        raise AlreadyRevokedError(_("This role was already revoked."))
    row.revoked_at = timezone.now()
    row.revoked_by = actor
    row.revoke_reason = str(reason or "").strip()[:255]
    row.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    return row
