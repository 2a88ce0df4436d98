#!/usr/bin/env bash
# Compliance benchmark for confgate (issue 6): every built-in pack (production, security, hygiene)
# enabled over the shared corpus (base + development, staging and production overrides per
# service) may add at most 30% to the time of a plain lint. The packs run on each environment's
# resolved configuration, so the plain lint here resolves environments too. On demand only
# (`make bench-compliance`); not part of CI. See bench/README.md.
#
# Environment:
#   SERVICES    corpus size in services, 4 files each (default 2000, ~50 MB)
#   RUNS        timed runs per measurement, after one warm-up (default 5)
#   CORPUS_DIR  where the corpus is generated / reused (default /tmp/confgate-bench)
#   CONFGATE    use this confgate binary instead of building the release one
#   COMPLIANCE_BENCH_INSTRUCTIONS  services for the callgrind instruction count (default 400; 0 skips it)
#
# Exit status: 0 every target passed, 1 a target failed, 2 setup error.

set -euo pipefail
export LC_ALL=C

SERVICES=${SERVICES:-2000}
RUNS=${RUNS:-5}
CORPUS_DIR=${CORPUS_DIR:-/tmp/confgate-bench}
INSTR_SERVICES=${COMPLIANCE_BENCH_INSTRUCTIONS:-400}
SEED=1

T_OVERHEAD_PCT=30     # the built-in packs add at most this much to a plain lint

BENCH_NAME=compliance.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_skip_in_ci
bench_check_setup
[[ "$INSTR_SERVICES" =~ ^[0-9]+$ ]] || die "COMPLIANCE_BENCH_INSTRUCTIONS must be a non-negative integer"
rm -rf "$OUT"/c_* "$OUT"/compliance-*

bench_ensure_corpus
cd "$CORPUS_DIR"
bench_build_confgate
"$BIN" rules --help >/dev/null 2>&1 || die "$BIN has no 'rules' command"

# Not named .confgate.yaml: that name would apply to every later benchmark run in this folder.
CONFIG="$CORPUS_DIR/compliance.confgate.yaml"
printf 'version: 1\npacks: [production, security, hygiene]\n' >"$CONFIG"

note "confgate lint --config compliance.confgate.yaml --format json services (the findings counted)"
RC_report=0
"$BIN" lint --config "$CONFIG" --format json --fail-on never services >"$OUT/c_report.json" 2>"$OUT/c_report.err" || RC_report=$?
(( RC_report == 0 )) || { cat "$OUT/c_report.err" >&2; die "the counted lint exited with $RC_report"; }
python3 - "$OUT/c_report.json" >"$OUT/compliance-findings.txt" <<'PY'
import collections, json, sys
report = json.load(open(sys.argv[1]))
findings = report["findings"] if isinstance(report, dict) else report
counts = collections.Counter(f["rule"] for f in findings if f.get("category") == "compliance")
files = collections.defaultdict(set)
for f in findings:
    if f.get("category") == "compliance":
        files[f["rule"]].add(f["file"])
for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"{rule:42} {n:7} findings in {len(files[rule]):5} files")
print(f"{'total':42} {sum(counts.values()):7}")
PY

declare -A CMDS
NAMES=(plain packs)
CMDS[plain]=$(printf '%q ' "$BIN" lint --fail-on never services)
CMDS[packs]=$(printf '%q ' "$BIN" lint --config "$CONFIG" --fail-on never services)
BUSY_BEFORE=$(busy_pct)
note "measuring: $RUNS runs each after a warm-up (CPUs ${BUSY_BEFORE}% busy beforehand)"
bench_measure_all c
BUSY_AFTER=$(busy_pct)

INSTR_plain=""; INSTR_packs=""
if (( INSTR_SERVICES > 0 )) && command -v valgrind >/dev/null && command -v strip >/dev/null; then
    note "counting instructions with callgrind over $INSTR_SERVICES services (about a minute)"
    INSTR_packs=$(bench_instructions "$INSTR_SERVICES" --config "$CONFIG")
    INSTR_plain=$(bench_instructions "$INSTR_SERVICES")
fi

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
overhead() { calc %+.1f "100 * ($1 - $2) / ($2 > 0.001 ? $2 : 0.001)"; }
OV_WALL=$(overhead "$WALL_packs" "$WALL_plain")
R_WALL=$(pass "$OV_WALL <= $T_OVERHEAD_PCT")
OV_CPU=$(overhead "$CPU_packs" "$CPU_plain")
if [[ -n "$INSTR_packs" && -n "$INSTR_plain" ]]; then
    OV_INSTR="$(overhead "$INSTR_packs" "$INSTR_plain")%"
    R_INSTR=$(pass "${OV_INSTR%\%} <= $T_OVERHEAD_PCT")
else
    OV_INSTR="n/a"; R_INSTR="not measured (COMPLIANCE_BENCH_INSTRUCTIONS=0 or no valgrind)"
fi
FAILED=0
[[ "$R_WALL" == *FAIL* ]] && FAILED=1

commit=$(bench_commit)
last_line() { grep -E 'files? checked' "$OUT/c_$1.out" | tail -n 1 || true; }
{
echo "confgate compliance benchmark ($(date -u +%Y-%m-%d), commit $commit)"
echo "machine: $(bench_machine); other load ${BUSY_BEFORE}% CPU before, ${BUSY_AFTER}% after"
echo "corpus: $SERVICES services (base + development, staging, production each), $CORPUS_DIR; $RUNS runs after a warm-up, medians"
echo
printf '%-56s %8s %8s  %s\n' "command" "wall s" "cpu s" "warm-up said"
printf '%-56s %8s %8s  %s\n' "lint services (plain lint, environments resolved)" "$WALL_plain" "$CPU_plain" "exit $RC_plain: $(last_line plain)"
printf '%-56s %8s %8s  %s\n' "lint --config (packs production, security, hygiene)" "$WALL_packs" "$CPU_packs" "exit $RC_packs: $(last_line packs)"
echo
echo "compliance findings on the corpus, by rule:"
sed 's/^/  /' "$OUT/compliance-findings.txt"
echo
printf '%-66s %-22s %s\n' "target" "measured" "result"
printf '%-66s %-22s %s\n' "built-in packs add at most ${T_OVERHEAD_PCT}% to a plain lint (wall)" "${OV_WALL}%" "$R_WALL"
printf '%-66s %-22s %s\n' "  the same in CPU time (user+sys; information)" "${OV_CPU}%" "-"
printf '%-66s %-22s %s\n' "  the same in instructions, $INSTR_SERVICES services (callgrind; noise-free)" "$OV_INSTR" "$R_INSTR"
} | tee "$OUT/compliance-results.txt"
exit "$FAILED"
