# SPDX-License-Identifier: MIT
"""The one interface every channel speaks: `send(outgoing) -> provider message id`.

An adapter raises `TransientSendError` when trying again later may work (timeouts, 5xx,
rate limits) and `PermanentSendError` when it will not (the provider refused the number,
the template or our credentials): the message then falls back to the next channel.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any, Protocol

from django.conf import settings


class SendError(Exception):
    transient = False


class TransientSendError(SendError):
    transient = True


class PermanentSendError(SendError):
    transient = False


@dataclass(frozen=True)
class Outgoing:
    """What an adapter needs to send one message; `reference` is our id, unique per message."""

    reference: str
    channel: str
    event: str
    address: str
    language: str
    title: str
    body: str
    template_id: str = ""
    template_data: dict[str, str] = field(default_factory=dict)


class Adapter(Protocol):
    channel: str
    backend: str

    def send(self, outgoing: Outgoing) -> str: ...


_file_lock = Lock()


def file_dir() -> Path:
    configured = settings.CONGSO_NOTIFY_FILE_DIR
    return Path(configured) if configured else Path(settings.VAR_DIR) / "notify-outbox"


class ConsoleAdapter:
    """Development: print each message to standard output."""

    backend = "console"

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(self, outgoing: Outgoing) -> str:
        lines = [f"--- {self.channel} to {outgoing.address} ({outgoing.event}) ---"]
        if outgoing.template_id:
            lines.append(f"template {outgoing.template_id}: {outgoing.template_data}")
        else:
            lines.append(outgoing.body)
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
        return f"console-{outgoing.reference}"


class FileAdapter:
    """Development: append each message as one JSON line to <dir>/<channel>.jsonl."""

    backend = "file"

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(self, outgoing: Outgoing) -> str:
        folder = file_dir()
        folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(outgoing), ensure_ascii=False)
        with _file_lock, (folder / f"{self.channel}.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        return f"file-{outgoing.reference}"


def read_json(response: Any) -> dict[str, Any]:
    """The JSON body of an HTTP answer, or a transient error when it is not JSON."""
    try:
        data = response.json()
    except ValueError as exc:
        raise TransientSendError(
            f"HTTP {response.status_code}: the answer is not JSON: {response.text[:200]!r}"
        ) from exc
    if not isinstance(data, dict):
        raise TransientSendError(f"HTTP {response.status_code}: unexpected answer {data!r}")
    return data
