# SPDX-License-Identifier: MIT
"""Fake SMS gateway and Zalo ZNS provider: a small HTTP server that speaks both protocols.

For development (`manage.py fake_messaging --port 8025`) and tests. It checks credentials
and numbers as the real providers do, records every request, and can be told to fail:

    fake.fail("sms", times=2, mode="5xx")    # HTTP 503 twice, then normal answers

Modes: "5xx" (HTTP 503), "timeout" (answer after the client gave up; the request still
counts as received, as with a real provider), "reject" (a refusal: eSMS CodeResult 99,
ZNS error -118), "error" (a provider error worth retrying: eSMS 103, ZNS -100),
"4xx" (HTTP 400); `fake.fail_every("sms", 10)` answers 503 to every tenth request.
Over HTTP: POST /_fake/fail {"channel", "times", "mode"} or {"channel", "every"},
POST /_fake/reset, GET /_fake/messages.

It also builds the delivery reports each provider would send back (`sms_delivery_report`,
`zalo_delivery_event`).
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SMS_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ZNS_PATH = "/message/template"
MODES = frozenset({"5xx", "timeout", "reject", "error", "4xx"})


@dataclass
class FakeState:
    sms_api_key: str = "fake-api-key"
    sms_secret_key: str = "fake-secret-key"
    sms_brandname: str = "CONGSO"
    zalo_access_token: str = "fake-zalo-token"
    timeout_seconds: float = 2.0
    received: list[dict[str, Any]] = field(default_factory=list)
    faults: dict[str, deque[str]] = field(default_factory=lambda: {"sms": deque(), "zalo": deque()})
    sms_requests: dict[str, str] = field(default_factory=dict)  # RequestId → SMSID
    # Every n-th request of a channel answers 503 (0: never), besides the queued faults.
    fail_every: dict[str, int] = field(default_factory=lambda: {"sms": 0, "zalo": 0})
    counts: dict[str, int] = field(default_factory=lambda: {"sms": 0, "zalo": 0})
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_fault(self, channel: str) -> str:
        with self.lock:
            self.counts[channel] += 1
            every = self.fail_every[channel]
            if every and self.counts[channel] % every == 0:
                return "5xx"
            queue = self.faults[channel]
            return queue.popleft() if queue else ""


def _sms_answer(state: FakeState, payload: dict[str, Any]) -> dict[str, Any]:
    if (
        payload.get("ApiKey") != state.sms_api_key
        or payload.get("SecretKey") != state.sms_secret_key
    ):
        return {"CodeResult": "101", "CountRegenerate": 0, "ErrorMessage": "Authorize Failed"}
    if payload.get("Brandname") != state.sms_brandname:
        return {
            "CodeResult": "104",
            "CountRegenerate": 0,
            "ErrorMessage": "Brand name code is not exist",
        }
    if not re.fullmatch(r"0[0-9]{9}", str(payload.get("Phone", ""))):
        return {"CodeResult": "108", "CountRegenerate": 0, "ErrorMessage": "Phone is invalid"}
    if not str(payload.get("Content", "")).strip():
        return {"CodeResult": "99", "CountRegenerate": 0, "ErrorMessage": "Content is empty"}
    request_id = str(payload.get("RequestId", ""))
    with state.lock:
        if request_id and request_id in state.sms_requests:
            return {
                "CodeResult": "124",
                "CountRegenerate": 0,
                "ErrorMessage": "Request exist 1",
                "SendStatus": "5",
            }
        sms_id = uuid.uuid4().hex
        if request_id:
            state.sms_requests[request_id] = sms_id
    return {"CodeResult": "100", "CountRegenerate": 0, "SMSID": sms_id}


def _zns_answer(state: FakeState, headers: Any, payload: dict[str, Any]) -> dict[str, Any]:
    if headers.get("access_token") != state.zalo_access_token:
        return {"error": -124, "message": "Access token is invalid"}
    if not re.fullmatch(r"84[0-9]{9,10}", str(payload.get("phone", ""))):
        return {"error": -108, "message": "Phone number is invalid"}
    if not str(payload.get("template_id", "")).strip():
        return {"error": -109, "message": "Template id is invalid"}
    if not isinstance(payload.get("template_data"), dict):
        return {"error": -112, "message": "Template data is invalid"}
    return {
        "error": 0,
        "message": "Success",
        "data": {
            "msg_id": uuid.uuid4().hex,
            "sent_time": str(int(time.time() * 1000)),
            "quota": {"dailyQuota": "500", "remainingQuota": "499"},
        },
    }


FAULT_BODIES = {
    ("sms", "reject"): {"CodeResult": "99", "ErrorMessage": "Phone number is blocked"},
    ("sms", "error"): {"CodeResult": "103", "ErrorMessage": "Balance not enough"},
    ("zalo", "reject"): {"error": -118, "message": "Zalo account not existed"},
    ("zalo", "error"): {"error": -100, "message": "Unknown error"},
}


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeMessaging/1.0"
    state: FakeState  # set on the class made for each server

    def log_message(self, format: str, *args: Any) -> None:  # quiet by default
        return

    def _reply(self, status: int, body: Any) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout mode)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return None

    def do_GET(self) -> None:
        if self.path == "/_fake/messages":
            with self.state.lock:
                self._reply(200, list(self.state.received))
            return
        self._reply(404, {"error": "not found"})

    def do_POST(self) -> None:
        payload = self._body()
        if self.path.startswith("/_fake/"):
            self._control(payload or {})
            return
        channel = {SMS_PATH: "sms", ZNS_PATH: "zalo"}.get(self.path)
        if channel is None:
            self._reply(404, {"error": "not found"})
            return
        if not isinstance(payload, dict):
            self._reply(400, {"error": "Invalid request"})
            return
        self._provider(channel, payload)

    def _provider(self, channel: str, payload: dict[str, Any]) -> None:
        fault = self.state.next_fault(channel)
        if fault == "timeout":
            answer = self._answer(channel, payload)
            time.sleep(self.state.timeout_seconds)
            self._reply(200, answer)
            return
        if fault == "5xx":
            self._record(channel, payload, {"http": 503})
            self._reply(503, b"Service Unavailable")
            return
        if fault == "4xx":
            self._record(channel, payload, {"http": 400})
            self._reply(400, {"error": "Invalid request"})
            return
        if fault in ("reject", "error"):
            body = FAULT_BODIES[(channel, fault)]
            self._record(channel, payload, body)
            self._reply(200, body)
            return
        self._reply(200, self._answer(channel, payload))

    def _answer(self, channel: str, payload: dict[str, Any]) -> dict[str, Any]:
        if channel == "sms":
            answer = _sms_answer(self.state, payload)
        else:
            answer = _zns_answer(self.state, self.headers, payload)
        self._record(channel, payload, answer)
        return answer

    def _record(self, channel: str, payload: dict[str, Any], answer: dict[str, Any]) -> None:
        headers = {"access_token": self.headers.get("access_token", "")}
        with self.state.lock:
            self.state.received.append(
                {"channel": channel, "payload": payload, "headers": headers, "answer": answer}
            )

    def _control(self, payload: dict[str, Any]) -> None:
        if self.path == "/_fake/reset":
            FakeMessaging.reset_state(self.state)
            self._reply(200, {"ok": True})
        elif self.path == "/_fake/fail":
            try:
                if "every" in payload:
                    FakeMessaging.set_fail_every(
                        self.state, str(payload.get("channel")), int(payload["every"])
                    )
                    self._reply(200, {"ok": True})
                    return
                FakeMessaging.add_faults(
                    self.state,
                    str(payload.get("channel")),
                    int(payload.get("times", 1)),
                    str(payload.get("mode", "5xx")),
                )
            except (TypeError, ValueError) as exc:
                self._reply(400, {"error": str(exc)})
                return
            self._reply(200, {"ok": True})
        else:
            self._reply(404, {"error": "not found"})


class FakeMessaging:
    """The fake providers on 127.0.0.1:`port` (0: any free port), in a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **state: Any) -> None:
        self.state = FakeState(**state)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def sms_url(self) -> str:
        return self.base_url + SMS_PATH

    @property
    def zalo_url(self) -> str:
        return self.base_url + ZNS_PATH

    def start(self) -> FakeMessaging:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeMessaging:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what tests and the command use ---------------------------------------------------------

    @staticmethod
    def add_faults(state: FakeState, channel: str, times: int, mode: str) -> None:
        if channel not in state.faults:
            raise ValueError(f"channel must be sms or zalo, got {channel!r}")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {sorted(MODES)}, got {mode!r}")
        with state.lock:
            state.faults[channel].extend([mode] * max(0, times))

    @staticmethod
    def set_fail_every(state: FakeState, channel: str, every: int) -> None:
        if channel not in state.faults:
            raise ValueError(f"channel must be sms or zalo, got {channel!r}")
        with state.lock:
            state.fail_every[channel] = max(0, every)
            state.counts[channel] = 0

    @staticmethod
    def reset_state(state: FakeState) -> None:
        with state.lock:
            state.received.clear()
            state.sms_requests.clear()
            for queue in state.faults.values():
                queue.clear()
            state.fail_every.update({"sms": 0, "zalo": 0})

    def fail(self, channel: str, *, times: int = 1, mode: str = "5xx") -> None:
        self.add_faults(self.state, channel, times, mode)

    def fail_every(self, channel: str, every: int) -> None:
        self.set_fail_every(self.state, channel, every)

    def reset(self) -> None:
        self.reset_state(self.state)

    def received(self, channel: str | None = None) -> list[dict[str, Any]]:
        with self.state.lock:
            return [r for r in self.state.received if channel in (None, r["channel"])]

    def accepted(self, channel: str) -> list[dict[str, Any]]:
        """Requests the provider accepted (and would deliver)."""
        ok = {"sms": lambda a: a.get("CodeResult") == "100", "zalo": lambda a: a.get("error") == 0}
        return [r for r in self.received(channel) if ok[channel](r["answer"])]

    @staticmethod
    def sms_delivery_report(sms_id: str, *, delivered: bool = True) -> dict[str, str]:
        """The query string eSMS sends to the CallbackUrl when a message reaches its end."""
        return {
            "SMSID": sms_id,
            "SendFailed": "0" if delivered else "1",
            "SendStatus": "5",
            "SendSuccess": "1" if delivered else "0",
            "TotalPrice": "0.0000",
            "TotalReceiver": "1",
            "TotalSent": "1",
            "RequestId": "",
            "TypeId": "2",
            "telcoid": "1",
        }

    @staticmethod
    def zalo_delivery_event(
        msg_id: str, *, app_id: str, oa_id: str, secret_key: str, user_id: str = "0"
    ) -> tuple[bytes, dict[str, str]]:
        """The body and headers of Zalo's `user_received_message` webhook call."""
        from .callbacks import zalo_signature

        timestamp = str(int(time.time() * 1000))
        body = json.dumps(
            {
                "app_id": app_id,
                "event_name": "user_received_message",
                "sender": {"id": oa_id},
                "recipient": {"id": user_id},
                "message": {"msg_id": msg_id, "delivery_time": timestamp},
                "timestamp": timestamp,
            }
        ).encode()
        signature = zalo_signature(app_id=app_id, body=body, timestamp=timestamp, secret=secret_key)
        return body, {"X-ZEvent-Signature": signature}
