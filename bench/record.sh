#!/usr/bin/env bash
# Recording benchmark for confgate (issue 8): `lint --record` of the whole shared corpus (base +
# development, staging and production overrides per service, so 3 configurations a service) into
# a local PostgreSQL server may take at most 3 s more than the lint alone. Each timed recording
# goes into a fresh, migrated database, so every run writes every row (a re-run of identical
# content writes nothing and is measured apart). The embedded SQLite store is measured too.
# On demand only (`make bench-record`); not part of CI. See bench/README.md.
#
# Environment:
#   SERVICES    corpus size in services, 4 files each (default 2000, ~50 MB)
#   RUNS        timed runs per measurement, after one warm-up (default 5)
#   CORPUS_DIR  where the corpus is generated / reused (default /tmp/confgate-bench)
#   CONFGATE    use this confgate binary instead of building the release one
#
# A throwaway PostgreSQL cluster is started with scripts/pg-cluster.sh (and stopped at the end).
# Exit status: 0 every target passed, 1 a target failed, 2 setup error.

set -euo pipefail
export LC_ALL=C

SERVICES=${SERVICES:-2000}
RUNS=${RUNS:-5}
CORPUS_DIR=${CORPUS_DIR:-/tmp/confgate-bench}
SEED=1

T_EXTRA_SECONDS=3     # recording adds at most this much to the lint alone

BENCH_NAME=record.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_skip_in_ci
bench_check_setup
command -v psql >/dev/null || die "psql is required (Debian: postgresql-client)"
rm -rf "$OUT"/r_* "$OUT"/record-*

bench_ensure_corpus
cd "$CORPUS_DIR"
bench_build_confgate

CLUSTER=$(mktemp -d /tmp/confgate-bench-pg.XXXXXX)
cleanup() { "$REPO_ROOT/scripts/pg-cluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true; rm -rf "$CLUSTER"; }
trap cleanup EXIT
note "starting a throwaway PostgreSQL cluster in $CLUSTER"
ADMIN_URL=$("$REPO_ROOT/scripts/pg-cluster.sh" start "$CLUSTER") || die "cannot start PostgreSQL (scripts/pg-cluster.sh)"
db_url() { echo "${ADMIN_URL%/*}/$1"; }

# A fresh migrated database (not timed); prints its URL.
fresh_db() { # name
    psql -X -q -d "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
    "$BIN" db migrate --database-url "$(db_url "$1")" >/dev/null
    db_url "$1"
}

TIMEFORMAT='%3R %3U %3S'
# time_run NAME COMMAND...: appends "wall user sys" to $OUT/r_NAME.times, output to r_NAME.out/.err.
time_run() {
    local name=$1 rc=0
    shift
    { time "$@" >"$OUT/r_$name.out" 2>"$OUT/r_$name.err" || rc=$?; } 2>>"$OUT/r_$name.times"
    printf -v "RC_$name" %s "$rc"
}
wall() { awk '{print $1}' "$OUT/r_$1.times" | tail -n +2 | median; }   # drops the warm-up
cpu() { awk '{print $2 + $3}' "$OUT/r_$1.times" | tail -n +2 | median; }

BUSY_BEFORE=$(busy_pct)
note "measuring: $RUNS runs each after a warm-up (CPUs ${BUSY_BEFORE}% busy beforehand)"
for ((i = 0; i <= RUNS; i++)); do
    note "round $i of $RUNS${i:+}"
    time_run plain "$BIN" lint --fail-on never services
    url=$(fresh_db bench_pg)
    time_run pg "$BIN" lint --fail-on never --record --actor bench --database-url "$url" services
    time_run pg_again "$BIN" lint --fail-on never --record --actor bench --database-url "$url" services
    rm -rf "$CORPUS_DIR/.bench-history"
    time_run sqlite "$BIN" lint --fail-on never --record --actor bench --database-url "sqlite:$CORPUS_DIR/.bench-history/history.db" services
done
BUSY_AFTER=$(busy_pct)
ROWS=$(psql -X -q -At -d "$(db_url bench_pg)" -c "SELECT count(*) FROM environment_configurations")
AUDIT=$(psql -X -q -At -d "$(db_url bench_pg)" -c "SELECT count(*) FROM configuration_audit_log")
SIZE=$(psql -X -q -At -d "$(db_url bench_pg)" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")

for n in plain pg pg_again sqlite; do
    printf -v "WALL_$n" %s "$(wall "$n")"
    printf -v "CPU_$n" %s "$(cpu "$n")"
done
EXTRA_PG=$(calc %.3f "$WALL_pg - $WALL_plain")
EXTRA_AGAIN=$(calc %.3f "$WALL_pg_again - $WALL_plain")
EXTRA_SQLITE=$(calc %.3f "$WALL_sqlite - $WALL_plain")
R_PG=$(pass "$EXTRA_PG <= $T_EXTRA_SECONDS")
FAILED=0
[[ "$R_PG" == *FAIL* ]] && FAILED=1
for n in pg pg_again sqlite; do
    rc="RC_$n"
    [[ "${!rc}" == 0 ]] || { cat "$OUT/r_$n.err" >&2; echo "bench/record.sh: $n exited with ${!rc}" >&2; FAILED=1; }
done

{
echo "confgate recording benchmark ($(date -u +%Y-%m-%d), commit $(bench_commit))"
echo "machine: $(bench_machine); other load ${BUSY_BEFORE}% CPU before, ${BUSY_AFTER}% after"
echo "corpus: $SERVICES services (base + development, staging, production each), $CORPUS_DIR; $RUNS runs after a warm-up, medians"
echo "PostgreSQL $(psql -X -q -At -d "$ADMIN_URL" -c 'SHOW server_version') on loopback (fsync off: a throwaway cluster); $ROWS configuration rows, $AUDIT audit rows, database $SIZE"
echo
printf '%-60s %8s %8s  %s\n' "command" "wall s" "cpu s" "last run said (stderr)"
printf '%-60s %8s %8s  %s\n' "lint services" "$WALL_plain" "$CPU_plain" "-"
printf '%-60s %8s %8s  %s\n' "lint --record (PostgreSQL, fresh database)" "$WALL_pg" "$CPU_pg" "$(tail -n 1 "$OUT/r_pg.err")"
printf '%-60s %8s %8s  %s\n' "lint --record (PostgreSQL, the same content again)" "$WALL_pg_again" "$CPU_pg_again" "$(tail -n 1 "$OUT/r_pg_again.err")"
printf '%-60s %8s %8s  %s\n' "lint --record (SQLite, fresh file)" "$WALL_sqlite" "$CPU_sqlite" "$(tail -n 1 "$OUT/r_sqlite.err" | sed "s|$CORPUS_DIR/||")"
echo
printf '%-66s %-12s %s\n' "target" "measured" "result"
printf '%-66s %-12s %s\n' "recording into PostgreSQL adds at most ${T_EXTRA_SECONDS} s to the lint alone" "+${EXTRA_PG} s" "$R_PG"
printf '%-66s %-12s %s\n' "  re-recording identical content (information)" "+${EXTRA_AGAIN} s" "-"
printf '%-66s %-12s %s\n' "  recording into a fresh SQLite file (information)" "+${EXTRA_SQLITE} s" "-"
} | tee "$OUT/record-results.txt"
exit "$FAILED"
