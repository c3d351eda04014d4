# SPDX-License-Identifier: MIT
"""Field reports (phản ánh hiện trường): categories, routes, unit boundaries, reports, photos.

Public record: nothing here is deleted by cascade. Reporters' contact data stays in the
private columns of FieldReport and FieldReportSupporter and is never rendered publicly.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.models import AdministrativeUnit, Agency, BaseModel
from congso.env import RATE_PATTERN

from .states import OPEN311_CLOSED, DeadlineUnit, Status

DESCRIPTION_MAX = 4000


class CategoryGroup(BaseModel):
    """A group of categories (Open311 `group`): traffic, environment, urban order…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category group")
        verbose_name_plural = _("category groups")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Category(BaseModel):
    """What can be reported (an Open311 service), who answers it and how fast."""

    code = models.SlugField(_("service code"), max_length=40, unique=True)
    group = models.ForeignKey(
        CategoryGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=255, blank=True)
    default_agency = models.ForeignKey(
        Agency,
        verbose_name=_("default responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Used where no route names an agency for the report's commune."),
    )
    deadline_amount = models.PositiveSmallIntegerField(_("deadline"), default=15)
    deadline_unit = models.CharField(
        _("deadline unit"), max_length=6, choices=DeadlineUnit.choices, default=DeadlineUnit.DAYS
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["group__order", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_amount__gt=0), name="feedback_category_deadline_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def deadline_hours(self) -> int:
        return self.deadline_amount * (8 if self.deadline_unit == DeadlineUnit.DAYS else 1)


class AttributeType(models.TextChoices):
    """Open311 attribute datatypes."""

    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLE = "singlevaluelist", _("One of a list")
    MULTI = "multivaluelist", _("Several of a list")


class CategoryAttribute(BaseModel):
    """An extra question of a category (an Open311 service definition attribute).

    `values` is a list of {"key": ..., "name": ...} for the list types.
    """

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="attributes"
    )
    code = models.SlugField(_("code"), max_length=40)
    description = models.CharField(_("question"), max_length=255)
    datatype = models.CharField(_("type"), max_length=16, choices=AttributeType.choices)
    datatype_description = models.CharField(_("hint"), max_length=255, blank=True)
    required = models.BooleanField(_("required"), default=False)
    variable = models.BooleanField(
        _("asks the reporter"),
        default=True,
        help_text=_("Off for a note shown to the reporter that takes no answer."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    values = models.JSONField(_("allowed values"), default=list, blank=True)

    class Meta:
        verbose_name = _("category question")
        verbose_name_plural = _("category questions")
        ordering = ["category_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="feedback_attribute_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def keys(self) -> list[str]:
        return [str(item.get("key")) for item in self.values or []]


class CategoryRoute(BaseModel):
    """Which agency answers reports of a category in a commune (overrides the default)."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="routes"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report route")
        verbose_name_plural = _("report routes")
        constraints = [
            models.UniqueConstraint(fields=["category", "unit"], name="feedback_route_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.unit} → {self.agency}"


class UnitBoundary(BaseModel):
    """The area of an administrative unit: a GeoJSON (Multi)Polygon in WGS 84, and its centre.

    Imported by an administrator (`manage.py import_unit_boundaries`). The bounding box is
    stored to find candidate units with one indexed query; the exact test uses shapely.
    A row may hold only a centre (no polygon): it then serves the nearest-unit fall-back.
    """

    unit = models.OneToOneField(
        AdministrativeUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="field_report_boundary",
    )
    geometry = models.JSONField(_("GeoJSON geometry"), null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    centroid_lat = models.FloatField(_("centre latitude"))
    centroid_lon = models.FloatField(_("centre longitude"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("unit boundary")
        verbose_name_plural = _("unit boundaries")
        ordering = ["unit__code"]

    def __str__(self) -> str:
        return str(self.unit)


UNLIMITED = "none"


def validate_client_rate(value: str) -> None:
    if value and value != UNLIMITED and not RATE_PATTERN.match(value):
        raise ValidationError(
            _("Write a rate such as 600/m, 5000/h or 20/15m, or “none” for no limit."),
            code="invalid",
        )


class ApiClient(BaseModel):
    """An application allowed to create reports through Open311, with its hashed api_key.

    Keys are 32 random bytes, so one SHA-256 is as good as a slow password hash here and
    checking a key stays cheap under load. Only the first characters are kept in clear.
    """

    name = models.CharField(_("name"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    key_prefix = models.CharField(_("key prefix"), max_length=8, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    rate = models.CharField(
        _("rate limit"),
        max_length=16,
        blank=True,
        validators=[validate_client_rate],
        help_text=_(
            "How many reports this application may create, such as 600/m or 20000/d; "
            "empty: the server's default; “none”: no limit."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("Open311 API client")
        verbose_name_plural = _("Open311 API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    OPEN311 = "open311", _("Open311 application")
    HOTLINE = "hotline", _("Hotline")


class RejectReason(models.TextChoices):
    SPAM = "spam", _("Spam or abuse")
    DUPLICATE = "duplicate", _("Duplicate")
    OUT_OF_SCOPE = "out_of_scope", _("Not a matter for the authorities")


class FieldReport(BaseModel):
    """One report of a problem in public space and its handling.

    `description_public` is the description with phone and ID numbers masked, written with
    it. `grid_cell` is a 0.01° cell number for bounding-box queries (see geo.py).
    """

    # category and agency are indexed as the first column of (category, grid_cell) and
    # (agency, status) in Meta.indexes, not each on its own: fewer indexes to write per report.
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="reports",
        db_index=False,
    )
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    description_public = models.TextField(max_length=DESCRIPTION_MAX, editable=False)
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    grid_cell = models.IntegerField(editable=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_reports",
        db_index=False,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    reject_reason = models.CharField(
        _("reason for rejection"), max_length=12, choices=RejectReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    status_notes = models.TextField(_("latest public note"), blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    api_client = models.ForeignKey(
        ApiClient, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Private: never rendered on public pages or in Open311 answers.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=120, blank=True)
    reporter_email = models.EmailField(_("reporter's e-mail"), blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    manage_key_hash = models.CharField(max_length=64, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Handling.
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    answered_late = models.BooleanField(_("answered late"), default=False)
    answer = models.TextField(_("answer"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    supporter_count = models.PositiveIntegerField(_("people reporting the same"), default=0)
    # Moderation.
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=255, blank=True)
    is_public = models.BooleanField(default=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("coordinate_field_reports", _("Can route, reject, merge and moderate field reports")),
            ("take_hotline_calls", _("Can record field reports from hotline calls")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="feedback_report_coordinates_valid",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_report_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(status__in=OPEN311_CLOSED),
                name="feedback_report_closed_at_only_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(reject_reason="") | Q(status=Status.REJECTED),
                name="feedback_report_reject_reason_only_when_rejected",
            ),
        ]
        indexes = [
            # The public list and map: newest first inside a bounding box, cell by cell
            # (geo.py, selectors.py). Both indexes hold every column the list filters on,
            # so a page's ids come from the index alone ("covering"); the columns are key
            # columns rather than INCLUDE because SQLite has no INCLUDE, and is_public is
            # repeated because SQLite does not count the partial condition as covered.
            models.Index(
                fields=[
                    *("grid_cell", "-created_at", "-id"),
                    *("lat", "lon", "status", "category", "is_public"),
                ],
                condition=Q(is_public=True),
                name="feedback_report_pub_cell_cov",
            ),
            models.Index(
                fields=["-created_at", "-id", "lat", "lon", "status", "category", "is_public"],
                condition=Q(is_public=True),
                name="feedback_report_pub_new_cov",
            ),
            models.Index(fields=["agency", "status"], name="feedback_report_agency_status"),
            models.Index(fields=["status", "due_at"], name="feedback_report_status_due"),
            models.Index(fields=["category", "grid_cell"], name="feedback_report_cat_cell"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def service_request_id(self) -> str:
        return str(self.pk)

    @property
    def is_open(self) -> bool:
        return self.status not in OPEN311_CLOSED


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    REOPENED = "reopened", _("Reopened by the reporter")
    CONFIRMED = "confirmed", _("Confirmed by the reporter")
    RATED = "rated", _("Rated")
    MERGED = "merged", _("Merged into another report")
    SUPPORTED = "supported", _("Someone reported the same")
    ESCALATED = "escalated", _("Escalated: answer overdue")
    HIDDEN = "hidden", _("Hidden by a moderator")
    SHOWN = "shown", _("Shown again by a moderator")


class FieldReportEvent(models.Model):
    """One step of a report's history; `is_public` steps make the public timeline.

    `actor_label` is what the public sees (an agency or "the reporter"), never a person's name.
    """

    report = models.ForeignKey(  # indexed first in (report, created_at): Meta.indexes
        FieldReport, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=255, blank=True)
    is_public = models.BooleanField(default=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("field report event")
        verbose_name_plural = _("field report events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "created_at"])]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class PhotoRole(models.TextChoices):
    REPORT = "report", _("Reporter's photo")
    ANSWER = "answer", _("Answer photo")


class FieldReportPhoto(BaseModel):
    """One photo: a published copy (resized, no metadata) and the private original.

    The original keeps its EXIF data (GPS included) for officers; `exif_gps` is what it said.
    """

    report = models.ForeignKey(FieldReport, on_delete=models.PROTECT, related_name="photos")
    role = models.CharField(max_length=6, choices=PhotoRole.choices, default=PhotoRole.REPORT)
    public_file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    original_file = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, related_name="+"
    )
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    exif_gps = models.JSONField(null=True, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("field report photo")
        verbose_name_plural = _("field report photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.public_id}"


class FieldReportSupporter(BaseModel):
    """Someone who reported the same problem ("me too"), or whose duplicate was merged here.

    Contact data is private; it is used only to tell them about changes.
    """

    report = models.ForeignKey(FieldReport, on_delete=models.PROTECT, related_name="supporters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    merged_from = models.ForeignKey(
        FieldReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("field report supporter")
        verbose_name_plural = _("field report supporters")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"],
                condition=Q(user__isnull=False),
                name="feedback_supporter_user_once",
            ),
            models.UniqueConstraint(
                fields=["report", "email"],
                condition=~Q(email=""),
                name="feedback_supporter_email_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}"
