# SPDX-License-Identifier: MIT
"""People who use congso: logins, citizens, organisations, who acts for whom, officer roles.

Rows hold data and one-row invariants (DB constraints); who may change them, and how, is in
services.py. Nothing here is deleted by cascade: roles and authorisations are revoked, and
the revoked row stays as history (DOMAIN §7: revoke old roles and grant new ones on transfer).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.models import AdministrativeUnit, Agency, BaseModel

from .validators import (
    CITIZEN_ID_PATTERN,
    PHONE_PATTERN,
    TAX_CODE_PATTERN,
    citizen_id_validator,
    phone_validator,
    tax_code_validator,
    validate_citizen_id,
)


class User(AbstractUser):
    """Every login: an officer (password + TOTP) or a citizen (OpenID Connect)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


def _valid_dates(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
        name=f"{prefix}_valid_to_after_valid_from",
    )


def _revoked_by_only_when_revoked(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
        name=f"{prefix}_revoked_by_only_when_revoked",
    )


def local_day_end(day: date) -> datetime:
    """The first instant after `day` in the local time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class EffectiveDated(models.Model):
    """A grant that starts on a day, may end on a day, and may be revoked at an instant."""

    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def is_active_on(self, day: date | None = None) -> bool:
        """Active on `day` (today by default); a grant revoked during that day is not."""
        day = day or timezone.localdate()
        if self.revoked_at is not None and self.revoked_at < local_day_end(day):
            return False
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_active(self) -> bool:
        return self.is_active_on()


# --- citizens ------------------------------------------------------------------------------------


class Sex(models.TextChoices):
    """The two values a citizen ID encodes (Circular 59/2021/TT-BCA [K])."""

    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class IdentityLevel(models.IntegerChoices):
    """Level of the electronic identity account (Decree 69/2024/NĐ-CP [K])."""

    NONE = 0, _("Not verified")
    LEVEL_1 = 1, _("Electronic identification, level 1")
    LEVEL_2 = 2, _("Electronic identification, level 2")


#: DVCQG `LoaiDoiTuong` of a citizen and `LoaiDinhDanh` of a 12-digit ID (DOMAIN §6.3).
DVCQG_SUBJECT_KIND_CITIZEN = 1
DVCQG_IDENTIFIER_KIND_CITIZEN_ID = 1


class Citizen(BaseModel):
    """A person who files dossiers, with or without a login.

    `user` stays empty for a person registered at the desk until they sign in through
    OpenID Connect; `identity_provider` + `identity_subject` name that login.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citizen",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    citizen_id = models.CharField(
        _("citizen ID"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[citizen_id_validator],
        help_text=_("The 12-digit personal identification number on the citizen ID card."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    phone = models.CharField(
        _("mobile phone"), max_length=16, blank=True, validators=[phone_validator]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address_line = models.CharField(
        _("address"), max_length=255, blank=True, help_text=_("House number, street, hamlet.")
    )
    address_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    identity_level = models.PositiveSmallIntegerField(
        _("identity level"), choices=IdentityLevel.choices, default=IdentityLevel.NONE
    )
    vneid_verified = models.BooleanField(
        _("verified with VNeID"),
        default=False,
        help_text=_("Sent to the national portal as TaiKhoanDuocXacThucVoiVNeID."),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    identity_provider = models.CharField(_("identity provider"), max_length=64, blank=True)
    identity_subject = models.CharField(
        _("subject at the identity provider"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id__isnull=True) | Q(citizen_id__regex=CITIZEN_ID_PATTERN),
                name="citizen_id_twelve_digits",
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=PHONE_PATTERN),
                name="citizen_phone_in_plus84_form",
            ),
            models.CheckConstraint(
                condition=Q(sex__in=["", *Sex.values]), name="citizen_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(identity_level__in=IdentityLevel.values),
                name="citizen_identity_level_valid",
            ),
            models.CheckConstraint(
                condition=(Q(identity_provider="") & Q(identity_subject=""))
                | (~Q(identity_provider="") & ~Q(identity_subject="")),
                name="citizen_identity_provider_and_subject_together",
            ),
            models.CheckConstraint(
                condition=Q(vneid_verified=False)
                | (
                    Q(verified_at__isnull=False)
                    & Q(citizen_id__isnull=False)
                    & Q(identity_level__gte=IdentityLevel.LEVEL_1)
                ),
                name="citizen_vneid_verified_has_id_and_time",
            ),
            models.UniqueConstraint(
                fields=["identity_provider", "identity_subject"],
                condition=~Q(identity_subject=""),
                name="citizen_identity_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        if self.citizen_id:
            try:
                validate_citizen_id(
                    self.citizen_id, date_of_birth=self.date_of_birth, sex=self.sex or None
                )
            except ValidationError as exc:
                raise ValidationError({"citizen_id": exc.messages}) from exc

    @property
    def dvcqg_subject_kind(self) -> int:
        return DVCQG_SUBJECT_KIND_CITIZEN


# --- organisations -------------------------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    BUSINESS = "business", _("Business")
    COOPERATIVE = "cooperative", _("Cooperative")
    STATE_AGENCY = "state_agency", _("State agency")
    OTHER = "other", _("Other organisation")


#: DVCQG `LoaiDoiTuong` (DOMAIN §6.3, Thanh Hóa's list: 2 Doanh nghiệp, 3 Cơ quan nhà nước,
#: 4 Tổ chức/Khác). A cooperative is sent as 2 [K?]: confirm with the province.
DVCQG_SUBJECT_KIND: dict[str, int] = {
    OrganisationKind.BUSINESS: 2,
    OrganisationKind.COOPERATIVE: 2,
    OrganisationKind.STATE_AGENCY: 3,
    OrganisationKind.OTHER: 4,
}

#: Kinds that always have a tax code (enterprise or cooperative registration number).
KINDS_WITH_TAX_CODE = (OrganisationKind.BUSINESS, OrganisationKind.COOPERATIVE)


class Organisation(BaseModel):
    """A business, cooperative, state agency or other body that files dossiers."""

    name = models.CharField(_("name"), max_length=255)
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        null=True,
        blank=True,
        unique=True,
        validators=[tax_code_validator],
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    address_line = models.CharField(_("address"), max_length=255, blank=True)
    address_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    representative = models.ForeignKey(
        Citizen,
        verbose_name=_("legal representative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented_organisations",
        help_text=_("Filled in once the representative is a known citizen."),
    )
    representative_name = models.CharField(
        _("legal representative's name"), max_length=150, blank=True
    )
    representative_title = models.CharField(
        _("legal representative's title"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tax_code__isnull=True) | Q(tax_code__regex=TAX_CODE_PATTERN),
                name="organisation_tax_code_format",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=KINDS_WITH_TAX_CODE) | Q(tax_code__isnull=False),
                name="organisation_business_has_tax_code",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=PHONE_PATTERN),
                name="organisation_phone_in_plus84_form",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.kind in KINDS_WITH_TAX_CODE and not self.tax_code:
            raise ValidationError(
                {"tax_code": _("A business or cooperative must have a tax code.")}
            )

    @property
    def dvcqg_subject_kind(self) -> int:
        return DVCQG_SUBJECT_KIND[self.kind]


# --- acting on behalf of someone ------------------------------------------------------------------


class RepresentationKind(models.TextChoices):
    """Why a citizen may act for someone (Civil Code 2015 Art. 134–143 on representation)."""

    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    EMPLOYEE = "employee", _("Employee sent by the organisation")
    FAMILY_MEMBER = "family_member", _("Family member with authorisation")
    AUTHORISED = "authorised", _("Authorised person")


class Representation(EffectiveDated, BaseModel):
    """`representative` may act for an organisation or for another citizen.

    A legal representative (of a company, or a parent of a minor) acts by law; everyone
    else needs a written authorisation, referenced here. A dossier filed on someone's
    behalf records which representation it relied on.
    """

    representative = models.ForeignKey(
        Citizen,
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="representations",
    )
    for_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representations",
    )
    for_citizen = models.ForeignKey(
        Citizen,
        verbose_name=_("on behalf of citizen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented_by",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=RepresentationKind.choices)
    authorisation_reference = models.CharField(
        _("authorisation document"),
        max_length=255,
        blank=True,
        help_text=_("Number, date and issuer of the letter of authorisation or introduction."),
    )

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(for_organisation__isnull=False) & Q(for_citizen__isnull=True))
                | (Q(for_organisation__isnull=True) & Q(for_citizen__isnull=False)),
                name="representation_exactly_one_principal",
            ),
            models.CheckConstraint(
                condition=Q(for_citizen__isnull=True) | ~Q(for_citizen=F("representative")),
                name="representation_not_for_oneself",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RepresentationKind.values), name="representation_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=RepresentationKind.EMPLOYEE) | Q(for_organisation__isnull=False),
                name="representation_employee_only_for_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(kind=RepresentationKind.FAMILY_MEMBER) | Q(for_citizen__isnull=False),
                name="representation_family_only_for_citizen",
            ),
            models.CheckConstraint(
                condition=Q(kind=RepresentationKind.LEGAL_REPRESENTATIVE)
                | ~Q(authorisation_reference=""),
                name="representation_authorisation_documented",
            ),
            _valid_dates("representation"),
            _revoked_by_only_when_revoked("representation"),
            models.UniqueConstraint(
                fields=["representative", "for_organisation", "kind"],
                condition=Q(revoked_at__isnull=True, for_organisation__isnull=False),
                name="representation_unique_current_for_organisation",
            ),
            models.UniqueConstraint(
                fields=["representative", "for_citizen", "kind"],
                condition=Q(revoked_at__isnull=True, for_citizen__isnull=False),
                name="representation_unique_current_for_citizen",
            ),
        ]

    def __str__(self) -> str:
        principal = (self.for_organisation_id and self.for_organisation) or self.for_citizen
        return f"{self.representative} → {principal} ({self.get_kind_display()})"


# --- officers ------------------------------------------------------------------------------------


class OfficerRoleKind(models.TextChoices):
    """What an officer may do in an agency (DOMAIN §1.1)."""

    RECEPTION = "reception", _("Reception (one-stop desk)")
    SPECIALIST = "specialist", _("Specialist")
    HEAD = "head", _("Head of unit")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    PROVINCE_ADMIN = "province_admin", _("Province administrator")


class OfficerRole(EffectiveDated, BaseModel):
    """A role an officer holds in an agency from `valid_from`, until `valid_to` or revocation.

    On a transfer the old grant is revoked and a new one granted; rows are never
    rewritten, so who could do what on any past day stays known.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="officer_roles",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="officer_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=OfficerRoleKind.choices)
    basis = models.CharField(
        _("basis"),
        max_length=255,
        blank=True,
        help_text=_("The decision that assigns the officer, e.g. its number and date."),
    )

    class Meta:
        verbose_name = _("officer role")
        verbose_name_plural = _("officer roles")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=OfficerRoleKind.values), name="officer_role_valid"
            ),
            _valid_dates("officer_role"),
            _revoked_by_only_when_revoked("officer_role"),
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(revoked_at__isnull=True),
                name="officer_role_unique_current_grant",
            ),
        ]
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
