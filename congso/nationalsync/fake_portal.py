# SPDX-License-Identifier: MIT
"""A stand-in for the national portal's integration service, for the demo and the tests.

It speaks the protocol of DOMAIN §6.1 over real HTTP (log-in, then `{session, madonvi,
service, ...}` calls), keeps what it receives — one entry per `MaSuKien`, however many times
it is delivered —, serves dossiers to pull and catalog records, and can be told to misbehave
through `/_control/...`: fail the next calls with a status, answer slowly, expire every
session, reject given dossier codes. Not for production: it keeps everything in memory.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RECORD_SERVICES = {"DongBoHoSoMC"}
PROGRESS_SERVICES = {"CapNhatTienDoHoSoMC"}
MAX_BODY = 64 * 1024 * 1024


class PortalState:
    def __init__(self, username: str = "congso", password: str = "congso") -> None:
        self.lock = threading.Lock()
        self.username = username
        self.password = password
        self.reset()

    def reset(self) -> None:
        with getattr(self, "lock", threading.Lock()):
            self.sessions: set[str] = set()
            self.logins = 0
            self.records: dict[str, dict[str, Any]] = {}  # MaHoSo → latest record
            self.events: dict[str, dict[str, Any]] = {}  # MaSuKien → item (kept once)
            self.deliveries: Counter[str] = Counter()  # MaSuKien → times delivered
            self.calls: Counter[str] = Counter()  # service → calls accepted
            self.fail_statuses: list[int] = []
            self.slow_seconds = 0.0
            self.rejected_codes: set[str] = set()
            self.to_pull: dict[str, dict[str, Any]] = {}
            self.catalog: dict[str, dict[str, Any]] = {}
            self.files: dict[str, bytes] = {}

    def summary(self) -> dict[str, Any]:
        with self.lock:
            return {
                "logins": self.logins,
                "records": len(self.records),
                "events": len(self.events),
                "deliveries": sum(self.deliveries.values()),
                "duplicates": sum(n - 1 for n in self.deliveries.values() if n > 1),
                "calls": dict(self.calls),
            }


class _Handler(BaseHTTPRequestHandler):
    server: FakeNationalPortalServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    # --- plumbing ---

    def setup(self) -> None:
        super().setup()
        # Like any real front server (nginx's tcp_nodelay): without it, a small answer after
        # the headers waits for the client's delayed ACK, ~40 ms a call on loopback.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _answer(self, status: int, body: Any, content_type: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("too large")
        raw = self.rfile.read(length) if length else b"{}"
        return json.loads(raw or b"{}")

    # --- routes ---

    def do_GET(self) -> None:
        state = self.server.state
        if self.path == "/_control/state":
            return self._answer(200, state.summary())
        if self.path.startswith("/_control/events"):
            with state.lock:
                return self._answer(200, {"deliveries": dict(state.deliveries)})
        if self.path.startswith("/files/"):
            name = self.path.removeprefix("/files/")
            with state.lock:
                data = state.files.get(name)
            if data is None:
                return self._answer(404, {"error_code": "404", "message": "not found"})
            return self._answer(200, data, "application/octet-stream")
        self._answer(404, {"error_code": "404", "message": "not found"})

    def do_POST(self) -> None:
        try:
            body = self._body()
        except (ValueError, json.JSONDecodeError):
            return self._answer(400, {"error_code": "400", "message": "invalid JSON"})
        if self.path.startswith("/_control/"):
            return self._control(self.path.removeprefix("/_control/"), body)
        state = self.server.state
        with state.lock:
            slow = state.slow_seconds
            failure = state.fail_statuses.pop(0) if state.fail_statuses else None
        if slow:
            time.sleep(slow)
        if failure:  # 0 in the list lets one call through
            return self._answer(failure, {"error_code": str(failure), "message": "injected"})
        if self.path == self.server.auth_path:
            return self._login(body)
        if self.path == self.server.integration_path:
            return self._integration(body)
        self._answer(404, {"error_code": "404", "message": "not found"})

    def _login(self, body: dict[str, Any]) -> None:
        state = self.server.state
        if body.get("username") != state.username or body.get("password") != state.password:
            return self._answer(200, {"error_code": "1", "message": "Sai tài khoản"})
        session = secrets.token_hex(16)
        with state.lock:
            state.sessions.add(session)
            state.logins += 1
        self._answer(200, {"session": session, "error_code": 0})

    def _integration(self, body: dict[str, Any]) -> None:
        state = self.server.state
        with state.lock:
            known = body.get("session") in state.sessions
        if not known:
            return self._answer(200, {"error_code": "401", "message": "Phiên đã hết hạn"})
        service = body.get("service")
        if not body.get("madonvi"):
            return self._answer(400, {"error_code": "400", "message": "thiếu madonvi"})
        if service in RECORD_SERVICES | PROGRESS_SERVICES:
            return self._receive(service, body)
        if service == "LayThuTuc":
            with state.lock:
                record = state.catalog.get(str(body.get("maTTHC")))
            if record is None:
                return self._answer(404, {"error_code": "404", "message": "không có thủ tục"})
            return self._answer(200, {"error_code": "0", "result": record})
        if service == self.server.pull_service:
            with state.lock:
                items = list(state.to_pull.values())
            return self._answer(200, {"error_code": "0", "result": items})
        if service == "TraCuuHoSo":
            with state.lock:
                found = str(body.get("mahoso")) in state.records
            return self._answer(200, {"error_code": "0", "result": {"exists": found}})
        self._answer(400, {"error_code": "400", "message": f"dịch vụ không hỗ trợ: {service}"})

    def _receive(self, service: str, body: dict[str, Any]) -> None:
        state = self.server.state
        data = body.get("data")
        if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
            return self._answer(400, {"error_code": "400", "message": "data phải là danh sách"})
        missing = [i for i in data if not i.get("MaHoSo") or not i.get("MaSuKien")]
        if missing:
            return self._answer(400, {"error_code": "400", "message": "thiếu MaHoSo/MaSuKien"})
        with state.lock:
            rejected = [i["MaHoSo"] for i in data if i["MaHoSo"] in state.rejected_codes]
            if rejected:
                return self._answer(
                    400, {"error_code": "400", "message": f"hồ sơ không hợp lệ: {rejected[0]}"}
                )
            for item in data:
                key = f"{service}:{item['MaSuKien']}"
                state.deliveries[key] += 1
                if key in state.events:
                    continue  # a retry: already applied once
                state.events[key] = item
                if service in RECORD_SERVICES:
                    state.records[item["MaHoSo"]] = item
            state.calls[service] += 1
        self._answer(200, {"error_code": "0", "message": "Thành công", "count": len(data)})

    def _control(self, action: str, body: dict[str, Any]) -> None:
        state = self.server.state
        with state.lock:
            if action == "fail":
                state.fail_statuses.extend(int(s) for s in body.get("statuses", []))
            elif action == "slow":
                state.slow_seconds = float(body.get("seconds", 0))
            elif action == "expire-sessions":
                state.sessions.clear()
            elif action == "reject":
                state.rejected_codes = set(body.get("codes", []))
            elif action == "queue-dossier":
                state.to_pull[body["MaHoSo"]] = body
            elif action == "catalog":
                state.catalog[body["MATTHC"]] = body
            elif action == "file":
                state.files[body["name"]] = body["content"].encode("latin-1")
            elif action != "reset":
                return self._answer(404, {"message": f"unknown control {action}"})
        if action == "reset":
            state.reset()
        self._answer(200, {"ok": True})


class FakeNationalPortalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int] = ("127.0.0.1", 0),
        *,
        auth_path: str = "/auth",
        integration_path: str = "/integration",
        pull_service: str = "LayDanhSachHoSo",
        username: str = "congso",
        password: str = "congso",
    ) -> None:
        super().__init__(address, _Handler)
        self.state = PortalState(username, password)
        self.auth_path = auth_path
        self.integration_path = integration_path
        self.pull_service = pull_service
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeNationalPortalServer:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
