# SPDX-License-Identifier: MIT
"""Units, agencies, the working calendar and the audit log: what every other app stands on."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import unicodedata
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, NoReturn

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


# --- administrative units ------------------------------------------------------------------------


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before 1 July 2025)")
    COMMUNE = "commune", _("Commune")


class UnitScheme(models.TextChoices):
    """Which code list a unit comes from: the 2025 list (QĐ 19/2025) or the one before it."""

    CURRENT = "2025", _("2025 list (two-level government)")
    LEGACY = "2004", _("List before 1 July 2025")


class AdministrativeUnit(BaseModel):
    """A province, commune or (historical) district, effective-dated.

    Codes are those of the statistics office: 2 digits for a province, 3 for a former
    district, 5 for a commune. The 2025 list reuses some older codes, so a code is unique
    only within its scheme and level.
    """

    scheme = models.CharField(_("code list"), max_length=4, choices=UnitScheme.choices)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    code = models.CharField(_("code"), max_length=5)
    name = models.CharField(_("name"), max_length=120)
    division_type = models.CharField(_("type"), max_length=40)
    codename = models.CharField(max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successor units"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        through="UnitSuccession",
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["scheme", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "level", "code"], name="unit_code_unique_in_scheme"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
        ]
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitSuccession(models.Model):
    """`predecessor` became (part of) `successor` on `effective_on` (old-to-new mapping)."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="succession_out"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="succession_in"
    )
    effective_on = models.DateField(_("effective on"))
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


# --- agencies ------------------------------------------------------------------------------------

AGENCY_CODE_PATTERN = r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$"
agency_code_validator = RegexValidator(
    AGENCY_CODE_PATTERN,
    _("An agency code has 13 characters in the form 000.00.00.H00 (QCVN 102:2016)."),
)


class AgencyKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "province_committee", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department (Sở)")
    PROVINCIAL_SERVICE_CENTRE = (
        "province_centre",
        _("Provincial Public Administration Service Centre"),
    )
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    COMMUNE_SERVICE_CENTRE = "commune_centre", _("Commune Public Administration Service Centre")
    POLICE = "police", _("Police")
    BRANCH = "branch", _("Branch or sub-department")
    CENTRAL = "central", _("Central agency")
    OTHER = "other", _("Other")


class AgencyLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before 1 July 2025)")
    COMMUNE = "commune", _("Commune")


class Agency(BaseModel):
    """A public body with its 13-character electronic identifier (mã định danh, DOMAIN §2.1)."""

    code = models.CharField(
        _("agency code"), max_length=13, unique=True, validators=[agency_code_validator]
    )
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=AgencyLevel.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=AGENCY_CODE_PATTERN), name="agency_code_format"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- working calendar ----------------------------------------------------------------------------


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Make-up working day")
    HALF_DAY = "half_day", _("Half working day (morning only)")


class CalendarOverride(BaseModel):
    """An administrator's change to the official calendar for one day, province-wide.

    Swap days (hoán đổi ngày làm việc) change every year, so they are data, not code
    (DOMAIN §1.3).
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=DayKind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class WorkSchedule(BaseModel):
    """Working hours that deadlines are counted in, effective from a date ([K]: 8 h, Mon–Fri)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    morning_start = models.TimeField(_("morning starts"))
    morning_end = models.TimeField(_("morning ends"))
    afternoon_start = models.TimeField(_("afternoon starts"))
    afternoon_end = models.TimeField(_("afternoon ends"))
    working_weekdays = models.CharField(
        _("working weekdays"),
        max_length=7,
        default="01234",
        help_text=_("Digits of the working weekdays: 0 = Monday … 6 = Sunday."),
        validators=[RegexValidator(r"^[0-6]{1,7}$", _("Use digits 0 (Monday) to 6 (Sunday)."))],
    )

    class Meta:
        verbose_name = _("working schedule")
        verbose_name_plural = _("working schedules")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=models.F("morning_end"))
                & Q(morning_end__lte=models.F("afternoon_start"))
                & Q(afternoon_start__lt=models.F("afternoon_end")),
                name="work_schedule_times_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}"


