#!/usr/bin/env bash
# Environments benchmark for confgate (issue 5): on the shared corpus (base + development, staging
# and production overrides per service), every injected parity problem must be found with no other
# parity finding, and resolving and parity-checking every service may add at most 30% to the time
# of a plain lint (`lint --no-environments`). On demand only (`make bench-environments`); not
# part of CI. See bench/README.md.
#
# Environment:
#   SERVICES    corpus size in services, 4 files each (default 2000, ~50 MB)
#   RUNS        timed runs per measurement, after one warm-up (default 5)
#   CORPUS_DIR  where the corpus is generated / reused (default /tmp/confgate-bench)
#   CONFGATE    use this confgate binary instead of building the release one
#   ENV_BENCH_INSTRUCTIONS  services for the callgrind instruction count (default 400; 0 skips it)
#
# Exit status: 0 every target passed, 1 a target failed, 2 setup error.

set -euo pipefail
export LC_ALL=C

SERVICES=${SERVICES:-2000}
RUNS=${RUNS:-5}
CORPUS_DIR=${CORPUS_DIR:-/tmp/confgate-bench}
INSTR_SERVICES=${ENV_BENCH_INSTRUCTIONS:-400}
SEED=1

T_OVERHEAD_PCT=30     # environments add at most this much to a plain lint

BENCH_NAME=environments.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_skip_in_ci
bench_check_setup
[[ "$INSTR_SERVICES" =~ ^[0-9]+$ ]] || die "ENV_BENCH_INSTRUCTIONS must be a non-negative integer"
rm -rf "$OUT"/e_* "$OUT"/environments-*

bench_ensure_corpus
cd "$CORPUS_DIR"
bench_build_confgate
"$BIN" lint --help 2>&1 | grep -q -- '--no-environments' || die "$BIN has no 'lint --no-environments'"

note "confgate lint --format json --fail-on never services (the report scored)"
RC_report=0
"$BIN" lint --format json --fail-on never services >"$OUT/e_report.json" 2>"$OUT/e_report.err" || RC_report=$?
(( RC_report == 0 )) || { cat "$OUT/e_report.err" >&2; die "the scored lint exited with $RC_report"; }
RECALL_RC=0
python3 "$REPO_ROOT/bench/parity_recall.py" . "$OUT/e_report.json" --summary "$OUT/environments-recall.json" \
    >"$OUT/environments-recall.txt" 2>&1 || RECALL_RC=$?
(( RECALL_RC <= 1 )) || { cat "$OUT/environments-recall.txt" >&2; die "parity_recall.py failed"; }

declare -A CMDS
NAMES=(plain env)
CMDS[plain]=$(printf '%q ' "$BIN" lint --no-environments --fail-on never services)
CMDS[env]=$(printf '%q ' "$BIN" lint --fail-on never services)
BUSY_BEFORE=$(busy_pct)
note "measuring: $RUNS runs each after a warm-up (CPUs ${BUSY_BEFORE}% busy beforehand)"
bench_measure_all e
BUSY_AFTER=$(busy_pct)

INSTR_plain=""; INSTR_env=""
if (( INSTR_SERVICES > 0 )) && command -v valgrind >/dev/null && command -v strip >/dev/null; then
    note "counting instructions with callgrind over $INSTR_SERVICES services (about a minute)"
    INSTR_env=$(bench_instructions "$INSTR_SERVICES")
    INSTR_plain=$(bench_instructions "$INSTR_SERVICES" --no-environments)
fi

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
overhead() { calc %+.1f "100 * ($1 - $2) / ($2 > 0.001 ? $2 : 0.001)"; }
read -r FOUND TOTAL FALSE < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["found"], s["total"], s["false_findings"])' "$OUT/environments-recall.json")
R_RECALL=$(pass "$FOUND == $TOTAL && $TOTAL > 0")
R_FALSE=$(pass "$FALSE == 0")
OV_WALL=$(overhead "$WALL_env" "$WALL_plain")
R_WALL=$(pass "$OV_WALL <= $T_OVERHEAD_PCT")
OV_CPU=$(overhead "$CPU_env" "$CPU_plain")
if [[ -n "$INSTR_env" && -n "$INSTR_plain" ]]; then
    OV_INSTR="$(overhead "$INSTR_env" "$INSTR_plain")%"
    R_INSTR=$(pass "${OV_INSTR%\%} <= $T_OVERHEAD_PCT")
else
    OV_INSTR="n/a"; R_INSTR="not measured (ENV_BENCH_INSTRUCTIONS=0 or no valgrind)"
fi
FAILED=0
[[ "$R_RECALL $R_FALSE $R_WALL" == *FAIL* ]] && FAILED=1

commit=$(bench_commit)
last_line() { grep -E 'files? checked' "$OUT/e_$1.out" | tail -n 1 || true; }
{
echo "confgate environments benchmark ($(date -u +%Y-%m-%d), commit $commit)"
echo "machine: $(bench_machine); other load ${BUSY_BEFORE}% CPU before, ${BUSY_AFTER}% after"
echo "corpus: $SERVICES services (base + development, staging, production each), $CORPUS_DIR; $RUNS runs after a warm-up, medians"
echo
printf '%-52s %8s %8s  %s\n' "command" "wall s" "cpu s" "warm-up said"
printf '%-52s %8s %8s  %s\n' "lint --no-environments services (plain lint)" "$WALL_plain" "$CPU_plain" "exit $RC_plain: $(last_line plain)"
printf '%-52s %8s %8s  %s\n' "lint services (environments resolved, parity)" "$WALL_env" "$CPU_env" "exit $RC_env: $(last_line env)"
echo
echo "parity findings on the corpus:"
sed 's/^/  /' "$OUT/environments-recall.txt"
echo
printf '%-66s %-22s %s\n' "target" "measured" "result"
printf '%-66s %-22s %s\n' "every parity problem of MANIFEST.json found" "$FOUND/$TOTAL" "$R_RECALL"
printf '%-66s %-22s %s\n' "no other parity finding (incidental differences allowed)" "$FALSE false" "$R_FALSE"
printf '%-66s %-22s %s\n' "environments add at most ${T_OVERHEAD_PCT}% to a plain lint (wall)" "${OV_WALL}%" "$R_WALL"
printf '%-66s %-22s %s\n' "  the same in CPU time (user+sys; information)" "${OV_CPU}%" "-"
printf '%-66s %-22s %s\n' "  the same in instructions, $INSTR_SERVICES services (callgrind; noise-free)" "$OV_INSTR" "$R_INSTR"
} | tee "$OUT/environments-results.txt"
exit "$FAILED"
