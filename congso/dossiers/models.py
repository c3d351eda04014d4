# SPDX-License-Identifier: MIT
"""Dossiers (hồ sơ): the dossier, its history, its waits for the applicant, its code counters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.models import Agency, BaseModel
from congso.workflow.states import DossierState


class DossierCodeCounter(models.Model):
    """The last sequence number given to dossiers received by one agency on one day.

    One row per (agency, day), inserted or incremented by one upsert that keeps it locked
    until the submission's transaction ends, so codes are unique under concurrent
    submissions and gapless: a rolled-back submission rolls its number back too.
    """

    # Indexed as the first column of the unique (agency, day): no index of its own.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)
    day = models.DateField(_("day"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("dossier code counter")
        verbose_name_plural = _("dossier code counters")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_counter_per_agency_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.day:%y%m%d} {self.last}"


class Channel(models.TextChoices):
    """KenhThucHien of the national portal: 1 in person, 2 online, 3 public postal service."""

    DIRECT = "direct", _("In person")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("By public postal service")


class Source(models.TextChoices):
    DESK = "desk", _("Reception desk")
    PORTAL = "portal", _("Provincial portal")
    NATIONAL_PORTAL = "dvcqg", _("National Public Service Portal")
    POST = "post", _("Post")


class Dossier(BaseModel):
    """A dossier (hồ sơ) for one procedure, with the data the Decision 766 index needs (§5.3).

    `code` is given once, when the dossier is registered, and kept for its whole life across
    channels. `procedure_version` pins the catalog version in force at registration.
    """

    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    pin = models.CharField(_("tracking PIN"), max_length=12)
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("procedure"), on_delete=models.PROTECT
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", verbose_name=_("procedure version"), on_delete=models.PROTECT
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    # The three organisations of a dossier (DOMAIN §1.1): where it was filed, who received it
    # officially, who decides. They differ when filing is independent of boundaries.
    # The agencies' own indexes would repeat the first column of the inbox and period indexes
    # (Meta.indexes): a large table pays for every index on each insert.
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    support_agency = models.ForeignKey(
        Agency,
        verbose_name=_("support point"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # Who the dossier is for, as captured when filed (the person's record may change later).
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    applicant_citizen = models.ForeignKey(
        "accounts.Citizen", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applicant_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "accounts.Representation",
        verbose_name=_("filed on behalf under"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_id_number = models.CharField(_("ID or tax number"), max_length=16, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=16, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    summary = models.CharField(_("summary"), max_length=1000, blank=True)
    form_data = models.JSONField(_("form data"), default=dict, blank=True)

    state = models.CharField(
        _("state"), max_length=24, choices=DossierState.choices, default=DossierState.DRAFT
    )
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("due at when accepted"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    processing_ended_at = models.DateTimeField(_("processing ended at"), null=True, blank=True)
    # Whether it ended late, judged when processing ends as the indicators count it
    # (indicators.counters.ended_on_time), so the lists of late dossiers are a column
    # filter. Null until processing ends (and for dossiers ended without acceptance).
    ended_late = models.BooleanField(_("ended late"), null=True, editable=False)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    vneid_authenticated = models.BooleanField(
        _("applicant authenticated with VNeID"), default=False
    )
    # Who holds the dossier now: the desk at reception and return, the agency of the open
    # step while processing, nobody once it ends. Kept here so the inbox is one index scan.
    current_agency = models.ForeignKey(
        Agency,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # first column of the inbox index (Meta.indexes)
    )
    # The inbox queue, kept by the database: waiting for reception (0), being handled (1),
    # waiting for the applicant (2). Indexed with the holder and the due date, so a page of
    # the inbox is read in order from the index instead of sorting every open dossier.
    inbox_queue = models.GeneratedField(
        expression=models.Case(
            models.When(state=DossierState.AWAITING_RECEPTION, then=models.Value(0)),
            models.When(
                state__in=[DossierState.AWAITING_SUPPLEMENT, DossierState.AWAITING_PAYMENT],
                then=models.Value(2),
            ),
            default=models.Value(1),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )
    # The steps copied from the process definition at acceptance (workflow.process.PlanStep).
    process_plan = models.JSONField(_("process plan"), default=list, blank=True)
    due_warned_at = models.DateTimeField(_("deadline warning sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DossierState.values), name="dossier_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(due_at__isnull=False),
                name="dossier_accepted_has_due_date",
            ),
            models.CheckConstraint(
                condition=Q(paused_at__isnull=True)
                | Q(state__in=[DossierState.AWAITING_SUPPLEMENT, DossierState.AWAITING_PAYMENT]),
                name="dossier_paused_only_while_waiting",
            ),
        ]
        indexes = [
            models.Index(fields=["competent_agency", "state", "due_at"]),
            models.Index(fields=["receiving_agency", "state"]),
            models.Index(fields=["current_agency", "state", "due_at"]),
            models.Index(
                fields=["current_agency", "inbox_queue", "due_at", "submitted_at", "id"],
                condition=Q(
                    state__in=[
                        DossierState.AWAITING_RECEPTION,
                        DossierState.ACCEPTED,
                        DossierState.PROCESSING,
                        DossierState.AWAITING_SUPPLEMENT,
                        DossierState.AWAITING_PAYMENT,
                        DossierState.PROCESSED,
                    ]
                ),
                name="dossier_inbox_order",
            ),
            # The operations centre's lists: dossiers received or ended in a period, for an
            # agency or the province, newest first.
            models.Index(
                fields=["competent_agency", "accepted_at"], name="dossier_agency_accepted"
            ),
            models.Index(
                fields=["competent_agency", "processing_ended_at"], name="dossier_agency_ended"
            ),
            models.Index(fields=["accepted_at"], name="dossier_accepted"),
            models.Index(fields=["processing_ended_at"], name="dossier_ended"),
            # The late ones by end date, in the list's order (index766.BY_END): a page of
            # their keys is read off the index, newest first, with no sort.
            models.Index(
                fields=["processing_ended_at", "accepted_at"],
                condition=Q(ended_late=True),
                name="dossier_ended_late",
            ),
            # The same for one agency: its late dossiers of a month are a range of this
            # index, not the province's late ones intersected with all of the agency's.
            models.Index(
                fields=["competent_agency", "processing_ended_at", "accepted_at"],
                condition=Q(ended_late=True),
                name="dossier_agency_ended_late",
            ),
            # Dossiers being processed now, by competent agency (the operations centre); on
            # PostgreSQL it also carries what judges them late (2.1), so counting them
            # reads the index alone.
            models.Index(
                fields=["competent_agency", "state", "due_at"],
                include=["paused_at", "supplement_count", "accepted_at"],
                condition=Q(
                    state__in=[
                        DossierState.ACCEPTED,
                        DossierState.PROCESSING,
                        DossierState.AWAITING_SUPPLEMENT,
                        DossierState.AWAITING_PAYMENT,
                    ]
                ),
                name="dossier_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def state_label(self) -> str:
        """The state's name in the active language. For lists: get_state_display() translates
        every state to find one (a quarter of the inbox page's rendering)."""
        try:
            return str(DossierState(self.state).label)
        except ValueError:
            return self.state

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_at is not None
            and self.processing_ended_at is None
            and self.paused_at is None
            and self.due_at < timezone.now()
        )


