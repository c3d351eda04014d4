# SPDX-License-Identifier: MIT
"""Writes on field reports: create, route, handle, answer, confirm, merge, moderate.

Every function runs in one transaction, records the audit entry and the public event, and
tells other apps through the signals of signals.py (congso.notify sends its messages after
commit). Status changes go through `_status_change`, which checks the transition table
(states.py) and sends `field_report_status_changed` and `field_report_event_recorded`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.calendar import add_working_hours
from congso.core.exceptions import InvalidInputError
from congso.core.models import Agency
from congso.core.row_insert import insert_row, insert_rows
from congso.core.text import nfc

from . import notifications
from .access import is_coordinator, may_handle
from .attributes import attributes_clean
from .exceptions import (
    FieldReportInvalidError,
    FieldReportNotAllowed,
    FieldReportTransitionNotAllowed,
)
from .geo import ensure_in_area, grid_cell
from .masking import mask_personal_numbers
from .models import (
    DESCRIPTION_MAX,
    ApiClient,
    Category,
    Channel,
    EventKind,
    FieldReport,
    FieldReportEvent,
    FieldReportPhoto,
    FieldReportSupporter,
    PhotoRole,
    RejectReason,
    validate_client_rate,
)
from .photos import StoredPhoto, photo_store
from .routing import agency_name, route_report
from .signals import (
    field_report_event_recorded,
    field_report_received,
    field_report_status_changed,
)
from .states import Status, transition_allowed

NOTE_MAX = 2000


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def manage_key_valid(report: FieldReport, key: str) -> bool:
    return bool(key) and secrets.compare_digest(report.manage_key_hash, key_hash(key))


# --- input -----------------------------------------------------------------------------------


@dataclass
class ReportInput:
    """What a reporter (web form, Open311 client, hotline operator) gives. Shape only."""

    category: Category
    description: str
    lat: float
    lon: float
    address: str = ""
    attributes: Mapping[str, Iterable[str]] = field(default_factory=dict)
    photos: list[tuple[IO[bytes], str]] = field(default_factory=list)
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    device_id: str = ""
    account_id: str = ""


def _text(value: str, *, name: str, limit: int, required: bool = False) -> str:
    value = nfc((value or "").replace("\x00", "").strip())
    if required and not value:
        raise FieldReportInvalidError(_("Please describe the problem."), field=name)
    if len(value) > limit:
        raise FieldReportInvalidError(
            _("%(name)s is too long: at most %(n)s characters.") % {"name": name, "n": limit},
            field=name,
        )
    return value


def _clean_email(raw: str) -> str:
    email = _text(raw, name="email", limit=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise FieldReportInvalidError(
                _("The e-mail address is not valid."), field="email"
            ) from None
    return email


def _clean_contact(data: ReportInput) -> tuple[str, str, str]:
    email = _clean_email(data.reporter_email)
    phone = _text(data.reporter_phone, name="phone", limit=20)
    if phone and not all(ch.isdigit() or ch in "+ .-()" for ch in phone):
        raise FieldReportInvalidError(_("The phone number is not valid."), field="phone")
    return _text(data.reporter_name, name="name", limit=120), email, phone


def _store_photos(photos: list[tuple[IO[bytes], str]], actor: Any) -> list[StoredPhoto]:
    limit = settings.CONGSO_FIELD_REPORT_MAX_PHOTOS
    if len(photos) > limit:
        raise FieldReportInvalidError(
            _("At most %(n)s photos can be sent.") % {"n": limit}, field="media"
        )
    return [photo_store(fileobj=fp, filename=name, uploaded_by=actor) for fp, name in photos]


def _due_at(category: Category, start: datetime) -> datetime:
    return add_working_hours(start, category.deadline_hours)


# --- events ----------------------------------------------------------------------------------


def _event(report: FieldReport, kind: str, **fields: Any) -> FieldReportEvent:
    return FieldReportEvent.objects.create(
        report=report, kind=kind, created_at=timezone.now(), **fields
    )


def _notify(report: FieldReport, event: FieldReportEvent) -> None:
    """Tell listeners about the change inside the transaction (congso.notify writes its
    messages to the reporter and everyone who joined here and sends them after commit)."""
    if field_report_status_changed.has_listeners(FieldReport):
        field_report_status_changed.send(
            sender=FieldReport,
            report=report,
            event=event,
            recipients=notifications.report_contacts(report),
        )
    field_report_event_recorded.send(sender=FieldReportEvent, report=report, event=event)


def _status_change(
    report: FieldReport,
    to_status: str,
    *,
    actor: Any,
    kind: str = EventKind.STATUS,
    note: str = "",
    internal_note: str = "",
    actor_label: str = "",
    request: Any = None,
    updates: Mapping[str, Any] | None = None,
) -> FieldReportEvent:
    if not transition_allowed(report.status, to_status):
        raise FieldReportTransitionNotAllowed(
            _("A report cannot go from %(a)s to %(b)s.")
            % {"a": Status(report.status).label, "b": Status(to_status).label}
        )
    previous = report.status
    report.status = to_status
    if note:
        report.status_notes = note
    for name, value in (updates or {}).items():
        setattr(report, name, value)
    report.save()
    event = _event(
        report,
        kind,
        from_status=previous,
        to_status=to_status,
        note=note,
        internal_note=internal_note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label,
    )
    _notify(report, event)
    audit_record(
        actor=actor,
        action=f"feedback.{kind}",
        target=report,
        changes={"status": [previous, to_status], **_audit_updates(updates)},
        note=internal_note or note,
        request=request,
    )
    return event


def _audit_updates(updates: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in (updates or {}).items()}


def _locked(report: FieldReport) -> FieldReport:
    return FieldReport.objects.select_for_update().get(pk=report.pk)


# --- creating --------------------------------------------------------------------------------


def field_report_create(
    *,
    data: ReportInput,
    channel: str,
    reporter: Any = None,
    recorded_by: Any = None,
    api_client: ApiClient | None = None,
    request: Any = None,
    is_demo: bool = False,
) -> tuple[FieldReport, str]:
    """Record a report, route it by category and place; returns it and the reporter's key.

    The key (shown once, sent by e-mail) lets the reporter confirm, reopen or rate the
    answer without an account. Photos are inspected and stored first: a refused photo
    leaves no report behind.
    """
    description = _text(data.description, name="description", limit=DESCRIPTION_MAX, required=True)
    address = _text(data.address, name="address_string", limit=255)
    name, email, phone = _clean_contact(data)
    ensure_in_area(data.lat, data.lon)
    answers = attributes_clean(category=data.category, raw=data.attributes)
    photos = _store_photos(data.photos, recorded_by or reporter)
    key = secrets.token_urlsafe(24)
    with transaction.atomic():
        report = _report_insert(
            data=data,
            description=description,
            address=address,
            contact=(name, email, phone),
            answers=answers,
            channel=channel,
            reporter=reporter,
            recorded_by=recorded_by,
            api_client=api_client,
            key=key,
            is_demo=is_demo,
        )
        _photos_attach(report, photos, PhotoRole.REPORT)
        _creation_events(report, channel)
        # The private link goes to the reporter through congso.notify (after commit).
        field_report_received.send(
            sender=FieldReport, report=report, manage_url=manage_url(report, key)
        )
        audit_record(
            actor=recorded_by or reporter,
            action="feedback.create",
            target=report,
            changes={
                "category": data.category.code,
                "channel": channel,
                "agency": report.agency_id,
                "unit": report.unit_id,
                "photos": len(photos),
                "api_client": api_client.pk if api_client else None,
            },
            request=request,
        )
    return report, key


def _report_insert(
    *, data: ReportInput, description: str, address: str, contact: tuple[str, str, str],
    answers: dict[str, object], channel: str, reporter: Any, recorded_by: Any,
    api_client: ApiClient | None, key: str, is_demo: bool,
) -> FieldReport:  # fmt: skip
    route = route_report(category=data.category, lat=data.lat, lon=data.lon)
    now = timezone.now()
    report = FieldReport(
        category=data.category,
        description=description,
        description_public=mask_personal_numbers(description),
        attributes=answers,
        lat=data.lat,
        lon=data.lon,
        grid_cell=grid_cell(data.lat, data.lon),
        address=mask_personal_numbers(address),
        unit_id=route.unit_id,
        agency_id=route.agency_id,
        status=Status.ASSIGNED if route.agency_id else Status.RECEIVED,
        channel=channel,
        api_client=api_client,
        reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
        reporter_name=contact[0],
        reporter_email=contact[1],
        reporter_phone=contact[2],
        device_id=(data.device_id or "")[:100],
        account_id=(data.account_id or "")[:100],
        manage_key_hash=key_hash(key),
        recorded_by=recorded_by,
        created_at=now,
        due_at=_due_at(data.category, now),
        is_demo=is_demo,
    )
    insert_row(report)  # the statement written once per process: the path of every report
    return report


def _creation_events(report: FieldReport, channel: str) -> None:
    """ "Received", and "assigned" when routing found the agency, in one statement."""
    now = timezone.now()
    events = [
        FieldReportEvent(
            report=report,
            kind=EventKind.RECEIVED,
            to_status=Status.RECEIVED,
            actor_label=channel,
            created_at=now,
        )
    ]
    if report.agency_id is not None:
        events.append(
            FieldReportEvent(
                report=report,
                kind=EventKind.ASSIGNED,
                from_status=Status.RECEIVED,
                to_status=Status.ASSIGNED,
                actor_label=agency_name(report.agency_id),
                created_at=now,
            )
        )
    insert_rows(events)


def _photos_attach(report: FieldReport, photos: list[StoredPhoto], role: str) -> None:
    FieldReportPhoto.objects.bulk_create(
        [
            FieldReportPhoto(
                report=report,
                role=role,
                public_file=photo.public,
                original_file=photo.original,
                width=photo.width,
                height=photo.height,
                exif_gps=photo.exif_gps,
            )
            for photo in photos
        ]
    )


def manage_url(report: FieldReport, key: str) -> str:
    from django.urls import reverse

    path = reverse("feedback:manage", kwargs={"report_id": report.pk, "key": key})
    return settings.CONGSO_PUBLIC_BASE_URL.rstrip("/") + path


# --- coordinators and agencies ---------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise FieldReportNotAllowed(_("You may not do this with this report."))


def _note(note: str, *, required: bool = False, name: str = "note") -> str:
    note = _text(note, name=name, limit=NOTE_MAX)
    if required and not note:
        raise FieldReportInvalidError(_("Please give a reason."), field=name)
    return note


@transaction.atomic
def field_report_assign(
    *, report: FieldReport, agency: Agency, actor: Any, reason: str = "", request: Any = None
) -> FieldReport:
    """Send a report to `agency` (coordinators only); a reassignment needs a reason."""
    _require(is_coordinator(actor))
    report = _locked(report)
    reason = _note(reason, required=report.agency_id is not None, name="reason")
    if report.agency_id == agency.pk:
        raise FieldReportInvalidError(_("The report is already with this agency."), field="agency")
    updates: dict[str, Any] = {"agency": agency}
    if report.status == Status.RECEIVED:
        updates["due_at"] = report.due_at or _due_at(report.category, timezone.now())
    _status_change(
        report,
        Status.ASSIGNED,
        actor=actor,
        kind=EventKind.ASSIGNED,
        internal_note=reason,
        actor_label=agency.name,
        request=request,
        updates=updates,
    )
    return report


@transaction.atomic
def field_report_start(*, report: FieldReport, actor: Any, request: Any = None) -> FieldReport:
    report = _locked(report)
    _require(may_handle(actor, report.agency_id))
    _status_change(
        report,
        Status.IN_PROGRESS,
        actor=actor,
        actor_label=report.agency.name if report.agency else "",
        request=request,
    )
    return report


def field_report_answer(
    *,
    report: FieldReport,
    actor: Any,
    answer: str,
    photos: list[tuple[IO[bytes], str]] | None = None,
    request: Any = None,
) -> FieldReport:
    """The agency's public answer, with photos of the work done."""
    _require(may_handle(actor, report.agency_id))
    answer = _text(answer, name="answer", limit=DESCRIPTION_MAX)
    if not answer:
        raise FieldReportInvalidError(_("Please write the answer."), field="answer")
    stored = _store_photos(photos or [], actor)
    with transaction.atomic():
        report = _locked(report)
        now = timezone.now()
        _status_change(
            report,
            Status.ANSWERED,
            actor=actor,
            kind=EventKind.ANSWERED,
            note=mask_personal_numbers(answer),
            actor_label=report.agency.name if report.agency else "",
            request=request,
            updates={
                "answer": mask_personal_numbers(answer),
                "answered_at": now,
                "answered_late": bool(report.due_at and now > report.due_at),
            },
        )
        _photos_attach(report, stored, PhotoRole.ANSWER)
    return report


