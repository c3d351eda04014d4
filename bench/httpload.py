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
local close = os.getenv("BENCH_CONNECTION_CLOSE") == "1"
request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if close then return wrk.format("GET", path, {["Connection"] = "close"}) end
  return wrk.format("GET", path)
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
    base: str,
    paths: list[str],
    *,
    seconds: int,
    connections: int,
    threads: int = 1,
    connection_close: bool = False,
) -> dict:
    """GET `paths` in turn; `connection_close`: each request on a new connection, as a
    front server without upstream keep-alive (nginx's default) reaches gunicorn."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp, WorkerCpu(base) as workers:
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
            env={
                **os.environ,
                "BENCH_PATHS": str(listing),
                "BENCH_CONNECTION_CLOSE": "1" if connection_close else "",
            },
        )
    line = [row for row in out.stdout.splitlines() if row.startswith("{")][-1]
    figures = json.loads(line)
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    figures["worker_cores"] = workers.cores
    return figures


def gunicorn_workers(port: int) -> list[int]:
    """PIDs of the gunicorn workers listening on `port` that this process started."""
    me = os.getpid()
    by_pid: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        by_pid[int(entry.name)] = (ppid, cmdline)
    masters = [
        pid
        for pid, (ppid, cmd) in by_pid.items()
        if ppid == me and "gunicorn" in cmd and f":{port}" in cmd
    ]
    return sorted(pid for pid, (ppid, _cmd) in by_pid.items() if ppid in masters)


class WorkerCpu:
    """Each gunicorn worker's CPU during a run, in cores (`cores`), in the order of
    `gunicorn_workers`. The kernel spreads connections over the workers' sockets by a
    hash: with a few connections one worker may get more of them than the other."""

    def __init__(self, base: str) -> None:
        self.pids = gunicorn_workers(int(base.rsplit(":", 1)[1]))
        self.tick = os.sysconf("SC_CLK_TCK")
        self.cores: list[float] = []

    def _ticks(self) -> list[int]:
        ticks = []
        for pid in self.pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                fields = ["0"] * 13
            ticks.append(int(fields[11]) + int(fields[12]))
        return ticks

    def __enter__(self) -> WorkerCpu:
        self.start, self.started = self._ticks(), time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        wall = time.monotonic() - self.started
        end = self._ticks()
        self.cores = [(b - a) / self.tick / wall for a, b in zip(self.start, end, strict=True)]


def worker_split(figures: dict) -> str:
    """'0.93+0.91': each worker's cores during the run."""
    return "+".join(f"{cores:.2f}" for cores in figures.get("worker_cores", []))