class EventAction(models.TextChoices):
    """What a `DossierEvent` records, as officers read it in the history."""

    REGISTER = "register", _("Registered")
    ACCEPT = "accept", _("Accepted")
    REFUSE = "refuse", _("Refused")
    REQUEST_SUPPLEMENT = "request_supplement", _("Asked to complete")
    REQUEST_PAYMENT = "request_payment", _("Asked to pay the fees")
    PAYMENT_RECEIVED = "payment_received", _("Fees paid")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Completed by the applicant")
    FORWARD = "forward", _("Sent to processing")
    HANDOVER = "handover", _("Handed over")
    SEND_BACK = "send_back", _("Sent back")
    PROCESSED = "processed", _("Result ready")
    RETURNED = "returned", _("Result handed over")
    STOP = "stop", _("Stopped")
    WITHDRAW = "withdraw", _("Withdrawn")
    EXTEND = "extend", _("Apology and new date")
    DUE_SOON_WARNING = "due_soon_warning", _("Due soon")
    OVERDUE_WARNING = "overdue_warning", _("Overdue")


class DossierEvent(models.Model):
    """One step in a dossier's history: append-only, the source of its public timeline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=40, choices=EventAction.choices)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    public_note = models.TextField(_("note shown to the applicant"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField(null=True, blank=True)
    # Structured facts of the decision, for its form: {"reason": …, "basis": …}.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier_id", "occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action}"


class SupplementStage(models.TextChoices):
    RECEPTION = "reception", _("At reception")
    APPRAISAL = "appraisal", _("During appraisal")


class ApplicantWait(models.Model):
    """A time the dossier waits for the applicant: a supplement request or fees to pay.

    DOMAIN §1.4: each request lists what to fix, its stage and legal basis; a second
    supplement request is allowed with a warning and is counted by the 766 index.
    """

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("Supplement")
        PAYMENT = "payment", _("Fees")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="waits")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    stage = models.CharField(max_length=10, choices=SupplementStage.choices, blank=True)
    items = models.JSONField(_("what to complete"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    resume_state = models.CharField(max_length=24, choices=DossierState.choices)

    class Meta:
        verbose_name = _("wait for the applicant")
        verbose_name_plural = _("waits for the applicant")
        ordering = ["dossier_id", "requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(answered_at__isnull=True), name="one_open_wait"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.requested_at:%Y-%m-%d}"


class IdempotentRequest(models.Model):
    """The answer given to a request carrying an Idempotency-Key, replayed on a retry.

    A retried submission (a phone losing its connection after sending) must not make a
    second dossier: the same user with the same key gets the first answer back.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return self.key


