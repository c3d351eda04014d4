# SPDX-License-Identifier: MIT
"""Start a production-style server and drive it with wrk (C load generator) over loopback."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WRK_SCRIPT = r"""
local paths = {}
local f = io.open(os.getenv("BENCH_PATHS"), "r")
for line in f:lines() do table.insert(paths, line) end
f:close()
local counter = 0
local thread_id = 0
setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
init = function(args) counter = tid * 7919 end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
response = function(status, headers, body)
  if status ~= 200 then bad = (bad or 0) + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, ',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  io.write(string.format('"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(env: dict[str, str], workers: int = 2, threads: int = 2):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "congso.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--log-level",
        "warning",
        "--keep-alive",
        "30",
        "--config",
        "python:congso.gunicorn_conf",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def run_wrk(
    base: str, paths: list[str], *, seconds: int, connections: int, threads: int = 1
) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "paths.lua"
        script.write_text(WRK_SCRIPT)
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        out = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--timeout",
                "5s",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "BENCH_PATHS": str(listing)},
        )
    line = [row for row in out.stdout.splitlines() if row.startswith("{")][-1]
    figures = json.loads(line)
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    return figures
