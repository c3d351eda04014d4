# SPDX-License-Identifier: MIT
"""Idempotency-Key handling: a retried request gets the first answer, never a second effect."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congso.core.exceptions import DomainError

from .models import IdempotentRequest

MAX_KEY_LENGTH = 128


class IdempotencyKeyReusedError(DomainError):
    code = "idempotency_key_reused"
    http_status = 422


class IdempotencyKeyInvalidError(DomainError):
    code = "invalid_idempotency_key"
    http_status = 400


def _fingerprint(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def run_idempotently(
    *,
    user: AbstractBaseUser,
    key: str | None,
    payload: dict[str, Any],
    produce: Callable[[], tuple[int, dict[str, Any]]],
) -> tuple[int, dict[str, Any]]:
    """Run `produce` once per (user, key); its effect and the stored answer commit together."""
    if not key:
        with transaction.atomic():
            return produce()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise IdempotencyKeyInvalidError(
            _("The Idempotency-Key must be printable and at most %(n)s characters.")
            % {"n": MAX_KEY_LENGTH}
        )
    fingerprint = _fingerprint(payload)
    try:
        with transaction.atomic():
            stored = _stored(user, key, fingerprint)
            if stored is not None:
                return stored
            status, body = produce()
            IdempotentRequest.objects.create(
                user=user, key=key, request_hash=fingerprint, status_code=status, body=body
            )
            return status, body
    except IntegrityError:
        # The same request raced us and won: its answer is the answer.
        stored = _stored(user, key, fingerprint)
        if stored is None:
            raise
        return stored


def _stored(
    user: AbstractBaseUser, key: str, fingerprint: str
) -> tuple[int, dict[str, Any]] | None:
    stored = IdempotentRequest.objects.filter(user=user, key=key).first()
    if stored is None:
        return None
    if stored.request_hash != fingerprint:
        raise IdempotencyKeyReusedError(
            _("This Idempotency-Key was already used for a different request.")
        )
    return stored.status_code, stored.body
