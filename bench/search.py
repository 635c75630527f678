"""Benchmark: catalogue search latency through the real code path, on a seeded throwaway database.

    .venv/bin/python bench/search.py --database postgres --listings 1000000 [--reuse] [--keep]
    .venv/bin/python bench/search.py --database sqlite --listings 100000

Seeds the demo marketplace (catalogue.demo.run.seed_demo, without pictures) into a new database,
ANALYZEs it, loads the search index (timed), then runs a fixed mix of realistic searches (printed
below). Every measured call is parse_search_params + run_search: filters, words, the full facet
set, the range histograms, one keyset page and its Listing objects with card data. Each search
runs once cold (first time after the index load), then the mix is cycled --repeat times, twice:
as deployed (facet cache on) and with the facet cache off (what the engine itself costs).

--reuse keeps a database seeded by an earlier --keep run with the same --listings (seeding a
million listings on PostgreSQL takes about ten minutes); --keep leaves the database in place.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed import REPO, machine_facts, recreate_postgres

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/gembazaar_bench_search"
BUDGET_MS = 50.0

# The published mix: (name, parameters). "page 5" follows next_cursor from page 1 at setup.
MIX: list[tuple[str, dict]] = [
    ("everything, newest", {}),
    ("gemstones", {"kind": "gemstone"}),
    ("jewelry, cheapest first", {"kind": "jewelry", "sort": "price_asc"}),
    ("words: emerald", {"q": "emerald"}),
    ("typo: emrald", {"q": "emrald"}),
    ("untreated corundum", {"species": "corundum", "untreated": "1"}),
    ("pink topaz from Katlang, dearest first",
     {"variety": "pink_topaz", "locality": "katlang_ghundao", "sort": "price_desc"}),
    ("1-3 ct, USD 500-5,000, certified",
     {"carat_min": "1", "carat_max": "3", "price_min": "500", "price_max": "5000", "certified": "1"}),
    ("22K gold, 10-30 g net", {"karat": "22", "metal_weight_g_min": "10", "metal_weight_g_max": "30"}),
    ("seller by words: namak mandi", {"q": "namak mandi"}),
    ("under PKR 100,000, cheapest first", {"price_max": "100000", "currency": "PKR", "sort": "price_asc"}),
    ("gemstones newest, keyset page 5", {"kind": "gemstone", "sort": "newest", "page": "5"}),
    ("trade colour: pigeon blood", {"q": "pigeon blood"}),
    ("words: 22k gold bangles", {"q": "22k gold bangles"}),
    ("beryl|corundum × green|red × oval|cushion, heaviest",
     {"species": "beryl,corundum", "colour": "green,red", "shape": "oval,cushion", "sort": "carat_desc"}),
    ("Afghan origin", {"origin_country": "AF"}),
    ("GIA or GRS report, dearest", {"lab": "GIA,GRS", "certified": "1", "sort": "price_desc"}),
    ("words: unheated ruby hunza", {"q": "unheated ruby hunza"}),
    ("heated or oiled natural stones over 2 ct", {"treatment": "H,O", "nature": "natural", "carat_min": "2"}),
    ("21/22K gold necklace sets, dearest",
     {"jewelry_type": "necklace_set", "metal": "gold", "karat": "21,22", "sort": "price_desc"}),
    ("free-text word: handmade", {"q": "handmade"}),
    ("one seller, lightest first", {"seller": "swat-emerald-house", "sort": "carat_asc"}),
    ("words and filters: oiled emerald under 1 ct", {"q": "oiled emerald", "carat_max": "1"}),
    ("long narrow stones (dimensions)", {"length_mm_min": "8", "width_mm_max": "6"}),
    ("nothing found: diamonds from Katlang (zero-result help)",
     {"species": "diamond", "locality": "katlang_ghundao"}),
]


def current_rss_mib() -> float:
    statm = Path("/proc/self/statm")
    return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20 if statm.exists() else 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def setup_database(args) -> tuple[str, Path | None]:
    """The DATABASE_URL to use (created and seeded unless reused) and a directory to delete after."""
    if args.database == "postgres":
        if not args.reuse:
            recreate_postgres(args.postgres_url)
        return args.postgres_url, None
    if args.reuse or args.keep:
        path = Path(tempfile.gettempdir()) / f"gembazaar-bench-search-{args.listings}.sqlite3"
        if not args.reuse and path.exists():
            path.unlink()
        return f"sqlite:///{path}", None
    workdir = Path(tempfile.mkdtemp(prefix="gembazaar-bench-search-"))
    return f"sqlite:///{workdir / 'bench.sqlite3'}", workdir


def seed_if_needed(args) -> float | None:
    from django.core.management import call_command
    from django.db import connection

    from gembazaar.catalogue.models import Listing
    from gembazaar.demo.run import seed_demo

    call_command("migrate", verbosity=0)
    if args.reuse and Listing.objects.count() >= args.listings:
        return None
    started = time.perf_counter()
    seed_demo(listings=args.listings, seed=args.seed, pictures=False)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give a live database
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return seconds


def resolve_mix() -> list[tuple[str, dict]]:
    """The mix with "page" turned into the cursor of that page (followed from page 1)."""
    import dataclasses

    from gembazaar.search.engine import run_search
    from gembazaar.search.params import parse_search_params

    resolved = []
    for name, query in MIX:
        query = dict(query)
        pages = int(query.pop("page", 1))
        params = parse_search_params(query)
        for _ in range(pages - 1):
            result = run_search(params)
            params = dataclasses.replace(params, cursor=result.next_cursor)
        if params.cursor:
            query["cursor"] = params.cursor
        resolved.append((name, query))
    return resolved


class StatementTimer:
    """Times every SQL statement of the calls it wraps (for the EXPLAIN of the slowest)."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str, tuple, str]] = []
        self.label = ""

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((time.perf_counter() - started, sql, params, self.label))


