# SPDX-License-Identifier: MIT
"""The audit log: who did what to which record, when and from where.

Records are append-only and hash-chained: each one carries the hash of the one before it,
so a record edited or deleted in the database (by a script, a DBA, a restore gone wrong)
no longer fits, and `audit_verify()` / `manage.py verify_audit` names its sequence number.
The chain head row (`AuditChainHead`) holds the last number and hash, which makes a
removed tail detectable too and serialises concurrent writers.

What the chain cannot catch alone: someone who rewrites every record from a point on and
the head with it. Keep the last sequence number and hash that `verify_audit` prints
somewhere else (an anchor) and pass them back with `--anchor`.
"""

from __future__ import annotations

import ipaddress
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.transaction import TransactionManagementError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    AUDIT_GENESIS_HASH,
    AUDIT_HASHED_FIELDS,
    AuditChainHead,
    AuditEvent,
    audit_hash,
)
from .row_insert import insert_statement

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

HEAD_ID = 1
ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:/+=-]{1,64}$")

# Keys whose values are never written to the log. Keys are compared as lower-case letters
# and digits only ("New-Password1" → "newpassword1"); PARTS match anywhere in a key, WORDS
# only as a whole word of it ("otp_code" yes, "footprint" no).
SECRET_KEY_PARTS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "accesskey",
    "signingkey",
    "authorization",
    "cookie",
    "sessionid",
    "credential",
)
SECRET_KEY_WORDS = frozenset({"otp", "totp", "hotp", "pin", "pwd", "cvv", "cvc"})
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


# --- writing -------------------------------------------------------------------------------------


class AuditChainError(Exception):
    """The chain cannot be extended safely (its head row is gone while records exist)."""


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one record to the audit log, inside the caller's transaction.

    Call it from the service's `transaction.atomic` block, as its last write: the record
    then exists exactly when the change does, and the chain head's row lock (PostgreSQL)
    is held for as short a time as possible. `actor` None means the system; an anonymous
    user is recorded as "anonymous". Secrets are dropped from `changes` (see
    SECRET_KEY_PARTS); dates, decimals and UUIDs become strings. `request` gives the
    client's address, user agent and request id.
    """
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"audit action must look like 'dossier.view', got {action!r}")
    using = router.db_for_write(AuditEvent)
    if not transaction.get_connection(using).in_atomic_block:
        raise TransactionManagementError(
            "audit_record() must run inside the transaction of the change it records"
        )
    user = actor if actor is not None and actor.is_authenticated else None
    values: dict[str, Any] = {
        "actor": user,
        "actor_label": user.get_username() if user is not None else _actor_fallback(actor),
        "action": action,
        "changes": audit_clean_changes(changes or {}),
        "note": note,
        **_target_fields(target),
        **_request_fields(request),
    }
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = _clean_text(value, AuditEvent._meta.get_field(name).max_length)

    connection = transaction.get_connection(using)
    statements = _statements(connection)
    with connection.cursor() as cursor:
        cursor.execute(statements.head, [HEAD_ID])
        row = cursor.fetchone()
    if row is None:  # the first record ever (get_or_create settles two first writers)
        heads = AuditChainHead.objects.using(using).select_for_update()
        head, created = heads.get_or_create(pk=HEAD_ID)
        if created and AuditEvent.objects.using(using).exists():
            raise AuditChainError(
                _("The audit chain head is missing although records exist: run verify_audit.")
            )
        row = (head.last_sequence, head.last_hash)
    # Taken under the lock, so times follow sequence numbers.
    event = AuditEvent(sequence=row[0] + 1, occurred_at=timezone.now(), prev_hash=row[1], **values)
    event.hash = event.compute_hash()
    statements.write(connection, event)
    return event


class _Statements:
    """The statements that append a record (three; two on PostgreSQL), written once per
    database vendor rather than built by the ORM for every record: the audit write is part
    of every audited request, and compiling three queries cost more than running them."""

    def __init__(self, connection: Any) -> None:
        qn = connection.ops.quote_name
        head = qn(AuditChainHead._meta.db_table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        self.head = (
            f"SELECT {qn('last_sequence')}, {qn('last_hash')} FROM {head} "
            f"WHERE {qn('id')} = %s{lock}"
        )
        self.record = insert_statement(AuditEvent, connection.alias)
        self.insert = self.record.sql + self.record.row_sql
        self.updated_at = AuditChainHead._meta.get_field("updated_at")
        self.advance = (
            f"UPDATE {head} SET {qn('last_sequence')} = %s, {qn('last_hash')} = %s, "
            f"{qn('updated_at')} = %s WHERE {qn('id')} = %s"
        )
        # PostgreSQL: both in one statement (the INSERT as a data-modifying WITH, which always
        # runs to completion), so the head's row lock is held one round trip less. Every
        # audited write of every process takes turns on that lock.
        self.together = (
            f"WITH appended AS ({self.insert}) {self.advance}"
            if connection.vendor == "postgresql"
            else ""
        )

    def write(self, connection: Any, event: AuditEvent) -> None:
        """Insert `event` (its hash already computed) and move the head to it."""
        values = self.record.values(event, connection)
        moment = self.updated_at.get_db_prep_save(event.occurred_at, connection)
        advance = [event.sequence, event.hash, moment, HEAD_ID]
        with connection.cursor() as cursor:
            if self.together:
                cursor.execute(self.together, [*values, *advance])
            else:
                cursor.execute(self.insert, values)
                cursor.execute(self.advance, advance)
        event._state.adding = False
        event._state.db = connection.alias


_STATEMENTS: dict[str, _Statements] = {}


def _statements(connection: Any) -> _Statements:
    statements = _STATEMENTS.get(connection.vendor)
    if statements is None:
        statements = _STATEMENTS[connection.vendor] = _Statements(connection)
    return statements


def _actor_fallback(actor: AbstractBaseUser | AnonymousUser | None) -> str:
    return "system" if actor is None else "anonymous"


def _target_fields(target: models.Model | None) -> dict[str, str]:
    if target is None:
        return {"target_type": "", "target_id": "", "target_label": ""}
    if target.pk is None:
        raise ValueError("audit target must be saved first")
    return {
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        "target_label": str(target),
    }


def _request_fields(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {"ip_address": None, "user_agent": "", "request_id": ""}
    request_id = str(
        getattr(request, "request_id", "") or request.META.get("HTTP_X_REQUEST_ID", "")
    )
    return {
        "ip_address": request_client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
        "request_id": request_id if REQUEST_ID_PATTERN.match(request_id) else "",
    }


def request_client_ip(request: HttpRequest) -> str | None:
    """The client's IP address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.

    X-Forwarded-For is written by whoever sends the request, so it is believed only as far
    as settings.CONGSO_TRUSTED_PROXY_COUNT says: with N proxies in front of congso, each
    appending the address it received from, the client is the N-th entry from the right.
    Entries further left are the client's own claims and are ignored.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    trusted = int(getattr(settings, "CONGSO_TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= trusted:
            candidate = forwarded[-trusted]
    return _parse_ip(candidate)


