# SPDX-License-Identifier: MIT
"""The administrative-procedure catalog (TTHC), field by field as the national record (DOMAIN §2.3).

A `Procedure` is the live, editable record; every change made through
`catalog.services` also writes an immutable `ProcedureVersion` snapshot, so a dossier can
pin the version in force when it was received and an amended procedure keeps its history.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.models import Agency, BaseModel

PROCEDURE_CODE_PATTERN = r"^\d\.\d{6}$"
procedure_code_validator = RegexValidator(
    PROCEDURE_CODE_PATTERN,
    _("A procedure code has the form 1.004227 (one digit, a dot, six digits)."),
)


class Level(models.TextChoices):
    """Cấp thực hiện. After 1 July 2025 only central, province and commune remain (DOMAIN §7)."""

    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before 1 July 2025)")
    COMMUNE = "commune", _("Commune")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Fully online")
    PARTIAL = "partial", _("Partly online")
    NONE = "none", _("Not online")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUSPENDED = "suspended", _("Suspended")
    ABOLISHED = "abolished", _("Abolished")


class ChannelKind(models.TextChoices):
    DIRECT = "direct", _("In person")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("By public postal service")


class TimeUnit(models.TextChoices):
    """DONVITINH of the national record: the unit the processing time is counted in."""

    HOUR = "hour", _("working hours")
    DAY = "day", _("days")
    WORKING_DAY = "working_day", _("working days")
    MONTH = "month", _("months")


class AgencyRole(models.TextChoices):
    IMPLEMENTING = "implementing", _("Implementing agency")
    COMPETENT = "competent", _("Competent agency")
    COORDINATING = "coordinating", _("Coordinating agency")
    AUTHORISED = "authorised", _("Authorised agency")


class FeeKind(models.TextChoices):
    CHARGE = "charge", _("Charge (lệ phí)")
    FEE = "fee", _("Fee (phí)")


class FeeBasis(models.TextChoices):
    FIXED = "fixed", _("per dossier")
    PER_COPY = "per_copy", _("per copy")
    PER_ITEM = "per_item", _("per item")


class FeeDue(models.TextChoices):
    """When a fee is paid. The national record's HinhThucThu: 1 at reception, 2 with a
    supplement (a payment asked during processing), 4 when the result is returned."""

    SUBMISSION = "submission", _("at submission")
    BEFORE_PROCESSING = "before_processing", _("before processing")
    BEFORE_RESULT = "before_result", _("before the result")


class Field(BaseModel):
    """Lĩnh vực: the sector a procedure belongs to (e.g. Hộ tịch, Xây dựng)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(BaseModel):
    code = models.CharField(
        _("procedure code"), max_length=8, unique=True, validators=[procedure_code_validator]
    )
    decision_number = models.CharField(_("publication decision"), max_length=80, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    levels = models.JSONField(
        _("levels"),
        default=list,
        help_text=_("Levels that carry out the procedure: central, province, commune."),
    )
    procedure_type = models.CharField(_("procedure type"), max_length=200, blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures"
    )
    cases = models.JSONField(_("cases"), default=list, blank=True)
    steps = models.JSONField(_("steps"), default=list, blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    results = models.JSONField(_("results"), default=list, blank=True)
    legal_bases = models.JSONField(_("legal basis"), default=list, blank=True)
    conditions = models.TextField(_("requirements and conditions"), blank=True)
    reception_address = models.TextField(_("where to file"), blank=True)
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    full_online_eligible = models.BooleanField(_("eligible for full-online service"), default=False)
    paper_result_required = models.BooleanField(_("paper result required"), default=False)
    boundary_free = models.BooleanField(_("filed anywhere in the province"), default=False)
    cutoff_time = models.TimeField(
        _("cut-off hour"),
        null=True,
        blank=True,
        help_text=_("Dossiers received after this hour count as received the next working day."),
    )
    publication_status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.PUBLISHED,
    )
    agency_names = models.JSONField(
        _("other agencies named"),
        default=list,
        blank=True,
        help_text=_("Agencies named in the published record that have no row in the agency table."),
    )
    # The online application form (tờ khai) as JSON Schema: see catalog/formschema. Not part
    # of the national record; empty means the generic form of the province is used.
    form_schema = models.JSONField(_("online form (JSON Schema)"), default=dict, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=PROCEDURE_CODE_PATTERN), name="procedure_code_format"
            ),
            models.CheckConstraint(
                condition=Q(full_online_eligible=False) | ~Q(online_level="none"),
                name="procedure_full_online_needs_online_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_online(self) -> bool:
        return self.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)


class ProcedureChannel(models.Model):
    """Cách thức thực hiện: one way to file, with its own processing time and unit."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("channel"), max_length=10, choices=ChannelKind.choices)
    processing_time = models.DecimalField(
        _("processing time"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    time_unit = models.CharField(_("unit"), max_length=12, choices=TimeUnit.choices)
    description = models.TextField(_("description"), blank=True)
    fee_text = models.TextField(_("fees as published"), blank=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["procedure_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "kind"], name="channel_unique_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ProcedureFee(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=10, choices=FeeKind.choices, default=FeeKind.CHARGE
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    basis = models.CharField(
        _("charged"), max_length=10, choices=FeeBasis.choices, default=FeeBasis.FIXED
    )
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=ChannelKind.choices,
        blank=True,
        help_text=_("Leave empty when the fee is the same for every channel."),
    )
    exemption = models.TextField(_("exemptions and reductions"), blank=True)
    due = models.CharField(
        _("paid"), max_length=18, choices=FeeDue.choices, default=FeeDue.SUBMISSION
    )
    # [{"group": "Hộ nghèo", "percent": 100, "amount": null, "basis": "Điều 5 …"}]: who pays
    # less, how much less (a percentage, or an amount off) and the legal text that says so.
    reductions = models.JSONField(
        _("reductions by group"),
        default=list,
        blank=True,
        help_text=_(
            'A list of {"group": …, "percent": 0–100 or "amount": VND off, "basis": legal'
            " basis}; 100 percent is an exemption."
        ),
    )

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["procedure_id", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from pydantic import TypeAdapter
        from pydantic import ValidationError as PydanticError

        from .records import FeeReductionRecord

        try:
            TypeAdapter(list[FeeReductionRecord]).validate_python(self.reductions or [])
        except PydanticError as exc:
            raise ValidationError({"reductions": str(exc.errors()[0]["msg"])}) from exc


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: one paper to bring, with how many originals and copies."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("code"), max_length=40, blank=True)
    case = models.CharField(_("case"), max_length=255, blank=True)
    name = models.TextField(_("name"))
    name_en = models.TextField(_("name in English"), blank=True)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    template_name = models.CharField(_("form template"), max_length=255, blank=True)
    template_url = models.URLField(_("form template link"), max_length=500, blank=True)
    is_optional = models.BooleanField(_("optional"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["procedure_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ProcedureAgency(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="agency_links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="procedure_links")
    role = models.CharField(_("role"), max_length=14, choices=AgencyRole.choices)

    class Meta:
        verbose_name = _("agency of a procedure")
        verbose_name_plural = _("agencies of a procedure")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency", "role"], name="procedure_agency_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.get_role_display()})"


class ProcedureVersion(models.Model):
    """An immutable snapshot of a procedure as published at one moment."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("record"))
    decision_number = models.CharField(_("publication decision"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"


class CatalogRevision(models.Model):
    """One row whose number grows with every catalog change; search indexes watch it."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catalog revision")

    def __str__(self) -> str:
        return str(self.number)
