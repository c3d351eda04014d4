# SPDX-License-Identifier: MIT
"""Serve the demo: gunicorn (web) and the task worker, stopped together by Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandParser

from congso.demo.accounts import DEMO_LOGINS, demo_totp_base32


def demo_links(port: int) -> dict[str, str]:
    """The demo's external systems are local fakes on ports next to the web server's."""
    return {
        "CONGSO_DVCQG_ENABLED": "true",
        "CONGSO_DVCQG_BASE_URL": f"http://127.0.0.1:{port + 90}",
        "CONGSO_DVCQG_USERNAME": "congso-demo",
        "CONGSO_DVCQG_PASSWORD": "congso-demo",
        "CONGSO_DVCQG_UNIT_CODE": "000.00.00.H46",
        "CONGSO_PAYMENTS_GATEWAY_URL": f"http://127.0.0.1:{port + 91}",
        "CONGSO_PAYMENTS_GATEWAY_MERCHANT": "CONGSO-DEMO",
        "CONGSO_PAYMENTS_GATEWAY_SECRET": "demo-secret-not-for-production",
        "CONGSO_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }


def demo_helpers(port: int) -> list[list[str]]:
    """Schedulers, workers and fakes of external systems that run beside the demo server."""
    return [
        ["dossier_deadline_scan", "--every", "300"],
        ["field_report_deadline_scan", "--every", "300"],
        ["payments_requery", "--every", "60"],
        ["close_indicator_days", "--every", "3600"],
        ["fake_dvcqg", "--port", str(port + 90)],
        ["dvcqg_sync"],
        ["fake_payment_gateway", "--port", str(port + 91)],
    ]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the web server and the background worker of the demo province."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: object, **options: object) -> None:
        port = int(options["port"])
        env = {**os.environ, "CONGSO_DEMO": "true", **demo_links(port)}
        address = f"{options['host']}:{options['port']}"
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "congso.wsgi:application",
                "--bind",
                address,
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
                "--config",
                "python:congso.gunicorn_conf",
            ],
            env=env,
        )
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1"], env=env
        )
        helpers = [
            subprocess.Popen([sys.executable, "manage.py", *command], env=env)
            for command in demo_helpers(port)
        ]
        self._banner(f"http://{address}/")
        # A service manager or `timeout` stops the demo with SIGTERM: stop the children too.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            while web.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in (web, worker, *helpers):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (web, worker, *helpers):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stdout.write("Đã dừng máy chủ demo. / Demo stopped.")

    def _banner(self, url: str) -> None:
        lines = [
            "",
            "congso — TỈNH DEMO / DEMO PROVINCE (dữ liệu minh họa, không phải dữ liệu chính thức)",
            f"  Cổng dịch vụ công / portal:   {url}",
            f"  English:                      {url}en/",
            f"  Quản trị / admin:             {url}quan-tri/",
            f"  API (OpenAPI):                {url}api/docs",
            f"  Điều hành / operations:       {url}dieu-hanh/",
            f"  Phản ánh / field reports:     {url}phan-anh/",
            f"  Open311 GeoReport v2:         {url}open311/v2/discovery.json",
            "  Cổng DVCQG giả / fake national portal and payment gateway: ports PORT+90, PORT+91",
            "  Tài khoản demo / demo log-ins:",
        ]
        lines += [
            f"    {role:<32} {username} / {password}  TOTP key {demo_totp_base32(username)}"
            for role, username, password in DEMO_LOGINS
        ]
        lines += [
            f"  Cán bộ đăng nhập / officer sign-in: {url}can-bo/dang-nhap/",
            "  Mã TOTP hiện tại / current TOTP codes: .venv/bin/python manage.py demo_totp",
            "  Ctrl-C để dừng / to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))
