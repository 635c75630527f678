"""Benchmark: seed the demo marketplace into a fresh, throwaway database and print the figures.

    .venv/bin/python bench/seed.py [--listings 100000] [--seed 42] [--database sqlite|postgres] [--keep]

SQLite: a new database file in a temporary directory (WAL mode, as configured in settings).
PostgreSQL: creates and afterwards drops the database named by --postgres-url
(default postgres://postgres@127.0.0.1:5432/gembazaar_bench). Pictures go to a temporary
MEDIA_ROOT, so their drawing is part of the measurement. Runs the same code path as
`gembazaar seed-demo`.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/gembazaar_bench"


def machine_facts() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"nproc": str(cpus), "cpu": model, "ram": f"{total_kb / 1024 / 1024:.1f} GiB",
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "os": platform.platform()}


def _admin_url(database_url: str) -> tuple[str, str]:
    """The URL of the server's `postgres` database, and the name of the benchmark database."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def recreate_postgres(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    admin_url, name = _admin_url(database_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and pictures")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gembazaar-bench-seed-"))
    if args.database == "sqlite":
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        database_url = args.postgres_url
        recreate_postgres(database_url)
    # Settings read the environment once, at setup: everything is set before django.setup().
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gembazaar.settings")
    sys.path.insert(0, str(REPO / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gembazaar.demo.run import seed_demo

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - started
        report = seed_demo(listings=args.listings, seed=args.seed)
        server = connection.vendor
        if server == "postgresql":
            version = connection.pg_version  # e.g. 150020
            server += f" {version // 10000}.{version % 100}"
        connection.close()
    finally:
        if not args.keep:
            if args.database == "postgres":
                from django.db import connections

                connections.close_all()
                recreate_postgres(database_url, drop_only=True)
            shutil.rmtree(workdir, ignore_errors=True)

    totals = report.totals
    facts = machine_facts()
    print(f"seed-demo benchmark — {args.listings:,} listings, seed {args.seed}, database {server}")
    print(f"  machine: {facts['nproc']} CPU(s), {facts['cpu']}, {facts['ram']} RAM; {facts['os']}")
    print(f"  python {facts['python']}, sqlite {facts['sqlite']}, django {django.get_version()}")
    print(f"  migrate (fresh database):   {migrate_seconds:6.1f} s")
    print(f"  listings written:           {totals.listings:,} ({totals.gems - totals.lots:,} gemstones, "
          f"{totals.lots:,} lots, {totals.jewelry:,} jewelry; {totals.images:,} image rows)")
    print(f"  listing phase:              {report.listing_seconds:6.1f} s  = "
          f"{report.listings_per_second:,.0f} listings/s")
    print(f"  pictures drawn:             {report.pictures_drawn} in {report.picture_seconds:.1f} s")
    print(f"  seed-demo total:            {report.elapsed:6.1f} s  = "
          f"{totals.listings / report.elapsed:,.0f} listings/s (sellers, accounts, listings, pictures)")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"  peak memory (RSS):          {peak_mib:,.0f} MiB")
    if args.keep:
        print(f"  kept: {workdir}")


if __name__ == "__main__":
    main()