@transaction.atomic
def field_report_reject(
    *, report: FieldReport, actor: Any, reason: str, note: str, request: Any = None
) -> FieldReport:
    """Refuse a report as spam or out of scope (coordinators; duplicates go through merge)."""
    _require(is_coordinator(actor))
    if reason not in (RejectReason.SPAM, RejectReason.OUT_OF_SCOPE):
        raise FieldReportInvalidError(_("Choose a reason for rejecting."), field="reason")
    report = _locked(report)
    note = _note(note, required=True)
    _status_change(
        report,
        Status.REJECTED,
        actor=actor,
        note=note,
        request=request,
        updates={
            "reject_reason": reason,
            "closed_at": timezone.now(),
            "is_public": report.is_public and reason != RejectReason.SPAM,
        },
    )
    return report


@transaction.atomic
def field_report_merge(
    *, duplicate: FieldReport, into: FieldReport, actor: Any, note: str = "", request: Any = None
) -> FieldReport:
    """Close `duplicate` as a duplicate of `into`; its reporter and supporters join `into`.

    Everyone who joined either report is told (the duplicate's people by its status change).
    """
    _require(is_coordinator(actor))
    if duplicate.pk == into.pk:
        raise FieldReportInvalidError(_("A report cannot be merged into itself."), field="into")
    first, second = sorted([duplicate.pk, into.pk])
    locked = {
        r.pk: r for r in FieldReport.objects.select_for_update().filter(pk__in=[first, second])
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if not into.is_open or into.duplicate_of_id:
        raise FieldReportInvalidError(_("Merge into an open report."), field="into")
    note = _note(note) or _("Merged into report #%(id)s.") % {"id": into.pk}
    _status_change(
        duplicate,
        Status.REJECTED,
        actor=actor,
        kind=EventKind.MERGED,
        note=note,
        request=request,
        updates={
            "reject_reason": RejectReason.DUPLICATE,
            "duplicate_of": into,
            "closed_at": timezone.now(),
        },
    )
    joined = _supporters_move(duplicate, into)
    event = _event(
        into,
        EventKind.SUPPORTED,
        note=_("Report #%(id)s about the same problem was merged into this one.")
        % {"id": duplicate.pk},
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="feedback.merge",
        target=into,
        changes={"duplicate": duplicate.pk, "joined": joined},
        request=request,
    )
    _notify(into, event)
    return into


def _supporters_move(duplicate: FieldReport, into: FieldReport) -> int:
    people = [(duplicate.reporter, duplicate.reporter_email, duplicate.reporter_phone)]
    people += [(s.user, s.email, s.phone) for s in duplicate.supporters.select_related("user")]
    joined = 0
    for user, email, phone in people:
        if _supporter_add(into, user=user, email=email, phone=phone, merged_from=duplicate):
            joined += 1
    return joined


def _supporter_add(
    report: FieldReport, *, user: Any, email: str, phone: str, merged_from: FieldReport | None
) -> bool:
    """Add one person to a report's supporters once; False if already there."""
    user = user if getattr(user, "is_authenticated", False) else None
    same = report.supporters.all()
    if (
        user is not None and (same.filter(user=user).exists() or report.reporter_id == user.pk)
    ) or (email and (same.filter(email=email).exists() or report.reporter_email == email)):
        return False
    FieldReportSupporter.objects.create(
        report=report, user=user, email=email, phone=phone, merged_from=merged_from
    )
    FieldReport.objects.filter(pk=report.pk).update(supporter_count=report.supporters.count())
    report.supporter_count = report.supporters.count()
    return True


@transaction.atomic
def field_report_support(
    *, report: FieldReport, user: Any = None, email: str = "", request: Any = None
) -> bool:
    """ "Me too": join an open public report instead of sending a new one."""
    report = _locked(report)
    if not (report.is_open and report.is_public and not report.hidden):
        raise FieldReportInvalidError(_("Only open reports can be joined."))
    email = _clean_email(email)
    added = _supporter_add(report, user=user, email=email, phone="", merged_from=None)
    if added:
        _event(report, EventKind.SUPPORTED, actor=user if user and user.is_authenticated else None)
        audit_record(actor=user, action="feedback.support", target=report, request=request)
    return added


# --- the reporter ----------------------------------------------------------------------------


def _require_key(report: FieldReport, key: str) -> None:
    if not manage_key_valid(report, key):
        raise FieldReportNotAllowed(_("This link is not valid for this report."))


@transaction.atomic
def field_report_confirm(*, report: FieldReport, key: str, request: Any = None) -> FieldReport:
    """The reporter says the problem is fixed: the report closes."""
    report = _locked(report)
    _require_key(report, key)
    _status_change(
        report,
        Status.CLOSED,
        actor=None,
        kind=EventKind.CONFIRMED,
        request=request,
        updates={"closed_at": timezone.now()},
    )
    return report


@transaction.atomic
def field_report_reopen(
    *, report: FieldReport, key: str, reason: str, request: Any = None
) -> FieldReport:
    """The reporter says "not fixed": back to the agency with a new deadline."""
    report = _locked(report)
    _require_key(report, key)
    reason = _note(reason, required=True, name="reason")
    _status_change(
        report,
        Status.REOPENED,
        actor=None,
        kind=EventKind.REOPENED,
        note=mask_personal_numbers(reason),
        request=request,
        updates={"due_at": _due_at(report.category, timezone.now()), "escalated_at": None},
    )
    return report


@transaction.atomic
def field_report_rate(
    *, report: FieldReport, key: str, rating: int, request: Any = None
) -> FieldReport:
    report = _locked(report)
    _require_key(report, key)
    if report.status not in (Status.ANSWERED, Status.CLOSED) or not report.answered_at:
        raise FieldReportInvalidError(_("Only an answered report can be rated."))
    if rating not in range(1, 6):
        raise FieldReportInvalidError(_("Choose from 1 to 5 stars."), field="rating")
    previous = report.rating
    report.rating = rating
    report.save(update_fields=["rating", "updated_at"])
    _event(report, EventKind.RATED, note=str(rating))
    audit_record(
        actor=None, action="feedback.rate", target=report, changes={"rating": [previous, rating]},
        request=request,
    )  # fmt: skip
    return report


# --- moderation ------------------------------------------------------------------------------


@transaction.atomic
def field_report_hide(
    *, report: FieldReport, actor: Any, reason: str, hide: bool = True, request: Any = None
) -> FieldReport:
    """Hide an abusive report from the public (or show it again), with a reason."""
    _require(is_coordinator(actor))
    report = _locked(report)
    reason = _note(reason, required=True, name="reason")
    report.hidden = hide
    report.hidden_reason = reason if hide else ""
    report.is_public = not hide and report.reject_reason != RejectReason.SPAM
    report.save(update_fields=["hidden", "hidden_reason", "is_public", "updated_at"])
    _event(
        report, EventKind.HIDDEN if hide else EventKind.SHOWN, internal_note=reason, actor=actor,
        is_public=False,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="feedback.hide" if hide else "feedback.show",
        target=report,
        changes={"hidden": [not hide, hide]},
        note=reason,
        request=request,
    )
    return report


@transaction.atomic
def field_report_photo_hide(
    *, photo: FieldReportPhoto, actor: Any, reason: str, request: Any = None
) -> FieldReportPhoto:
    _require(is_coordinator(actor))
    reason = _note(reason, required=True, name="reason")
    photo.hidden, photo.hidden_reason = True, reason
    photo.save(update_fields=["hidden", "hidden_reason", "updated_at"])
    audit_record(
        actor=actor, action="feedback.photo_hide", target=photo.report, note=reason,
        changes={"photo": str(photo.public_id)}, request=request,
    )  # fmt: skip
    return photo


# --- API clients -----------------------------------------------------------------------------


@transaction.atomic
def api_client_create(
    *, name: str, contact_email: str = "", rate: str = "", actor: Any = None
) -> tuple[ApiClient, str]:
    """A new Open311 client and its api_key (shown once; only its hash is kept)."""
    try:
        validate_client_rate(rate)
    except ValidationError as exc:
        raise InvalidInputError(exc.messages[0], extra={"field": "rate"}) from exc
    key = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        contact_email=contact_email,
        rate=rate,
        key_prefix=key[:8],
        key_hash=key_hash(key),
    )
    audit_record(actor=actor, action="feedback.api_client_create", target=client)
    return client, key


