# SPDX-License-Identifier: MIT
"""A simulated payment gateway that speaks congso's gateway protocol over real HTTP.

For development, demos and tests: never for real money. It keeps orders in memory.

    GET  /pay?<signed order>      the payer's page: "Pay" or "Cancel"
    POST /pay/confirm             the payer's choice: calls congso back, redirects the browser
    POST /query                   signed JSON question → signed JSON answer about an order
    GET  /control                 the current mode and what was sent
    POST /control                 {"mode": …} or {"reset": true}

Modes (what happens when the payer clicks "Pay"):
    ok             success, one callback, browser sent back
    decline        declined, one callback, browser sent back
    timeout        success recorded here, no callback, the browser waits on a "processing"
                   page: only a query finds out
    double         success, the same callback sent twice
    wrong_amount   success callback for 1,000 đồng more than the order, correctly signed
    bad_signature  success callback whose signature is wrong
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import gateway_protocol as protocol

MODES = ("ok", "decline", "timeout", "double", "wrong_amount", "bad_signature")


@dataclass
class GatewayState:
    merchant: str
    secret: str
    mode: str = "ok"
    max_age: int = 900
    orders: dict[str, dict[str, str]] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _callback(state: GatewayState, url: str, message: dict[str, str]) -> int:
    body = json.dumps(message).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    with state.lock:
        state.sent.append({"url": url, "message": message, "status": status})
    return status


def _report(state: GatewayState, order: dict[str, str], status: str, amount: str) -> dict:
    return protocol.signed(
        {
            "merchant": state.merchant,
            "order_id": order["order_id"],
            "txn_id": order.get("txn_id", ""),
            "status": status,
            "amount": amount,
            "currency": order["currency"],
            "paid_at": order.get("paid_at", ""),
        },
        state.secret,
    )


PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Cổng thanh toán mô phỏng</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:2em auto">
<h1>Cổng thanh toán mô phỏng</h1>
<p><strong>Không dùng cho giao dịch thật.</strong> (Simulated gateway.)</p>
<p>Đơn hàng <code id="order">{order}</code></p><p>{description}</p>
<p>Số tiền: <strong id="amount">{amount}</strong> VND</p>
<form method="post" action="/pay/confirm"><input type="hidden" name="order_id" value="{order}">
<button name="action" value="pay" id="pay">Thanh toán</button>
<button name="action" value="cancel" id="cancel">Hủy</button></form></body></html>"""

WAIT_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đang xử lý</title>
</head><body><h1 id="processing">Giao dịch đang được xử lý</h1><p>Order {order}</p>
<p><a id="back" href="{back}">Quay lại</a></p></body></html>"""


def make_handler(state: GatewayState) -> type[BaseHTTPRequestHandler]:  # noqa: C901
    class Handler(BaseHTTPRequestHandler):
        server_version = "congso-fake-gateway/1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: Any) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(min(length, 65536))

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/control":
                with state.lock:
                    return self._json(
                        200, {"mode": state.mode, "sent": state.sent, "orders": state.orders}
                    )
            if parts.path == "/pay":
                return self._pay_page(parts.query)
            self._send(404, b"not found", "text/plain")

        def _pay_page(self, query: str) -> None:
            try:
                message = protocol.from_query(parse_qsl(query, keep_blank_values=True))
            except protocol.MessageError as exc:
                return self._send(400, str(exc).encode(), "text/plain")
            if (
                not protocol.verify(message, state.secret)
                or message.get("merchant") != state.merchant
            ):
                return self._send(400, b"bad signature", "text/plain")
            if not protocol.is_fresh(message, state.max_age):
                return self._send(400, b"expired", "text/plain")
            order = {
                k: message.get(k, "")
                for k in (
                    "order_id",
                    "amount",
                    "currency",
                    "description",
                    "return_url",
                    "callback_url",
                )
            }
            with state.lock:
                state.orders.setdefault(order["order_id"], {**order, "status": "pending"})
            page = PAGE.format(
                order=html.escape(order["order_id"]),
                description=html.escape(order["description"]),
                amount=html.escape(order["amount"]),
            )
            self._send(200, page.encode(), "text/html; charset=utf-8")

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            if path == "/control":
                return self._control()
            if path == "/query":
                return self._query()
            if path == "/pay/confirm":
                return self._confirm()
            self._send(404, b"not found", "text/plain")

        def _control(self) -> None:
            try:
                data = json.loads(self._body() or b"{}")
            except ValueError:
                return self._json(400, {"error": "json"})
            with state.lock:
                if data.get("reset"):
                    state.orders.clear()
                    state.sent.clear()
                    state.mode = "ok"
                if "mode" in data:
                    if data["mode"] not in MODES:
                        return self._json(400, {"error": "mode", "modes": MODES})
                    state.mode = data["mode"]
                return self._json(200, {"mode": state.mode})

        def _query(self) -> None:
            try:
                message = protocol.well_formed(json.loads(self._body()))
            except ValueError:
                return self._json(400, {"error": "malformed"})
            if not protocol.verify(message, state.secret):
                return self._json(400, {"error": "signature"})
            with state.lock:
                order = dict(state.orders.get(message.get("order_id", ""), {}))
            if not order:
                unknown = {"order_id": message.get("order_id", ""), "currency": "704"}
                return self._json(200, _report(state, unknown, "unknown", "0"))
            self._json(200, _report(state, order, order["status"], order["amount"]))

        def _confirm(self) -> None:
            form = dict(parse_qsl(self._body().decode("utf-8", "replace")))
            with state.lock:
                order = state.orders.get(form.get("order_id", ""))
                mode = state.mode
                if order is None:
                    return self._send(404, b"unknown order", "text/plain")
                if form.get("action") == "cancel":
                    order["status"] = "cancelled"
                elif mode == "decline":
                    order["status"] = "declined"
                else:
                    order["status"] = "success"
                    order["txn_id"] = order.get("txn_id") or "SIM" + secrets.token_hex(8).upper()
                    order["paid_at"] = time.strftime("%Y%m%d%H%M%S")
                order = dict(order)
            amount = order["amount"]
            if mode == "wrong_amount" and order["status"] == "success":
                amount = str(int(amount) + 1000)
            report = _report(state, order, order["status"], amount)
            if mode == "bad_signature":
                report["signature"] = "0" * 64
            if mode != "timeout" or order["status"] != "success":
                _callback(state, order["callback_url"], report)
                if mode == "double":
                    _callback(state, order["callback_url"], report)
            back = protocol.signed(
                {
                    "merchant": state.merchant,
                    "order_id": order["order_id"],
                    "status": order["status"],
                },
                state.secret,
            )
            back_url = order["return_url"] + ("&" if "?" in order["return_url"] else "?")
            back_url += urlencode(back)
            if mode == "timeout" and order["status"] == "success":
                page = WAIT_PAGE.format(
                    order=html.escape(order["order_id"]), back=html.escape(back_url)
                )
                return self._send(200, page.encode(), "text/html; charset=utf-8")
            self._send(303, b"", "text/plain", {"Location": back_url})

    return Handler


class FakeGateway:
    """The simulated gateway on 127.0.0.1:`port` (0 = any free port), in a thread."""

    def __init__(
        self,
        *,
        merchant: str,
        secret: str,
        port: int = 0,
        host: str = "127.0.0.1",
        mode: str = "ok",
    ) -> None:
        self.state = GatewayState(merchant=merchant, secret=secret, mode=mode)
        self.server = ThreadingHTTPServer((host, port), make_handler(self.state))
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeGateway:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def serve_forever(self) -> None:
        self.server.serve_forever()
