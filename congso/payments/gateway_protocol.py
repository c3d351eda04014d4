# SPDX-License-Identifier: MIT
"""The signed-message protocol between congso and a payment gateway (no Django here).

Every message is a flat mapping of field names to strings. Its signature is HMAC-SHA256,
keyed with the merchant secret, over a canonical encoding of *every* field but `signature`:
fields sorted by name, each written as `<len(name)>:<name>=<len(value)>:<value>;` with
lengths in UTF-8 bytes. The length prefixes make the encoding unambiguous: no choice of
values can make two different messages encode alike (joining values with spaces can, and a
gateway connected to the national portal was exploited that way). A receiver verifies over
all the fields it received, so a field added in transit is covered or the check fails.

Used by congso's gateway adapter and by the simulated gateway (congso.payments.simulator).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Mapping

SIGNATURE = "signature"
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
MAX_VALUE_BYTES = 2048
MAX_FIELDS = 32


class MessageError(ValueError):
    """A message that is not a well-formed set of string fields."""


def canonical(fields: Mapping[str, str]) -> bytes:
    parts = []
    for name in sorted(fields):
        if name == SIGNATURE:
            continue
        key = name.encode()
        value = fields[name].encode()
        parts.append(b"%d:%s=%d:%s;" % (len(key), key, len(value), value))
    return b"".join(parts)


def sign(fields: Mapping[str, str], secret: str) -> str:
    return hmac.new(secret.encode(), canonical(fields), hashlib.sha256).hexdigest()


def signed(fields: Mapping[str, str], secret: str) -> dict[str, str]:
    """`fields` with a timestamp, a nonce and the signature added."""
    message = {"ts": str(int(time.time())), "nonce": secrets.token_hex(12), **fields}
    message[SIGNATURE] = sign(message, secret)
    return message


def verify(fields: Mapping[str, str], secret: str) -> bool:
    given = fields.get(SIGNATURE, "")
    if not secret or not isinstance(given, str) or len(given) != 64:
        return False
    return hmac.compare_digest(sign(fields, secret), given)


def well_formed(raw: object) -> dict[str, str]:
    """The message as a dict of strings, or MessageError saying what is wrong with it."""
    if not isinstance(raw, dict):
        raise MessageError("the message is not an object")
    if len(raw) > MAX_FIELDS:
        raise MessageError("too many fields")
    for name, value in raw.items():
        if not isinstance(name, str) or not FIELD_NAME.match(name):
            raise MessageError(f"bad field name {str(name)[:40]!r}")
        if not isinstance(value, str):
            raise MessageError(f"field {name} is not a string")
        if len(value.encode()) > MAX_VALUE_BYTES:
            raise MessageError(f"field {name} is too long")
    return dict(raw)


def from_query(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """A message from URL query pairs; a repeated field is refused, not guessed at."""
    message: dict[str, str] = {}
    for name, value in pairs:
        if name in message:
            raise MessageError(f"field {name[:40]} is repeated")
        message[name] = value
    return well_formed(message)


def is_fresh(fields: Mapping[str, str], max_age: int, now: float | None = None) -> bool:
    try:
        stamp = int(fields.get("ts", ""))
    except ValueError:
        return False
    return abs((time.time() if now is None else now) - stamp) <= max_age