class RatingGrade(models.TextChoices):
    """Citizen satisfaction per transaction (DOMAIN §1.7)."""

    SATISFIED = "satisfied", _("Satisfied")
    ACCEPTABLE = "acceptable", _("Acceptable")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class DossierRating(models.Model):
    """The applicant's rating of a finished dossier: once, kept for the indicators."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="rating")
    grade = models.CharField(_("rating"), max_length=14, choices=RatingGrade.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__in=RatingGrade.values), name="dossier_rating_grade_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.grade}"


class TaskState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    SENT_BACK = "sent_back", _("Sent back")
    CANCELLED = "cancelled", _("Cancelled")


class DossierTask(models.Model):
    """One step of a dossier's processing, at one agency, for officers of one role.

    `plan_index` points into the dossier's process plan; an inter-agency task (liên thông)
    shares the index of the step that asked for it and hands back to that step when done.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="tasks")
    plan_index = models.PositiveSmallIntegerField(_("step number"))
    name = models.CharField(_("step"), max_length=120)
    agency = models.ForeignKey(  # indexed first in (agency, state, due_at): Meta.indexes
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    role = models.CharField(_("role"), max_length=16)
    inter_agency = models.BooleanField(_("inter-agency"), default=False)
    requested_by_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_tasks",
    )
    created_at = models.DateTimeField(_("handed over at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    due_at = models.DateTimeField(_("step due at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("processing task")
        verbose_name_plural = _("processing tasks")
        ordering = ["dossier_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(state="open"), name="one_open_task_per_dossier"
            ),
            models.CheckConstraint(
                condition=Q(state__in=TaskState.values), name="dossier_task_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["agency", "state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.plan_index} {self.name}"

    @property
    def role_label(self) -> str:
        from congso.accounts.models import OfficerRoleKind

        return str(OfficerRoleKind(self.role).label)


class DossierExtension(models.Model):
    """An apology and new return date for a late dossier (Mẫu 04; DOMAIN §1.5).

    Drafted by the system or an officer, then signed and sent; only sending moves the
    dossier's due date. Re-dating is limited (CONGSO_MAX_REDATINGS, one by default).
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="extensions")
    reason = models.TextField(_("reason for the delay"), blank=True)
    original_due_at = models.DateTimeField(_("due date before"))
    new_due_at = models.DateTimeField(_("new return date"))
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("title of the signer"), max_length=150, blank=True)
    sent_late = models.BooleanField(_("sent less than a day before the due date"), default=False)

    class Meta:
        verbose_name = _("apology and extension")
        verbose_name_plural = _("apologies and extensions")
        ordering = ["dossier_id", "drafted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(sent_at__isnull=True), name="one_draft_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.new_due_at:%Y-%m-%d}"


class ComponentOrigin(models.TextChoices):
    """Where a component's file came from (DOMAIN §4: DuocSoHoa, DuocTaiSuDung, kho)."""

    UPLOADED = "uploaded", _("Uploaded by the applicant")
    DIGITISED = "digitised", _("Scanned at the desk")
    REUSED = "reused", _("Reused from an earlier result")
    PERSONAL_STORE = "store", _("From the applicant's data store")
    PAPER = "paper", _("Paper only")


class DossierComponent(models.Model):
    """One document of the dossier (thành phần hồ sơ): a file, a reused record, or paper.

    `document_name` is the catalog's name for it, as listed in the pinned procedure version.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="components")
    document_name = models.CharField(_("document"), max_length=500)
    origin = models.CharField(_("origin"), max_length=10, choices=ComponentOrigin.choices)
    file = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    personal_document = models.ForeignKey(
        "PersonalDocument",
        verbose_name=_("reused document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reuses",
    )
    originals = models.PositiveSmallIntegerField(_("originals received"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies received"), default=0)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    for_supplement = models.BooleanField(_("added to complete the dossier"), default=False)

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["dossier_id", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(origin="paper") | Q(file__isnull=False),
                name="component_has_file_unless_paper",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.document_name[:40]}"

    @property
    def digitised(self) -> bool:
        """DuocSoHoa: the component exists as a file linked to the dossier."""
        return self.file_id is not None

    @property
    def reuse_flag(self) -> int:
        """DuocTaiSuDung: 0 not reused, 1 reused (2, reused with a replacement, is not used)."""
        return 1 if self.origin in (ComponentOrigin.REUSED, ComponentOrigin.PERSONAL_STORE) else 0


class PersonalDocumentKind(models.TextChoices):
    RESULT = "result", _("Result of a procedure")
    ECOPY = "ecopy", _("Certified e-copy")
    UPLOAD = "upload", _("Uploaded by the owner")


class PersonalDocument(BaseModel):
    """A document in a person's data store (kho dữ liệu): reused in later dossiers in one click.

    Results and certified e-copies arrive here signed by the issuing agency; the owner may
    also keep uploads. Deleting is not offered: a document reused by a dossier stays.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="personal_documents"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=PersonalDocumentKind.choices)
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    signed_document = models.ForeignKey(
        "signing.SignedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal document")
        verbose_name_plural = _("personal documents")
        ordering = ["owner_id", "-issued_at"]

    def __str__(self) -> str:
        return self.title


class DossierResult(models.Model):
    """The signed result (or certified e-copy) a dossier produced."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="results")
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=PersonalDocumentKind.choices)
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    signed_document = models.ForeignKey(
        "signing.SignedDocument", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("result document")
        verbose_name_plural = _("result documents")
        ordering = ["dossier_id", "issued_at", "pk"]

    def __str__(self) -> str:
        return self.title


class SubmissionDraft(BaseModel):
    """An online application being filled in: answers and files, resumable until submitted.

    `attachments` holds [{"document": name, "file": StoredFile id, "personal_document": id
    or null}]; files are inspected and stored when added, so submitting only links them.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submission_drafts"
    )
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.CASCADE, related_name="+")
    form_data = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    on_behalf_of = models.ForeignKey(
        "accounts.Representation",
        verbose_name=_("filed on behalf under"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )

    class Meta:
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "procedure"],
                condition=Q(dossier__isnull=True),
                name="one_open_draft_per_procedure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.procedure_id}"
