"""Benchmark: one search index per host, mapped by every worker (search/shared.py).

    .venv/bin/python bench/shared_index.py [--listings 1000000] [--database postgres|sqlite] [--workers 4]

Uses the database bench/pages.py seeds (PostgreSQL gembazaar_pages_<listings>, or the SQLite file
in /tmp/gembazaar-pages-sqlite-<listings>; run bench/pages.py once first). In separate processes,
as gunicorn workers would be:

1. one worker with sharing off: its first search (the index built from the database) and its memory;
2. the first worker with sharing on: builds the index and writes the host's file;
3. `--workers` new workers at once: each maps the file for its first search.

Prints each first search's time and each process's memory: RSS, and PSS (each shared page counted
once across the processes that map it, from /proc/<pid>/smaps_rollup), so the sum of PSS is what
the workers really take together.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = "postgres://postgres@127.0.0.1:5432/gembazaar_pages_{listings}"

# A worker: first search, then its memory; waits on stdin so that all of them are alive when measured.
MEMORY = r"""
def memory():
    fields = {}
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            name, _, value = line.partition(":")
            if name in ("Rss", "Pss"):
                fields[name.lower()] = int(value.split()[0]) / 1024
    return fields
"""
WORKER = r"""
import json, sys, time
import django
django.setup()
from gembazaar.search.engine import run_search
from gembazaar.search.freshness import search_index
from gembazaar.search.params import parse_search_params
MEMORY
before = memory()
started = time.perf_counter()
result = run_search(parse_search_params({"species": "beryl"}))
first = time.perf_counter() - started
started = time.perf_counter()
run_search(parse_search_params({"q": "ruby", "carat_min": "1"}))
second = time.perf_counter() - started
print(json.dumps({"first": first, "second": second, "total": result.total, "load": search_index.last_load_seconds,
                  "pss_before": before["pss"]}), flush=True)
sys.stdin.read()
print(json.dumps(memory()), flush=True)
"""
WORKER = WORKER.replace("MEMORY", MEMORY)


def environment(args, shared_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    database = (PG_URL.format(listings=args.listings) if args.database == "postgres"
                else f"sqlite:////tmp/gembazaar-pages-sqlite-{args.listings}/db.sqlite3")
    env.update({"DJANGO_SETTINGS_MODULE": "gembazaar.settings", "DEBUG": "false",
                "SECRET_KEY": "bench-shared-" + "x" * 50, "DATABASE_URL": database,
                "SEARCH_SHARED_INDEX_DIR": shared_dir})
    env.pop("REDIS_URL", None)
    return env


def workers(env: dict[str, str], count: int) -> list[dict]:
    """Start `count` workers at once; their first-search figures, then their memory with all alive."""
    processes = [subprocess.Popen([sys.executable, "-c", WORKER], env=env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True) for _ in range(count)]
    firsts = [json.loads(process.stdout.readline()) for process in processes]
    for process, first in zip(processes, firsts, strict=True):
        process.stdin.close()
        first.update({f"{key}_all": value for key, value in json.loads(process.stdout.readline()).items()})
        process.wait()
    return firsts


def show(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print("  first search   second    RSS     PSS (MiB, all alive)   index: PSS after − before the first search")
    for row in rows:
        print(f"  {row['first'] * 1000:9.0f} ms  {row['second'] * 1000:6.1f} ms  {row['rss_all']:6.0f}"
              f"  {row['pss_all']:9.0f}              {index_memory(row):9.0f} MiB")
    if len(rows) > 1:
        print(f"  together: PSS {sum(row['pss_all'] for row in rows):.0f} MiB, "
              f"of which the index {sum(index_memory(row) for row in rows):.0f} MiB")


def index_memory(row: dict) -> float:
    return row["pss_all"] - row["pss_before"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{args.listings:,} listings on {args.database}")
    folder = Path(tempfile.mkdtemp(prefix="gembazaar-shared-index-"))
    try:
        [alone] = workers(environment(args, ""), 1)
        show("1. one worker, sharing off (builds its own index)", [alone])
        [first] = workers(environment(args, str(folder / "index")), 1)
        show("2. the first worker, sharing on (builds and writes the host's file)", [first])
        size = (folder / "index" / "snapshot.bin").stat().st_size
        print(f"  the file: {size / 1_048_576:.0f} MiB")
        mapped = workers(environment(args, str(folder / "index")), args.workers)
        show(f"3. {args.workers} new workers at once, sharing on (each maps the file)", mapped)
        together = sum(index_memory(row) for row in mapped)
        print(f"\n{args.workers} workers' indexes take {together / index_memory(alone):.2f}× the index memory of one "
              f"private worker; "
              f"slowest first search {max(row['first'] for row in mapped) * 1000:.0f} ms "
              f"(a private worker: {alone['first'] * 1000:.0f} ms)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