class ReceptionHours(BaseModel):
    """When an agency's desk receives dossiers, e.g. Saturday morning where a unit has it.

    Reception hours do not change how deadlines are counted: those use WorkSchedule.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reception_hours",
        help_text=_("Leave empty for the province-wide default."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("reception hours")
        verbose_name_plural = _("reception hours")
        ordering = ["agency_id", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="reception_opens_before_closes"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


# --- audit log -----------------------------------------------------------------------------------

AUDIT_GENESIS_HASH = "0" * 64
"""The `prev_hash` of record 1: the chain starts from a fixed value, not from nothing."""

AUDIT_HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "note",
    "ip_address",
    "user_agent",
    "request_id",
    "prev_hash",
)
"""Everything a record says, plus its place in the chain: what its hash covers."""


class AuditAppendOnlyError(Exception):
    """Code tried to change or remove an audit record. A bug, never a user's mistake."""


def _audit_canonical(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("audit timestamps must be timezone-aware")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, Mapping):
        return {_audit_canonical(str(key)): _audit_canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_audit_canonical(item) for item in value]
    return value


def audit_ip_canonical(value: str | None) -> str | None:
    """One spelling per address (IPv4-mapped IPv6 unpacked), whatever the database prints."""
    if not value:
        return None
    address = ipaddress.ip_address(value)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def audit_canonical_json(values: Mapping[str, Any]) -> str:
    """The exact text a record's hash is taken of.

    Sorted keys, no insignificant spaces, UTF-8 rather than escapes, strings in NFC,
    times in UTC with microseconds, addresses in one spelling: the same record gives the
    same text on SQLite and PostgreSQL, today and after a restore.
    """
    content = {name: _audit_canonical(values[name]) for name in AUDIT_HASHED_FIELDS}
    content["ip_address"] = audit_ip_canonical(content["ip_address"])
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def audit_hash(values: Mapping[str, Any]) -> str:
    """Hex SHA-256 of the canonical JSON of a record's fields (a dict or `vars()` of a row)."""
    return hashlib.sha256(audit_canonical_json(values).encode("utf-8")).hexdigest()


class AuditChainHead(models.Model):
    """The one row saying where the audit chain ends: the last sequence number and its hash.

    Appending locks this row (SELECT … FOR UPDATE), so concurrent transactions take turns:
    none can reuse a number or chain from the same predecessor (a fork). It also makes a
    removed tail detectable: the head still names the last record that was written.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_sequence = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, default=AUDIT_GENESIS_HASH)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        default_permissions = ("view",)
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="audit_chain_head_single_row"),
        ]

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Refuses the bulk writes that would bypass the chain: audit records are append-only."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditAppendOnlyError("audit records cannot be changed")

    def delete(self) -> NoReturn:
        raise AuditAppendOnlyError("audit records cannot be deleted")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditAppendOnlyError("audit records are written one by one by audit_record()")


class AuditEvent(models.Model):
    """Who did what to which record, when and from where: one link of a hash chain.

    Each record stores the hash of the one before it (`prev_hash`) and the hash of its own
    content and place (`hash`), so a record edited or removed in the database no longer
    fits the chain and `verify_audit` names it. Write with `core.audit.audit_record()`.
    """

    sequence = models.PositiveBigIntegerField(
        _("sequence number"), primary_key=True, editable=False
    )
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        editable=False,
    )
    actor_label = models.CharField(_("actor name"), max_length=150, editable=False)
    action = models.CharField(_("action"), max_length=64, editable=False)
    target_type = models.CharField(_("target type"), max_length=100, blank=True, editable=False)
    target_id = models.CharField(_("target id"), max_length=64, blank=True, editable=False)
    target_label = models.CharField(_("target"), max_length=255, blank=True, editable=False)
    changes = models.JSONField(_("changes"), default=dict, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True, editable=False)
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, editable=False
    )
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True, editable=False)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        ordering = ["sequence"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sequence__gte=1), name="audit_sequence_from_1"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert once; never update. The hash must already match the content."""
        if not self._state.adding:
            raise AuditAppendOnlyError("audit records cannot be changed")
        if self.hash != self.compute_hash():
            raise AuditAppendOnlyError("an audit record's hash must match its content")
        # Without force_insert Django would first try an UPDATE of any row with this number.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditAppendOnlyError("audit records cannot be deleted")

    def compute_hash(self) -> str:
        return audit_hash({name: getattr(self, name) for name in AUDIT_HASHED_FIELDS})
