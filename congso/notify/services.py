# SPDX-License-Identifier: MIT
"""Sending notifications: the one entry point for other apps, the send attempt, the fall-back.

Other apps call `notification_send(event=…, recipient=…, context=…, subject_object=…)` inside
their own transaction. It writes the message (an outbox row: it exists exactly when the
change that caused it commits) and enqueues the send after commit. `message_deliver` is
what the task runs: it claims the row with one conditional UPDATE, so a task that runs twice
sends once; it then records the outcome and either retries later with back-off (transient
failure), or falls back to the next channel (permanent failure, retries used up).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import Task

from congso.core.audit import audit_clean_changes, audit_record

from .channels import Outgoing, PermanentSendError, SendError, adapter_for, template_ids
from .events import Channel, NotificationEvent
from .exceptions import PreferenceError, PreferenceNotAllowed
from .models import Message, MessageStatus, NotificationPreference
from .recipients import Recipient
from .rendering import message_render

logger = logging.getLogger(__name__)


# --- creating messages ----------------------------------------------------------------------------


def channel_possible(channel: str, event: str, address: str) -> bool:
    """Whether `channel` is configured and can carry `event` to this address."""
    if not address or adapter_for(channel) is None:
        return False
    return channel != Channel.ZALO or event in template_ids() or _zalo_is_dev()


def _zalo_is_dev() -> bool:
    # The console and file back-ends need no approved template: they show the data.
    return settings.CONGSO_NOTIFY_ZALO_BACKEND.strip().lower() in {"console", "file"}


def _plan(event: str, recipient: Recipient) -> list[tuple[str, str]]:
    """The channels to try, in fall-back order, each with the address it would use."""
    plan = []
    for channel in recipient.channels:
        address = recipient.address(channel)
        if channel_possible(channel, event, address):
            plan.append((channel, address))
    return plan


def _subject_fields(subject_object: models.Model | None) -> dict[str, str]:
    if subject_object is None:
        return {"subject_type": "", "subject_id": "", "subject_label": ""}
    return {
        "subject_type": subject_object._meta.label_lower,
        "subject_id": str(subject_object.pk),
        "subject_label": str(subject_object)[:255],
    }


def _rendered_fields(event: str, channel: str, language: str, context: dict[str, Any]) -> dict:
    rendered = message_render(event=event, language=language, context=context)
    fields: dict[str, Any] = {"template": rendered.source}
    if channel == Channel.EMAIL:
        fields.update(title=rendered.email_subject, body=rendered.email_body)
    elif channel == Channel.SMS:
        fields.update(title="", body=rendered.sms)
    else:
        fields.update(
            title="",
            body=rendered.sms,  # what the ZNS template says, for the log and the console
            template_id=template_ids().get(event, ""),
            template_data=rendered.zns,
        )
    return fields


def _enqueue(message_id: int, run_after: dt.datetime | None = None) -> None:
    from .tasks import message_send

    task = message_send
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # this back-end cannot wait: `manage.py notify_sweep` sends it when due
        task = task.using(run_after=run_after)
    task.enqueue(message_id)


def _create(
    *,
    key: str,
    event: str,
    channel: str,
    address: str,
    remaining: list[str],
    recipient_fields: dict[str, Any],
    subject: dict[str, str],
    context: dict[str, Any],
    fallback_from: Message | None = None,
    new_key: bool = False,
) -> Message | None:
    """Insert one message and have it sent once committed; None when it already exists.

    `new_key`: nothing can hold the key yet, so no savepoint guards the insert against a
    duplicate (a duplicate would then fail the caller's transaction, not pass unnoticed).
    """
    language = recipient_fields["language"]
    fields = {
        "key": key,
        "event": event,
        "channel": channel,
        "address": address,
        "fallback_channels": remaining,
        "context": context,
        "fallback_from": fallback_from,
        **recipient_fields,
        **subject,
        **_rendered_fields(event, channel, language, context),
    }
    if new_key:
        message = Message.objects.create(**fields)
        _enqueue_once_committed(message.pk)
        return message
    try:
        with transaction.atomic():
            message = Message.objects.create(**fields)
            _enqueue_once_committed(message.pk)
    except IntegrityError:
        return None  # the same occurrence on this channel for this person: never twice
    return message


_DELIVER_HERE: ContextVar[bool] = ContextVar("notify_deliver_here", default=False)


@contextmanager
def delivered_here() -> Iterator[None]:
    """Messages written inside are sent by this process as soon as their transaction commits,
    not by a task of their own: for work that already runs in a task worker (one task less
    per message). A message whose sending never ran (the process died) stays queued and
    `messages_sweep` enqueues it."""
    token = _DELIVER_HERE.set(True)
    try:
        yield
    finally:
        _DELIVER_HERE.reset(token)


def _enqueue_once_committed(message_id: int) -> None:
    """Send the message once the transaction that wrote it commits."""
    from .tasks import message_send

    if _DELIVER_HERE.get():
        transaction.on_commit(partial(message_deliver, message_id), robust=True)
    else:
        enqueue_with_change(message_send, message_id, immediate_now=False)


def enqueue_with_change(task: Task, *args: Any, immediate_now: bool = True) -> None:
    """Enqueue `task` so that it exists exactly when the current transaction commits.

    The database task back-end keeps its queue in this database: the task is written in the
    same transaction (and costs no commit of its own). Any other back-end could run the task
    before the commit, or after a rollback: it is enqueued once committed — except the
    immediate back-end (tests, `manage.py` runs without a worker) when `immediate_now`, which
    runs it at once, inside the transaction, where it sees the change.
    """
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db import DatabaseBackend

    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend) or (
        immediate_now and isinstance(backend, ImmediateBackend)
    ):
        task.enqueue(*args)
    else:
        transaction.on_commit(partial(task.enqueue, *args), robust=True)


def notification_send(
    *,
    event: str,
    recipient: Recipient,
    context: Mapping[str, Any],
    subject_object: models.Model | None = None,
    key: str = "",
    new_key: bool = False,
) -> Message | None:
    """Tell `recipient` about `event` on the first channel possible for them.

    `context` holds the template variables as plain values (strings, numbers), formatted in
    the recipient's language; `subject_object` is what the message is about (a dossier, a
    payment, a field report). `key` names the occurrence: the same key, recipient and
    channel never make a second message. Without a key the occurrence is (event, subject).
    Returns the message, the existing one for a repeated occurrence, or None when no
    channel can reach the person. Call it inside the transaction of the change it reports.
    `new_key=True` when the key names something made in that transaction (a new event's id):
    no message can hold it yet, so it is not looked up (two statements fewer).
    """
    if event not in NotificationEvent.values:
        raise ValueError(f"unknown notification event {event!r}")
    subject = _subject_fields(subject_object)
    if not key:
        if subject_object is None:
            raise ValueError("notification_send needs a key or a subject_object")
        key = f"{event}:{subject['subject_type']}:{subject['subject_id']}"
    key = key[:120]
    if not new_key:
        existing = Message.objects.filter(key=key, recipient_key=recipient.key)
        if (found := existing.order_by("pk").first()) is not None:
            return found
    plan = _plan(event, recipient)
    if not plan:
        logger.info("notify: no channel reaches %s for %s", recipient.key, event)
        return None
    channel, address = plan[0]
    return _create(
        key=key,
        event=event,
        channel=channel,
        address=address,
        remaining=[c for c, _a in plan[1:]],
        recipient_fields={
            "language": recipient.language,
            "user_id": recipient.user_id,
            "recipient_key": recipient.key[:120],
            "recipient_name": recipient.name[:255],
            "contacts": {"email": recipient.email, "phone": recipient.phone},
        },
        subject=subject,
        context=audit_clean_changes(dict(context)),
        new_key=new_key,
    )


def _fall_back(message: Message) -> Message | None:
    """After `message` failed for good, try the next channel still possible."""
    recipient = Recipient(
        key=message.recipient_key,
        name=message.recipient_name,
        email=message.contacts.get("email", ""),
        phone=message.contacts.get("phone", ""),
        language=message.language,
        channels=tuple(message.fallback_channels),
        user_id=message.user_id,
    )
    plan = _plan(message.event, recipient)
    if not plan:
        logger.warning("notify: message %s failed and no channel is left", message.pk)
        return None
    channel, address = plan[0]
    return _create(
        key=message.key,
        event=message.event,
        channel=channel,
        address=address,
        remaining=[c for c, _a in plan[1:]],
        recipient_fields={
            "language": message.language,
            "user_id": message.user_id,
            "recipient_key": message.recipient_key,
            "recipient_name": message.recipient_name,
            "contacts": message.contacts,
        },
        subject={
            "subject_type": message.subject_type,
            "subject_id": message.subject_id,
            "subject_label": message.subject_label,
        },
        context=message.context,
        fallback_from=message,
    )


# --- sending --------------------------------------------------------------------------------------


def retry_delay(attempt: int) -> dt.timedelta:
    """Back-off before the next try after `attempt` failed tries: base × 4^(attempt−1)."""
    base = max(0, settings.CONGSO_NOTIFY_RETRY_BASE_SECONDS)
    seconds = min(base * 4 ** max(0, attempt - 1), settings.CONGSO_NOTIFY_RETRY_MAX_SECONDS)
    return dt.timedelta(seconds=seconds)


def _claim(message_id: int, now: dt.datetime) -> bool:
    """Take the message for this worker, atomically: only one worker ever wins it."""
    return bool(
        Message.objects.filter(
            pk=message_id, status=MessageStatus.QUEUED, next_attempt_at__lte=now
        ).update(
            status=MessageStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now, updated_at=now
        )
    )


def _outgoing(message: Message) -> Outgoing:
    return Outgoing(
        reference=str(message.public_id),
        channel=message.channel,
        event=message.event,
        address=message.address,
        language=message.language,
        title=message.title,
        body=message.body,
        template_id=message.template_id,
        template_data=dict(message.template_data),
    )


def message_deliver(message_id: int) -> str:
    """Send one queued message; returns what happened ("sent", "retry", "failed"…)."""
    now = timezone.now()
    if not _claim(message_id, now):
        return "not_claimed"
    message = Message.objects.get(pk=message_id)
    adapter = adapter_for(message.channel)
    try:
        if adapter is None:
            raise PermanentSendError(f"the {message.channel} channel is not configured any more")
        provider_id = adapter.send(_outgoing(message))
    except SendError as exc:
        return _failed(message, str(exc), transient=exc.transient)
    except Exception as exc:  # an adapter bug or an unexpected answer: try again later
        logger.exception("notify: message %s: unexpected error", message_id)
        return _failed(message, f"{exc.__class__.__name__}: {exc}", transient=True)
    Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
        status=MessageStatus.SENT,
        provider_message_id=provider_id[:100],
        sent_at=timezone.now(),
        last_error="",
        updated_at=timezone.now(),
    )
    return "sent"


def _failed(message: Message, error: str, *, transient: bool) -> str:
    """Record a failed try; a retry is enqueued once that is committed."""
    outcome, retry_at = _record_failure(message, error, transient=transient)
    if retry_at is not None:
        _enqueue(message.pk, retry_at)
    return outcome


@transaction.atomic
def _record_failure(
    message: Message, error: str, *, transient: bool
) -> tuple[str, dt.datetime | None]:
    now = timezone.now()
    message = Message.objects.select_for_update().get(pk=message.pk)
    message.last_error = error[:2000]
    if transient and message.attempts < settings.CONGSO_NOTIFY_MAX_ATTEMPTS:
        message.status = MessageStatus.QUEUED
        message.next_attempt_at = now + retry_delay(message.attempts)
        message.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
        return "retry", message.next_attempt_at
    message.status = MessageStatus.GAVE_UP if transient else MessageStatus.FAILED
    message.failed_at = now
    message.save(update_fields=["status", "last_error", "failed_at", "updated_at"])
    _fall_back(message)
    return str(message.status), None


# --- delivery reports -----------------------------------------------------------------------------


@transaction.atomic
def message_delivery_record(
    *, channel: str, provider_message_id: str, delivered: bool, error: str = ""
) -> Message | None:
    """Record a provider's delivery report. Replays change nothing; an unknown id is None.

    A report of failure falls back to the next channel, as a refusal at sending does.
    """
    if not provider_message_id:
        return None
    message = (
        Message.objects.select_for_update()
        .filter(channel=channel, provider_message_id=provider_message_id)
        .first()
    )
    if message is None:
        return None
    now = timezone.now()
    if delivered and message.status in (MessageStatus.SENT, MessageStatus.SENDING):
        message.status = MessageStatus.DELIVERED
        message.delivered_at = now
        message.save(update_fields=["status", "delivered_at", "updated_at"])
    elif not delivered and message.status in (MessageStatus.SENT, MessageStatus.SENDING):
        message.status = MessageStatus.FAILED
        message.failed_at = now
        message.last_error = (error or "the provider reported the message undelivered")[:2000]
        message.save(update_fields=["status", "failed_at", "last_error", "updated_at"])
        _fall_back(message)
    return message


# --- the sweep ------------------------------------------------------------------------------------


def messages_due_dispatch(*, limit: int = 500, now: dt.datetime | None = None) -> int:
    """Enqueue messages that are due but have no task waiting: a lost task, a worker that died
    while sending, a back-end that cannot defer retries. Returns how many were enqueued."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.CONGSO_NOTIFY_CLAIM_TIMEOUT_SECONDS)
    Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=stale).update(
        status=MessageStatus.QUEUED, next_attempt_at=now, updated_at=now
    )
    due = list(
        Message.objects.filter(status=MessageStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        _enqueue(pk)
    return len(due)


# --- preferences ----------------------------------------------------------------------------------

PREFERENCE_FIELDS = ("use_zalo", "use_sms", "use_email", "language", "phone", "email")


@transaction.atomic
def preference_update(
    *,
    user: AbstractBaseUser,
    actor: AbstractBaseUser,
    request: HttpRequest | None = None,
    **values: Any,
) -> NotificationPreference:
    """Save `user`'s channel preferences. Only the person themselves may change them."""
    if actor.pk != user.pk:
        raise PreferenceNotAllowed(_("Only the person themselves can change these preferences."))
    unknown = set(values) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"unknown preference fields {sorted(unknown)}")
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    changes = {}
    for name, value in values.items():
        if getattr(preference, name) != value:
            changes[name] = [getattr(preference, name), value]
            setattr(preference, name, value)
    if not (preference.use_zalo or preference.use_sms or preference.use_email):
        raise PreferenceError(
            _("Keep at least one channel: we must be able to tell you about your dossiers.")
        )
    preference.full_clean()
    preference.save()
    if changes:
        audit_record(
            actor=actor,
            action="notify.preference_update",
            target=preference,
            changes=changes,
            request=request,
        )
    return preference