def timed_search(query: dict) -> tuple[float, int]:
    from gembazaar.search.engine import run_search
    from gembazaar.search.params import parse_search_params

    started = time.perf_counter()
    result = run_search(parse_search_params(query))
    return (time.perf_counter() - started) * 1000, result.total


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join("    " + " ".join(str(part) for part in row) for row in cursor.fetchall())


def snapshot_bytes(value) -> int:
    """Bytes of the numpy arrays of a snapshot (walking its fields, dicts and lists)."""
    if hasattr(value, "nbytes"):
        return value.nbytes
    if isinstance(value, dict | list | tuple):
        return sum(snapshot_bytes(v) for v in (value.values() if isinstance(value, dict) else value))
    fields = getattr(value, "__dataclass_fields__", ())
    return sum(snapshot_bytes(getattr(value, name)) for name in fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--listings", type=int, default=None, help="default: 100,000 (SQLite), 1,000,000 (PG)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    parser.add_argument("--reuse", action="store_true", help="use an earlier --keep database if it is seeded")
    parser.add_argument("--keep", action="store_true", help="keep the database for a later --reuse")
    args = parser.parse_args()
    args.listings = args.listings or (1_000_000 if args.database == "postgres" else 100_000)

    database_url, workdir = setup_database(args)
    os.environ["DATABASE_URL"] = database_url  # read once by settings, so before django.setup()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gembazaar.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.db import connection, connections

    try:
        run(args, database_url)
    finally:
        connections.close_all()
        if not args.keep and not args.reuse:
            if args.database == "postgres":
                recreate_postgres(database_url, drop_only=True)
            elif workdir:
                import shutil

                shutil.rmtree(workdir, ignore_errors=True)
        del connection


def run(args, database_url: str) -> None:
    import django
    from django.db import connection

    from gembazaar.search.engine import facet_cache
    from gembazaar.search.freshness import search_index

    seed_seconds = seed_if_needed(args)
    gc.collect()
    rss_before = current_rss_mib()
    search_index.reset()
    started = time.perf_counter()
    snapshot = search_index.current()
    load_seconds = time.perf_counter() - started
    gc.collect()
    rss_after = current_rss_mib()
    mix = resolve_mix()
    search_index.reset()  # measure the cold runs from a freshly loaded index, as a new worker would
    search_index.current()
    facet_cache._entries.clear()

    timer = StatementTimer()
    cold, totals = {}, {}
    with connection.execute_wrapper(timer):
        for name, query in mix:
            timer.label = name
            cold[name], totals[name] = timed_search(query)
    deployed = {name: [] for name, _ in mix}
    engine = {name: [] for name, _ in mix}
    for mode, samples in (("deployed", deployed), ("engine", engine)):
        facet_cache.enabled = mode == "deployed"
        for _ in range(args.repeat):
            for name, query in mix:
                samples[name].append(timed_search(query)[0])
    facet_cache.enabled = True

    facts = machine_facts()
    server = connection.vendor
    if server == "postgresql":
        server += f" {connection.pg_version // 10000}.{connection.pg_version % 100}"
    print(f"search benchmark — {snapshot.size:,} listings on sale of {args.listings:,} seeded (seed {args.seed}), "
          f"database {server}")
    print(f"  machine: {facts['nproc']} CPU(s), {facts['cpu']}, {facts['ram']} RAM; {facts['os']}")
    print(f"  python {facts['python']}, sqlite {facts['sqlite']}, django {django.get_version()}")
    print(f"  seed-demo (no pictures): {'reused' if seed_seconds is None else f'{seed_seconds:.1f} s'}")
    print(f"  index load: {load_seconds:.2f} s; index arrays {snapshot_bytes(snapshot) / 2**20:.0f} MiB "
          f"({snapshot_bytes(snapshot) / max(snapshot.size, 1):.0f} bytes per listing); "
          f"process RSS {rss_before:.0f} MiB before the load, {rss_after:.0f} MiB after; "
          f"peak RSS of the whole run {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"  each search: parse_search_params + run_search (facets, ranges, page of {24} listings); "
          f"cold = first run after the load; then the mix cycled {args.repeat}×, with and without the facet cache")
    print()
    print(f"  {'search':58} {'results':>9} {'cold':>7} | {'deployed p50/p95/p99 ms':>24} | "
          f"{'no facet cache p50/p95/p99':>27}")
    for name, _query in mix:
        print(f"  {name[:58]:58} {totals[name]:9,} {cold[name]:7.1f} | "
              + "{:>7.1f} {:>7.1f} {:>8.1f} | ".format(*(percentile(deployed[name], s) for s in (.5, .95, .99)))
              + "{:>8.1f} {:>8.1f} {:>8.1f}".format(*(percentile(engine[name], s) for s in (.5, .95, .99))))
    for mode, samples in (("deployed (facet cache on)", deployed), ("engine (facet cache off)", engine)):
        values = [v for series in samples.values() for v in series]
        p95 = percentile(values, .95)
        print(f"  overall, {mode:27}: p50 {percentile(values, .5):6.1f} ms  p95 {p95:6.1f} ms  "
              f"p99 {percentile(values, .99):6.1f} ms  — budget p95 ≤ {BUDGET_MS:.0f} ms: "
              f"{'met' if p95 <= BUDGET_MS else 'MISSED'}")
    values = list(cold.values())
    print(f"  cold first runs: p50 {percentile(values, .5):.1f} ms, p95 {percentile(values, .95):.1f} ms, "
          f"max {max(values):.1f} ms ({max(cold, key=cold.get)})")
    print()
    print("  the mix:")
    for name, query in mix:
        shown = {k: (v[:16] + "…" if k == "cursor" else v) for k, v in query.items()}
        print(f"    {name}: {shown}")
    print()
    slowest = sorted(timer.statements, key=lambda s: -s[0])[:3]
    print("  slowest SQL statements of the cold runs:")
    for seconds, sql, _params, label in slowest:
        print(f"    {seconds * 1000:8.1f} ms  [{label}]  {' '.join(sql.split())[:150]}")
    if slowest:
        _seconds, sql, params, label = slowest[0]
        print(f"\n  EXPLAIN {'(ANALYZE, BUFFERS)' if connection.vendor == 'postgresql' else 'QUERY PLAN'} "
              f"of the slowest, from [{label}]:")
        print(explain(sql, params))
    print(f"\n  database: {database_url}")


if __name__ == "__main__":
    main()
