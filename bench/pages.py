"""Benchmark: what a visitor gets over HTTP, page by page, as a share of what the stack can serve.

    .venv/bin/python bench/pages.py [--listings 100000] [--database sqlite|postgres] [--seconds 5]
                                    [--concurrency 8] [--workers 2] [--fresh] [--cache all|on|off|signed-in]

Seeds a demo marketplace once (kept in /tmp/gembazaar-pages-<database>-<listings>, or the
PostgreSQL database gembazaar_pages_<listings>; --fresh starts again), collects its static files,
then starts gunicorn with production settings (DEBUG off, Redis cache and sessions when Redis
answers at 127.0.0.1:6379) and measures three runs, one after the other for `--seconds` a page:
anonymous with the page cache on (every URL visited once first, so the run measures cache hits),
anonymous with it off (every page rendered: a cache miss), and signed in as the demo buyer with
the cache on (a session cookie on every request; such pages are always rendered):

- the floor, `/healthz`: what the same stack serves when a view does nothing;
- the home page, the category lists, search pages, listing pages, seller pages and `/rates/`,
  each over a spread of real URLs (listing and seller addresses read from the API), not one
  URL repeated.

The load generator is wrk (`apt-get install wrk`; the tool the issue measured with, 2 threads, a
Lua script picking each request's URL at random from the page's spread), or, where wrk is not
installed, a small asyncio HTTP/1.1 client in this file. The asyncio client does not saturate the
server at the floor (about 1,500 req/s where wrk gets 4,000), so its shares of the floor read
high; prefer wrk. Prints req/s, p50/p95/p99 latency, the bytes of a
response as sent (gzip asked for; wrk counts headers too) and each page's share of the floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_URL = "postgres://postgres@127.0.0.1:5432/gembazaar_pages_{listings}"


@dataclass
class Sample:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    bytes: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


@dataclass
class Result:
    """One page's figures, whichever client measured them."""
    name: str
    rate: float
    p50: float
    p95: float
    p99: float
    kib: float
    errors: int

    @classmethod
    def of(cls, sample: Sample) -> Result:
        size = statistics.median(sample.bytes) / 1024 if sample.bytes else float("nan")
        return cls(sample.name, sample.rate, sample.percentile(0.5), sample.percentile(0.95),
                   sample.percentile(0.99), size, sample.errors)