def _parse_ip(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:5678
        text = text.split(":", 1)[0]
    text = text.split("%", 1)[0]  # fe80::1%eth0
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def _clean_text(text: str, max_length: int | None = None) -> str:
    """NFC, no NUL (PostgreSQL refuses it), valid UTF-8, cut to the column's length."""
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:max_length] if max_length else text


@lru_cache(maxsize=1024)  # the keys are few and come from code: each is split once
def audit_is_secret_key(key: str) -> bool:
    """Whether a key of `changes` names a secret (password, token, OTP, PIN, API key…)."""
    words = [word.lower() for word in _WORD_SPLIT.split(key) if word]
    flat = "".join(words)
    if any(part in flat for part in SECRET_KEY_PARTS):
        return True
    return any(word.rstrip("0123456789") in SECRET_KEY_WORDS for word in words)


def audit_clean_changes(value: Any) -> Any:
    """`value` as plain JSON that reads back from either database exactly as written.

    Secret keys are dropped at every depth. Strings are NFC without NUL; dates, decimals,
    UUIDs and lazy translations become strings (DjangoJSONEncoder); tuples become lists.
    Integral floats beyond 2**53 become ints, as PostgreSQL's jsonb prints them without
    an exponent; -0.0 becomes 0.0; NaN and infinity are refused.
    """
    if isinstance(value, Mapping):
        return {
            _clean_text(str(key)): audit_clean_changes(item)
            for key, item in value.items()
            if not audit_is_secret_key(str(key))
        }
    if isinstance(value, list | tuple):
        return [audit_clean_changes(item) for item in value]
    if isinstance(value, str):
        return _clean_text(value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("audit changes cannot hold NaN or infinity")
        if value.is_integer() and abs(value) >= 2**53:
            return int(value)
        return value + 0.0  # -0.0 → 0.0
    return _clean_text(str(DjangoJSONEncoder().default(value)))


# --- verifying -----------------------------------------------------------------------------------

ALTERED = "altered"
MISSING = "missing"
BROKEN_LINK = "broken_link"
TRUNCATED = "truncated"
HEAD = "head"
ANCHOR = "anchor"


@dataclass(frozen=True)
class AuditProblem:
    """One thing wrong with the chain, at sequence number `sequence` (through `until`)."""

    kind: str
    sequence: int
    detail: str
    until: int | None = None

    def __str__(self) -> str:
        wider = self.until is not None and self.until != self.sequence
        where = f"#{self.sequence}" + (f"–#{self.until}" if wider else "")
        return f"{where} {self.kind}: {self.detail}"


@dataclass
class AuditVerifyResult:
    """What `audit_verify()` found: `problems` keeps the first `max_problems` of them."""

    checked: int = 0
    last_sequence: int = 0
    last_hash: str = AUDIT_GENESIS_HASH
    problems: list[AuditProblem] = field(default_factory=list)
    problem_count: int = 0
    max_problems: int = 1000

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: AuditProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(problem)


def _head(using: str) -> tuple[int, str] | None:
    row = (
        AuditChainHead.objects.using(using)
        .filter(pk=HEAD_ID)
        .values_list("last_sequence", "last_hash")
        .first()
    )
    return (row[0], row[1]) if row else None


def _rows(using: str, chunk_size: int) -> Iterator[dict[str, Any]]:
    return (
        AuditEvent.objects.using(using)
        .order_by("sequence")
        .values(*AUDIT_HASHED_FIELDS, "hash")
        .iterator(chunk_size=chunk_size)
    )


def audit_verify(
    *,
    anchors: Mapping[int, str] | None = None,
    chunk_size: int = 2000,
    max_problems: int = 1000,
    using: str | None = None,
) -> AuditVerifyResult:
    """Walk the whole chain in sequence order and report every record that does not fit.

    Streams the table (a server-side cursor on PostgreSQL), so memory stays flat for
    millions of records. Finds: altered records (hash differs from content), missing
    records (gaps in the numbers), broken links (prev_hash is not the previous record's
    hash: a record was rewritten with a fresh hash, or records were swapped), a removed
    tail (the head names a later record than the last one) and records the head does not
    know. `anchors` maps sequence numbers to hashes kept elsewhere. Appends that run while
    it walks are not reported.
    """
    using = using or router.db_for_read(AuditEvent)
    anchors = dict(anchors or {})
    result = AuditVerifyResult(max_problems=max_problems)
    head_before = _head(using)
    head_sequence = head_before[0] if head_before else 0
    hash_at_head: str | None = AUDIT_GENESIS_HASH if head_sequence == 0 else None
    expected, prev_hash = 1, AUDIT_GENESIS_HASH
    for row in _rows(using, chunk_size):
        sequence = row["sequence"]
        if sequence != expected:
            result.add(_missing(expected, sequence - 1))
        elif row["prev_hash"] != prev_hash:
            result.add(_broken_link(sequence))
        if _row_hash(row) != row["hash"]:
            result.add(_altered(sequence))
        if sequence == head_sequence:
            hash_at_head = row["hash"]
        if sequence in anchors and anchors.pop(sequence) != row["hash"]:
            result.add(_anchor(sequence))
        result.checked += 1
        expected, prev_hash = sequence + 1, row["hash"]
        result.last_sequence, result.last_hash = sequence, row["hash"]
    _check_head(result, using, head_before, hash_at_head)
    for sequence in sorted(anchors):
        result.add(_anchor(sequence))
    return result


def _row_hash(row: Mapping[str, Any]) -> str | None:
    """The hash a stored row should have; None when tampering left it unreadable."""
    try:
        return audit_hash(row)
    except (TypeError, ValueError):  # e.g. "not an address" or NaN written by hand
        return None


def _check_head(
    result: AuditVerifyResult,
    using: str,
    head_before: tuple[int, str] | None,
    hash_at_head: str | None,
) -> None:
    head_sequence, head_hash = head_before or (0, AUDIT_GENESIS_HASH)
    last = result.last_sequence
    if last < head_sequence:
        result.add(
            AuditProblem(
                TRUNCATED,
                last + 1,
                _(
                    "Records #%(first)s to #%(head)s are missing from the end: the chain head "
                    "says the log ends at #%(head)s."
                )
                % {"first": last + 1, "head": head_sequence},
                until=head_sequence,
            )
        )
    elif hash_at_head is not None and hash_at_head != head_hash:
        result.add(
            AuditProblem(
                HEAD,
                head_sequence,
                _("The chain head does not match record #%(sequence)s.")
                % {"sequence": head_sequence},
            )
        )
    if last > head_sequence or head_before is None:
        # Records written while we walked are fine: read the head again before judging.
        head_after = _head(using)
        if head_after is None and result.checked:
            result.add(
                AuditProblem(HEAD, last, _("The chain head row is missing although records exist."))
            )
        elif head_after is not None and last > head_after[0]:
            result.add(
                AuditProblem(
                    HEAD,
                    head_after[0] + 1,
                    _("Records after #%(head)s were not written through the audit log.")
                    % {"head": head_after[0]},
                    until=last if last > head_after[0] + 1 else None,
                )
            )


def _missing(first: int, last: int) -> AuditProblem:
    return AuditProblem(
        MISSING,
        first,
        _("Records #%(first)s to #%(last)s are missing.") % {"first": first, "last": last}
        if last > first
        else _("Record #%(sequence)s is missing.") % {"sequence": first},
        until=last if last > first else None,
    )


def _broken_link(sequence: int) -> AuditProblem:
    return AuditProblem(
        BROKEN_LINK,
        sequence,
        _(
            "Record #%(sequence)s does not chain from the record before it: that record "
            "was rewritten, or records were reordered."
        )
        % {"sequence": sequence},
    )


def _altered(sequence: int) -> AuditProblem:
    return AuditProblem(
        ALTERED,
        sequence,
        _("Record #%(sequence)s was changed after it was written: its hash does not match.")
        % {"sequence": sequence},
    )


def _anchor(sequence: int) -> AuditProblem:
    return AuditProblem(
        ANCHOR,
        sequence,
        _("Record #%(sequence)s does not match the hash kept outside the database.")
        % {"sequence": sequence},
    )
