# SPDX-License-Identifier: MIT
"""wrk driving signed-in clients: session cookie, CSRF token, multipart uploads.

`run_wrk_script()` is `httpload.run_wrk()` with a script of our own and its settings passed
in the environment; the scripts print the same JSON line (plus status counts), so the
figures are read the same way. `worker_memory()` reads the memory of the gunicorn workers
behind a `httpload.server()`.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.httpload import WorkerCpu

# Shared by both scripts: status counts per thread, collected in done() through setup().
_COMMON = r"""
local threads = {}
local thread_id = 0
setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end
local function read_all(name)
  local f = assert(io.open(name, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end
local function read_lines(name)
  local out = {}
  for line in io.lines(name) do table.insert(out, line) end
  return out
end
logins = {}
for _, line in ipairs(read_lines(os.getenv("BENCH_LOGINS"))) do
  local username, sessionid, csrftoken = line:match("(%S+) (%S+) (%S+)")
  table.insert(logins, {
    cookie = "sessionid=" .. sessionid .. "; csrftoken=" .. csrftoken, csrf = csrftoken })
end
-- A new connection per request when asked (wrk.format ignores -H when given headers).
local close = os.getenv("BENCH_CONNECTION_CLOSE") == "1"
local function headers_for(headers)
  if close then headers["Connection"] = "close" end
  return headers
end
ok2xx, bad, first_bad = 0, 0, ""
local function count(status, body)
  if status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
  else
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. (body or ""):sub(1, 300) end
  end
end
done = function(summary, latency, requests)
  local n2xx, nbad, sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    n2xx = n2xx + (thread:get("ok2xx") or 0)
    nbad = nbad + (thread:get("bad") or 0)
    local b = thread:get("first_bad") or ""
    if sample == "" then sample = b end
  end
  io.write(string.format('{"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, ',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    nbad))
  io.write(string.format('"ok2xx": %d, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, ',
    n2xx, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
  io.write('"first_bad": "' .. sample:gsub('[%c"\\]', "?") .. '"}\n')
end
"""

# GET a list of paths round-robin, signed in as the logins given.
GET_SCRIPT = (
    _COMMON
    + r"""
local paths = read_lines(os.getenv("BENCH_PATHS"))
local counter = 0
init = function(args) counter = tid * 7919 end
request = function()
  counter = counter + 1
  local who = logins[(counter % #logins) + 1]
  return wrk.format("GET", paths[(counter % #paths) + 1],
    headers_for({["Cookie"] = who.cookie, ["X-CSRFToken"] = who.csrf}))
end
response = function(status, headers, body) count(status, body) end
"""
)

# POST bodies made of parts joined around per-request pieces (see dossier_submit.body_parts):
# "utf16" / "ascii", the request's own token (which makes each file distinct), or
# "list:ENV", the next line of the file named by ENV. Each request has its own key.
# Codes of created dossiers are appended to BENCH_CODES to check them against the database.
POST_SCRIPT = (
    _COMMON
    + r"""
local path = os.getenv("BENCH_PATH")
local run = os.getenv("BENCH_RUN")
local ctype = os.getenv("BENCH_CONTENT_TYPE")
local parts = {}
for i = 0, tonumber(os.getenv("BENCH_PARTS")) - 1 do
  parts[i] = read_all(os.getenv("BENCH_PARTS_PREFIX") .. i)
end
local kinds = read_lines(os.getenv("BENCH_PART_KINDS"))
local lists = {}
for _, kind in ipairs(kinds) do
  local name = kind:match("^list:(.+)$")
  if name then lists[kind] = read_lines(os.getenv(name)) end
end
local token_chars = tonumber(os.getenv("BENCH_TOKEN_CHARS"))
local codes = nil
local counter = 0
init = function(args)
  counter = 0
  codes = assert(io.open(os.getenv("BENCH_CODES") .. "." .. tid, "a"))
end
local function utf16(text)
  return (text:gsub(".", "\0%0"))
end
request = function()
  counter = counter + 1
  local id = string.format("%s-%d-%d", run, tid, counter)
  local token = id .. string.rep("-", token_chars - #id)
  local who = logins[(counter % #logins) + 1]
  local pieces = {parts[0]}
  for i = 1, #kinds do
    if kinds[i] == "utf16" then
      table.insert(pieces, utf16(token))
    elseif kinds[i] == "ascii" then
      table.insert(pieces, token)
    else
      local list = lists[kinds[i]]
      table.insert(pieces, list[(counter % #list) + 1])
    end
    table.insert(pieces, parts[i])
  end
  return wrk.format("POST", path, headers_for({
    ["Cookie"] = who.cookie, ["X-CSRFToken"] = who.csrf,
    ["Content-Type"] = ctype, ["Idempotency-Key"] = id}), table.concat(pieces))
end
response = function(status, headers, body)
  count(status, body)
  if status == 201 then
    local code = body:match('"code":%s*"([^"]+)"')
    if code then codes:write(code, "\n"); codes:flush() end
  end
end
"""
)


def run_wrk_script(
    base: str,
    script: str,
    env: dict[str, str],
    *,
    seconds: int,
    connections: int,
    threads: int = 1,
    timeout: str = "10s",
    connection_close: bool = False,
) -> dict:
    """`connection_close`: each request on a new connection (`Connection: close`), as a
    front server without upstream keep-alive (nginx's default) reaches gunicorn."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp, WorkerCpu(base) as workers:
        path = Path(tmp) / "script.lua"
        path.write_text(script)
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
                timeout,
                "-s",
                str(path),
                base,
            ],
            capture_output=True,
            text=True,
            env={**os.environ, **env, "BENCH_CONNECTION_CLOSE": "1" if connection_close else ""},
        )
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed: {out.stderr.strip()}\n{out.stdout.strip()}")
    line = [row for row in out.stdout.splitlines() if row.startswith("{")][-1]
    figures = json.loads(line)
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    figures["worker_cores"] = workers.cores
    return figures


def write_logins(path: Path, logins) -> Path:
    path.write_text("".join(f"{x.username} {x.sessionid} {x.csrftoken}\n" for x in logins))
    return path


def worker_memory(pid: int) -> dict[str, float]:
    """A worker's memory in MiB: resident (RSS, counting the pages it shares with the master
    and the other workers in full), proportional (PSS, shared pages divided among the
    processes that share them) and unique (USS, what the worker alone holds: the memory a
    further worker adds)."""
    kib: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        kib[name] = int(value.split()[0])
    return {
        "rss": kib["Rss"] / 1024,
        "pss": kib["Pss"] / 1024,
        "uss": (kib["Private_Clean"] + kib["Private_Dirty"]) / 1024,
    }


class LockSampler:
    """On PostgreSQL, sample pg_stat_activity every `interval` seconds while a run goes on:
    how many of the server's sessions are running a query, how many wait for a row lock and
    on which table (read from the waiting query)."""

    TABLES = ("auditchainhead", "dossiercodecounter", "dossier", "idempotentrequest")
    QUERY = """
        SELECT state, wait_event_type, query FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND backend_type = 'client backend'
    """

    def __init__(self, database_url: str, interval: float = 0.05) -> None:
        self.url = database_url if database_url.startswith("postgres") else ""
        self.interval = interval
        self.samples = 0
        self.active = 0
        self.waiting: dict[str, int] = {}
        self._stop = None
        self._thread = None

    def __enter__(self) -> LockSampler:
        import threading

        if self.url:
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.wait(self.interval):
                self.samples += 1
                for state, wait_type, query in conn.execute(self.QUERY).fetchall():
                    if state != "active":
                        continue
                    self.active += 1
                    if wait_type == "Lock":
                        table = next((t for t in self.TABLES if t in query), "other")
                        self.waiting[table] = self.waiting.get(table, 0) + 1

    def summary(self) -> str:
        if not self.samples:
            return ""
        waits = ", ".join(
            f"{n / self.samples:.2f} on {table}"
            for table, n in sorted(self.waiting.items(), key=lambda item: -item[1])
        )
        return (
            f"sessions running a query {self.active / self.samples:.2f} on average; "
            f"waiting for a row lock: {waits or 'none'}"
        )


class CpuMeter:
    """How much CPU the rest of the machine used while a run went on.

    Busy time of all CPUs (/proc/stat) minus the benchmark's own: this process and the
    children it reaped (wrk), the gunicorn processes it started and the PostgreSQL backends
    connected to `database` (PostgreSQL's shared processes, WAL writer and checkpointer,
    count as others'). What is left is someone else's (tests, builds) and shows how far the
    figures of that run are from an idle machine's.
    """

    def __init__(self, database: str = "") -> None:
        self.tick = os.sysconf("SC_CLK_TCK")
        self.marker = f" {database} ".encode() if database else None

    def __enter__(self) -> CpuMeter:
        self.start = self._snapshot()
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        end = self._snapshot()
        wall = time.monotonic() - self.started
        busy = (end[0] - self.start[0]) / self.tick
        own_pids = sum(t - self.start[1].get(pid, 0) for pid, t in end[1].items()) / self.tick
        own_rusage = end[2] - self.start[2]
        self.other_cores = max(0.0, busy - own_pids - own_rusage) / wall
        self.busy_cores = busy / wall

    def _snapshot(self) -> tuple[int, dict[int, int], float]:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
        busy = user + nice + system + irq + softirq + steal
        me = os.getpid()
        parents: dict[int, int] = {}
        names: dict[int, str] = {}
        times: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            rest = stat.rsplit(")", 1)[1].split()
            pid = int(entry.name)
            parents[pid], names[pid] = int(rest[1]), name
            times[pid] = int(rest[11]) + int(rest[12])
        own = {}
        for pid, ticks in times.items():
            ancestor, hops = parents.get(pid), 0
            while ancestor not in (None, 0, 1, me) and hops < 10:
                ancestor, hops = parents.get(ancestor), hops + 1
            if pid != me and (ancestor == me or self._our_backend(pid, names[pid])):
                own[pid] = ticks
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        itself = resource.getrusage(resource.RUSAGE_SELF)
        used = children.ru_utime + children.ru_stime + itself.ru_utime + itself.ru_stime
        return busy, own, used

    def _our_backend(self, pid: int, name: str) -> bool:
        if self.marker is None or not name.startswith("postgres"):
            return False
        try:
            return self.marker in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False


def wait_for_quiet(
    max_seconds: float, threshold: float = 0.25, window: float = 5.0, database: str = ""
) -> tuple:
    """Wait until other processes use less than `threshold` cores over `window` seconds, or
    `max_seconds` have passed. Returns (seconds waited, other cores in the last window)."""
    started = time.monotonic()
    other = float("nan")
    while True:
        with CpuMeter(database) as cpu:
            time.sleep(window)
        other = cpu.other_cores
        waited = time.monotonic() - started
        if other < threshold or waited >= max_seconds:
            return waited, other