WRK_SCRIPT = """
local paths = {PATHS}
wrk.headers["Accept-Encoding"] = "gzip"
COOKIE
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args) math.randomseed(id * 7919) end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FIGURES %d %d %d %d %d %d %d\\n", summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def run_wrk(port: int, name: str, paths: list[str], *, seconds: float, concurrency: int, cookie: str) -> Result:
    """wrk (the C load generator the issue measured with), 2 threads, over the spread of paths."""
    script = WRK_SCRIPT.replace("PATHS", ", ".join(json.dumps(path) for path in paths)).replace(
        "COOKIE", f'wrk.headers["Cookie"] = "sessionid={cookie}"' if cookie else "")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(["wrk", "-t2", f"-c{concurrency}", f"-d{seconds:g}s", "--latency", "-s", handle.name,
                                 f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(handle.name)
    figures = re.search(r"^FIGURES (.*)$", output, re.M)
    if figures is None:
        raise SystemExit(f"wrk printed no figures:\n{output}")
    requests, duration_us, size, p50, p95, p99, errors = map(int, figures.group(1).split())
    # wrk's Lua sees latencies in microseconds; a read error is a closed connection (sync workers).
    return Result(name, requests / (duration_us / 1e6), p50 / 1000, p95 / 1000, p99 / 1000,
                  size / max(requests, 1) / 1024, errors)


async def fetch(host: str, port: int, path: str, cookie: str = "") -> tuple[int, int]:
    """(status, bytes on the wire) of one GET on a fresh connection."""
    reader, writer = await asyncio.open_connection(host, port)
    cookie_line = f"Cookie: sessionid={cookie}\r\n" if cookie else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n{cookie_line}"
                 f"Connection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data.startswith(b"HTTP/1.") else 0
    return status, len(data)


async def hammer(host: str, port: int, name: str, paths: list[str], *, seconds: float, concurrency: int,
                 cookie: str = "") -> Sample:
    sample = Sample(name)
    deadline = time.perf_counter() + seconds
    picker = random.Random(7)

    async def worker() -> None:
        while time.perf_counter() < deadline:
            path = picker.choice(paths)
            started = time.perf_counter()
            try:
                status, size = await fetch(host, port, path, cookie)
            except OSError:
                sample.errors += 1
                continue
            if status == 200:
                sample.latencies.append(time.perf_counter() - started)
                sample.bytes.append(size)
            else:
                sample.errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    sample.seconds = time.perf_counter() - began
    return sample


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def environment(args, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DEBUG": "false", "SECRET_KEY": "bench-pages-" + "x" * 50, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false", "STATIC_ROOT": str(workdir / "static"), "MEDIA_ROOT": str(workdir / "media"),
        "DATABASE_URL": (PG_URL.format(listings=args.listings) if args.database == "postgres"
                         else f"sqlite:///{workdir / 'db.sqlite3'}"),
    })
    if redis_answers():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
    else:
        env.pop("REDIS_URL", None)
    return env


def prepare(args, workdir: Path, env: dict[str, str]) -> None:
    """Migrate, seed once (kept for later runs), collect static files."""
    if args.fresh and workdir.exists():
        shutil.rmtree(workdir)
    if args.fresh and args.database == "postgres":
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists",
                        f"gembazaar_pages_{args.listings}"], check=True)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.database == "postgres":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", f"gembazaar_pages_{args.listings}"],
                       capture_output=True)
    gembazaar = str(BIN / "gembazaar")
    subprocess.run([gembazaar, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([gembazaar, "seed-demo", "--if-empty", "--listings", str(args.listings)], env=env, check=True)
    print(f"  seed (or reuse): {time.perf_counter() - started:.1f} s", flush=True)
    subprocess.run([gembazaar, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)


def signed_in_session(env: dict[str, str]) -> str:
    """A session of the demo buyer, made the way a login makes one (in the configured session store)."""
    code = ("from django.contrib.auth import get_user_model, HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY;"
            "from importlib import import_module; from django.conf import settings;"
            "user = get_user_model().objects.get(username='buyer');"
            "session = import_module(settings.SESSION_ENGINE).SessionStore();"
            "session[SESSION_KEY] = str(user.pk); session[HASH_SESSION_KEY] = user.get_session_auth_hash();"
            "session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]; session.save();"
            "print(session.session_key)")
    done = subprocess.run([str(BIN / "gembazaar"), "shell", "-c", code], env=env, check=True, capture_output=True,
                          text=True)
    return done.stdout.strip().splitlines()[-1]


def get_json(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 (our own http server)
        return json.load(response)


def page_sets(base: str) -> dict[str, list[str]]:
    """Real addresses: listing and seller pages read from the API, searches from the vocabularies."""
    listings = []
    for page in (1, 5, 20, 60):
        data = get_json(base, f"/api/v1/listings?page_size=100&page={page}")
        listings += [item["url"].removeprefix(base) for item in data["items"] if item.get("url")]
    sellers = [f"/sellers/{item['slug']}/" for item in get_json(base, "/api/v1/sellers?page_size=100")["items"]]
    return {
        "/healthz (floor)": ["/healthz"],
        "home /": ["/"],
        "/gems/ and /jewelry/": ["/gems/", "/jewelry/", "/gems/?sort=price_asc", "/gems/corundum/", "/gems/beryl/"],
        "search, facets": ["/search/?species=corundum&untreated=1&carat_min=1", "/search/?kind=jewelry&karat=22",
                           "/search/?species=beryl&variety=emerald&sort=price_desc", "/search/?origin_country=AF",
                           "/search/?kind=gemstone&carat_min=2&carat_max=5"],
        "search, words": ["/search/?q=swat+emerald", "/search/?q=pink+topaz", "/search/?q=22k+gold+bangles",
                          "/search/?q=unheated+ruby", "/search/?q=peshawar"],
        "listing pages": listings,
        "seller pages": sellers,
        "/rates/": ["/rates/"],
    }


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen([str(BIN / "gunicorn"), "gembazaar.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                "--log-level", "warning"], env=env)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def warm_every_worker(base: str, workers: int) -> None:
    """Until every worker has loaded its search index: rounds of concurrent uncached searches, each
    round a little different so no cache answers, until a whole round answers within a second.
    (A worker loads its index on its first search: seconds at a million listings.)"""
    def one(n: int) -> float:
        started = time.perf_counter()
        urllib.request.urlopen(f"{base}/search/?carat_min=0.{n:03d}", timeout=120).read()  # noqa: S310
        return time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=workers * 4) as pool:
        for attempt in range(60):
            if max(pool.map(one, range(attempt * 100, attempt * 100 + workers * 4))) < 1.0:
                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="seed a new database")
    parser.add_argument("--client", choices=["wrk", "asyncio"], default="wrk" if shutil.which("wrk") else "asyncio",
                        help="load generator: wrk when installed (apt-get install wrk), else the asyncio client here")
    parser.add_argument("--cache", choices=["all", "on", "off", "signed-in"], default="all",
                        help="anonymous page cache on (hits after the first visit), off (every page rendered), "
                             "signed-in (the demo buyer's session, cache on: rendered for them), or all three")
    args = parser.parse_args()

    workdir = Path(tempfile.gettempdir()) / f"gembazaar-pages-{args.database}-{args.listings}"
    env = environment(args, workdir)
    print(f"pages benchmark — {args.listings:,} demo listings, {args.database}, gunicorn {args.workers} sync "
          f"workers, {args.concurrency} concurrent clients, {args.seconds:g} s per page", flush=True)
    print(f"  machine: {os.cpu_count()} CPU(s), {platform.processor() or platform.machine()}, {platform.platform()}; "
          f"cache and sessions: {'Redis' if 'REDIS_URL' in env else 'local memory / database'}", flush=True)
    prepare(args, workdir, env)
    titles = {"on": "anonymous page cache ON (cache hits)",
              "off": "page cache OFF (every page rendered: a cache miss)",
              "signed-in": "signed in as the demo buyer, page cache ON (never served from the cache)"}
    for mode in (("on", "off", "signed-in") if args.cache == "all" else (args.cache,)):
        env["PAGE_CACHE_SECONDS"] = "0" if mode == "off" else "300"
        cookie = signed_in_session(env) if mode == "signed-in" else ""
        measure(args, env, title=titles[mode], cookie=cookie)


def measure(args, env: dict[str, str], *, title: str, cookie: str = "") -> None:
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        sets = page_sets(base)
        warm_every_worker(base, args.workers)
        for paths in sets.values():  # warm the template caches and the page cache
            for path in paths * (1 if len(paths) > 20 else args.workers * 2):
                urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310
        if args.client == "wrk":
            results = [run_wrk(port, name, paths, seconds=args.seconds, concurrency=args.concurrency, cookie=cookie)
                       for name, paths in sets.items()]
        else:
            results = [Result.of(asyncio.run(hammer("127.0.0.1", port, name, paths, seconds=args.seconds,
                                                    concurrency=args.concurrency, cookie=cookie)))
                       for name, paths in sets.items()]
    finally:
        server.terminate()
        server.wait(timeout=30)
    floor = results[0].rate
    print(f"\n{title} — client: {args.client}\n")
    print("| page | URLs | req/s | p50 ms | p95 ms | p99 ms | share of the floor | KiB sent | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result, paths in zip(results, sets.values(), strict=True):
        print(f"| {result.name} | {len(paths)} | {result.rate:,.1f} | {result.p50:.1f} | {result.p95:.1f} | "
              f"{result.p99:.1f} | {result.rate / floor:.2%} | {result.kib:.1f} | {result.errors} |", flush=True)

if __name__ == "__main__":
    main()
