#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster configured for bulk writes, for benchmarks that rewrite a
# million rows (bench/reprice.py --postgres-url postgres://postgres@127.0.0.1:5434/postgres).
# The shared server on :5432 keeps Debian's defaults (128 MB shared buffers, 1 GB max WAL), so
# figures are given for both. Stop it with: bench/pg_tuned_cluster.sh stop
set -euo pipefail
DIR=${GBZ_BENCH_PGDATA:-/tmp/pgbench_cluster}
BIN=/usr/lib/postgresql/15/bin
if [ "${1:-start}" = "stop" ]; then
  runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" stop
  exit 0
fi
mkdir -p "$DIR" && chown postgres "$DIR"
[ -d "$DIR/data" ] || runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" start -o \
  "-p 5434 -k /tmp -c shared_buffers=4GB -c max_wal_size=16GB -c checkpoint_timeout=30min -c wal_compression=lz4 -c wal_buffers=64MB"
