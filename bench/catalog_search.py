# SPDX-License-Identifier: MIT
"""Catalog search over HTTP: 7,000 procedures, 1,000 mixed queries, gunicorn with 2 workers.

    .venv/bin/python bench/catalog_search.py                # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1/congso .venv/bin/python bench/catalog_search.py

Prints queries/s and p50/p95/p99 for the search API and, in the same run and the same way,
for a minimal Django JSON view (the framework's ceiling on this machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dbsetup import django_setup, engine_name, fresh_database_url
from bench.httpload import run_wrk, server


def strip_accents(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def misspell(text: str, rng: random.Random) -> str:
    words = text.split()
    index = rng.randrange(len(words))
    word = words[index]
    if len(word) > 3:
        cut = rng.randrange(1, len(word) - 1)
        word = word[:cut] + word[cut + 1 :]
    words[index] = word
    return " ".join(words)


def mixed_queries(
    names: list[str], codes: list[str], count: int = 1000, seed: int = 7
) -> list[str]:
    rng = random.Random(seed)
    queries = []
    kinds = ["accents", "plain", "misspelt", "one_word", "long", "code", "upper", "prefix"]
    for i in range(count):
        name = rng.choice(names)
        words = name.split()
        kind = kinds[i % len(kinds)]
        if kind == "accents":
            q = " ".join(words[: rng.randint(2, 4)])
        elif kind == "plain":
            q = strip_accents(" ".join(words[: rng.randint(2, 5)])).lower()
        elif kind == "misspelt":
            q = misspell(strip_accents(" ".join(words[: rng.randint(3, 5)])).lower(), rng)
        elif kind == "one_word":
            q = rng.choice([w for w in words if len(w) > 2] or words)
        elif kind == "long":
            q = name
        elif kind == "code":
            q = rng.choice(codes)
        elif kind == "upper":
            q = " ".join(words[:3]).upper()
        else:
            q = strip_accents(" ".join(words[:3]))[:-2].lower()
        queries.append(q)
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--procedures", type=int, default=7000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument(
        "--connections", default="4,8", help="wrk connection counts to run, comma-separated"
    )
    args = parser.parse_args()

    database_url = fresh_database_url("catalog_search")
    django_setup(database_url)
    from congso.catalog import services
    from congso.catalog.records import ProcedureRecord
    from congso.demo.generator import generate_procedures

    started = time.perf_counter()
    records = [ProcedureRecord.model_validate(d) for d in generate_procedures(args.procedures)]
    services.procedures_upsert(records=records)
    load_seconds = time.perf_counter() - started

    queries = mixed_queries([r.name for r in records], [r.code for r in records], args.queries)
    search_paths = [f"/api/catalog/procedures?q={quote(q)}" for q in queries]
    env = {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "bench.settings_bench"}
    with server(env) as base:
        run_wrk(base, search_paths, seconds=3, connections=8)  # warm caches and connections
        runs = []
        for connections in (int(c) for c in args.connections.split(",")):
            minimal = run_wrk(
                base, ["/bench/minimal"], seconds=args.seconds, connections=connections
            )
            search = run_wrk(base, search_paths, seconds=args.seconds, connections=connections)
            runs.append((connections, minimal, search))

    engine = engine_name(database_url)
    print(
        f"catalog_search — {engine}, {args.procedures} procedures "
        f"(loaded in {load_seconds:.1f} s), {len(set(queries))} distinct queries, "
        f"gunicorn 2 workers × 2 threads, wrk on the same 2 cores, {args.seconds} s a run"
    )
    print(f"{'conns':>5}  {'endpoint':<26}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for connections, minimal, search in runs:
        for label, f in (("minimal Django JSON view", minimal), ("search API", search)):
            errors = f["errors"] + f["non2xx"]
            print(
                f"{connections:>5}  {label:<26}{f['rps']:>8.0f}{f['p50_ms']:>9.2f}"
                f"{f['p95_ms']:>9.2f}{f['p99_ms']:>9.2f}" + (f"  {errors} errors" if errors else "")
            )
        print(f"{'':>5}  search / minimal throughput: {search['rps'] / minimal['rps']:.2f}")


if __name__ == "__main__":
    main()
