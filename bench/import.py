"""Benchmark: bulk import of listings — a generated gem CSV checked and committed all or nothing.

    .venv/bin/python bench/import.py --database postgres [--rows 100000]
    .venv/bin/python bench/import.py --database sqlite --rows 100000
    .venv/bin/python bench/import.py --database postgres --format xlsx

Makes a throwaway database (PostgreSQL: created and dropped at --postgres-url; SQLite: a temporary
file), migrates it, creates one verified seller, writes a CSV of --rows valid gem listings (varied
species, varieties, shapes, treatments, localities, weights and prices), then runs the product's
own code paths: the preview (imports.services.import_check: read and validate every row with the
catalogue's rules, write nothing) and the import (imports.services.import_listings, the door of the
CLI and of a job's commit: validate every row and write in one transaction — COPY on PostgreSQL,
overlapped with the validation by a writer thread; multi-row INSERT after validation on SQLite).
Prints seconds and rows/s for each. Target: the import ≤ 60 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed import REPO, machine_facts, recreate_postgres

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/gbz_import_bench"
BUDGET_SECONDS = 60.0
HEADER = ["sku", "title", "description", "price", "currency", "quantity", "origin_locality", "kind", "species",
          "variety", "nature", "carat", "pieces", "length_mm", "width_mm", "depth_mm", "shape", "cutting_style",
          "colour", "clarity", "treatments", "lab", "certificate_number"]


def make_csv(rows: int, seed: int) -> bytes:
    from gembazaar.catalogue import vocab

    rng = random.Random(seed)
    stones = [(s.code, v.code, v.label) for s in vocab.SPECIES if s.code != "diamond" for v in s.varieties]
    shapes = [t.code for t in vocab.SHAPES if t.code not in vocab.UNCUT_SHAPES]
    styles = [t.code for t in vocab.CUTTING_STYLES]
    colours = [t.code for t in vocab.COLOURS]
    clarity = [t.code for t in vocab.COLOURED_CLARITY]
    localities = [loc.code for loc in vocab.LOCALITIES] + [""]
    treatments = ["N", "H", "O", "H,O", "R", "D"]
    labs = [t.code for t in vocab.LABS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(1, rows + 1):
        species, variety, label = rng.choice(stones)
        lot = n % 10 == 0
        carat = f"{rng.uniform(0.3, 12):.2f}"
        lab = rng.choice(labs) if n % 4 == 0 else ""
        writer.writerow([
            f"IMP-{n:06d}", f"{label} {carat} ct {'parcel' if lot else 'stone'} {n}",
            "Natural stone from the northern areas." if n % 3 == 0 else "",
            f"{rng.randint(20, 50_000)}.{rng.randint(0, 99):02d}", rng.choice(["USD", "PKR", "EUR"]),
            rng.randint(1, 20) if lot else 1, rng.choice(localities), "lot" if lot else "gemstone",
            species, variety, "natural", carat, rng.randint(2, 50) if lot else 1,
            f"{rng.uniform(3, 15):.2f}", f"{rng.uniform(3, 12):.2f}", f"{rng.uniform(2, 8):.2f}",
            rng.choice(shapes), rng.choice(styles), rng.choice(colours), rng.choice(clarity),
            rng.choice(treatments), lab, f"R{n:08d}" if lab else "",
        ])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(data: bytes) -> bytes:
    """The same rows as an XLSX workbook (openpyxl, as a seller's export would be)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Listings")
    for row in csv.reader(io.StringIO(data.decode("utf-8"))):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gembazaar-bench-import-"))
    if args.database == "sqlite":
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        database_url = args.postgres_url
        recreate_postgres(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(workdir / "private")
    os.environ.setdefault("IMPORT_MAX_FILE_BYTES", str(64 * 1024 * 1024))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gembazaar.settings")
    sys.path.insert(0, str(REPO / "src"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gembazaar.catalogue.models import Listing
    from gembazaar.imports.services.checking import import_check
    from gembazaar.imports.services.writing import import_listings
    from gembazaar.sellers.models import Seller

    try:
        call_command("migrate", verbosity=0)
        seller = Seller.objects.create(legal_name="Bench Gems (Pvt) Ltd", trade_name="Bench Gems", slug="bench-gems",
                                       city="Peshawar", status=Seller.Status.VERIFIED, verified_at=timezone.now())
        data = make_csv(args.rows, args.seed)
        if args.format == "xlsx":
            data = to_xlsx(data)
        started = time.perf_counter()
        checked = import_check(seller=seller, kind="gem", mode="create", data=data, keep_rows=False)
        check_seconds = time.perf_counter() - started
        if not checked.ok:
            raise SystemExit(f"the generated file has errors: {[e.as_dict() for e in checked.errors[:5]]}")
        del checked
        started = time.perf_counter()
        checked, written = import_listings(seller=seller, kind="gem", data=data, publish=True)
        import_seconds = time.perf_counter() - started
        if written is None:
            raise SystemExit(f"the import failed: {[e.as_dict() for e in checked.errors[:5]]}")
        stored = Listing.objects.filter(seller=seller).count()
        pipelined = "yes" if connection.vendor == "postgresql" and settings.IMPORT_PIPELINE else "no"
        server = connection.vendor
        if server == "postgresql":
            server += f" {connection.pg_version // 10000}.{connection.pg_version % 100}"
        connection.close()
    finally:
        if args.database == "postgres":
            from django.db import connections

            connections.close_all()
            recreate_postgres(database_url, drop_only=True)
        shutil.rmtree(workdir, ignore_errors=True)

    facts = machine_facts()
    print(f"import benchmark — {args.rows:,}-row gem {args.format.upper()} ({len(data) / 1_048_576:.1f} MB), "
          f"database {server}")
    print(f"  machine: {facts['nproc']} CPU(s), {facts['cpu']}, {facts['ram']} RAM; {facts['os']}")
    print(f"  python {facts['python']}, sqlite {facts['sqlite']}, django {django.get_version()}")
    print(f"  preview (read + validate every row, no write):   {check_seconds:6.1f} s  = "
          f"{args.rows / check_seconds:,.0f} rows/s")
    print(f"  import (validate every row + commit, one txn):  {import_seconds:6.1f} s  = "
          f"{args.rows / import_seconds:,.0f} rows/s  (budget {BUDGET_SECONDS:.0f} s: "
          f"{'met' if import_seconds <= BUDGET_SECONDS else 'MISSED'})")
    print(f"  {written.created:,} listings created, {stored:,} stored; pipelined write: {pipelined}")
    print(f"  peak memory (RSS):          {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