@transaction.atomic
def api_client_rotate_key(*, client: ApiClient, actor: Any = None) -> str:
    key = secrets.token_urlsafe(32)
    client.key_prefix, client.key_hash = key[:8], key_hash(key)
    client.save(update_fields=["key_prefix", "key_hash", "updated_at"])
    audit_record(actor=actor, action="feedback.api_client_rotate", target=client)
    return key


# --- deadlines -------------------------------------------------------------------------------


def field_report_escalate_overdue(*, now: datetime | None = None) -> int:
    """Mark unanswered reports past their deadline as escalated and tell the agency heads.

    Each report is escalated once per deadline (a reopened report gets a new one).
    Returns how many were escalated now.
    """
    from .selectors import field_reports_overdue

    now = now or timezone.now()
    count = 0
    for report_id in field_reports_overdue(now=now).values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            report = (
                FieldReport.objects.select_for_update(of=("self",))
                .select_related("agency")
                .get(pk=report_id)
            )
            if report.escalated_at is not None:
                continue
            report.escalated_at = now
            report.save(update_fields=["escalated_at", "updated_at"])
            event = _event(
                report, EventKind.ESCALATED, actor_label=report.agency.name if report.agency else ""
            )
            # congso.notify tells the agency heads (one message each, sent after commit).
            field_report_event_recorded.send(sender=FieldReportEvent, report=report, event=event)
            audit_record(actor=None, action="feedback.escalate", target=report)
            count += 1
    return count


def field_report_auto_close(*, now: datetime | None = None) -> int:
    """Close answered reports the reporter left without reply for the configured days."""
    from datetime import timedelta

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CONGSO_FIELD_REPORT_AUTO_CLOSE_DAYS)
    ids = FieldReport.objects.filter(status=Status.ANSWERED, answered_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    count = 0
    for report_id in list(ids[:1000]):
        with transaction.atomic():
            report = FieldReport.objects.select_for_update().get(pk=report_id)
            if report.status != Status.ANSWERED:
                continue
            _status_change(
                report,
                Status.CLOSED,
                actor=None,
                note=_("Closed: the reporter did not reply to the answer."),
                updates={"closed_at": now},
            )
            count += 1
    return count


def channel_label(channel: str) -> str:
    return str(Channel(channel).label) if channel in Channel.values else channel
