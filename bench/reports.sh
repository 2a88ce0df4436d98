#!/usr/bin/env bash
# Report-writing benchmark for confgate: the time that writing every report format adds to a lint
# of the shared corpus (`--report FORMAT=FILE` for each format the binary offers, beside the text
# report on standard output), against the same lint writing only the text report. On demand only;
# not part of CI. See bench/README.md.
#
# Environment:
#   SERVICES    corpus size in services, 4 files each (default 2000, ~50 MB)
#   RUNS        timed runs per measurement, after one warm-up (default 5)
#   CORPUS_DIR  where the corpus is generated / reused (default /tmp/confgate-bench;
#               must be outside any git work tree)
#   CONFGATE    use this confgate binary instead of building the release one
#
# Exit status: 0 the target passed, 1 it failed, 2 setup error.

set -euo pipefail
export LC_ALL=C

SERVICES=${SERVICES:-2000}
RUNS=${RUNS:-5}
CORPUS_DIR=${CORPUS_DIR:-/tmp/confgate-bench}
SEED=1
T_OVERHEAD_PCT=10     # writing every report format adds at most this much to the lint (the CI issue)

BENCH_NAME=reports.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_skip_in_ci
bench_check_setup
bench_ensure_corpus
cd "$CORPUS_DIR"
bench_build_confgate

# The formats, from the binary's own error message (as the tests read them).
FORMATS=$({ "$BIN" lint --format no-such-format . 2>&1 || true; } | sed -n 's/.*valid formats: //p' | tr -d ',')
[[ -n "$FORMATS" ]] || die "could not read the format list from $BIN"
REPORT_ARGS=()
for format in $FORMATS; do REPORT_ARGS+=(--report "$format=$OUT/r_report.$format"); done

# With the corpus's schema bound (`validate --schema`) the injected schema violations are findings
# too, besides the planted secrets: the report then holds every kind of injected problem.
SCHEMA=schemas/service.schema.json
declare -A CMDS
NAMES=(text_only all_formats val_text_only val_all_formats)
CMDS[text_only]=$(printf '%q ' "$BIN" lint --fail-on never services)
CMDS[all_formats]=$(printf '%q ' "$BIN" lint --fail-on never "${REPORT_ARGS[@]}" services)
CMDS[val_text_only]=$(printf '%q ' "$BIN" validate --schema "$SCHEMA" --strict-formats --fail-on never services)
CMDS[val_all_formats]=$(printf '%q ' "$BIN" validate --schema "$SCHEMA" --strict-formats --fail-on never "${REPORT_ARGS[@]}" services)

BUSY_BEFORE=$(busy_pct)
note "measuring: $RUNS runs each after a warm-up (CPUs ${BUSY_BEFORE}% busy beforehand)"
bench_measure_all r
BUSY_AFTER=$(busy_pct)

OVERHEAD=$(calc %+.1f "100 * ($WALL_all_formats - $WALL_text_only) / $WALL_text_only")
RESULT=$(pass "${OVERHEAD#+} <= $T_OVERHEAD_PCT")
VAL_OVERHEAD=$(calc %+.1f "100 * ($WALL_val_all_formats - $WALL_val_text_only) / $WALL_val_text_only")
VAL_RESULT=$(pass "${VAL_OVERHEAD#+} <= $T_OVERHEAD_PCT")
findings=$(grep -E 'files? checked' "$OUT/r_text_only.out" | tail -n 1 || true)
val_findings=$(grep -E 'files? checked' "$OUT/r_val_text_only.out" | tail -n 1 || true)
{
echo "confgate report-writing benchmark ($(date -u +%Y-%m-%d), commit $(git -C "$REPO_ROOT" rev-parse --short HEAD))"
echo "corpus:  $CORPUS_DIR, seed $SEED, $SERVICES services; lint: $findings; with the schema: $val_findings"
echo "formats: $FORMATS"
echo "timings: median of $RUNS runs after a warm-up; cpu = user+sys"
echo
printf '%-44s %8s %8s  %s\n' "measurement" "wall s" "cpu s" "exit"
printf '%-44s %8s %8s  %s\n' "lint, text report only" "$WALL_text_only" "$CPU_text_only" "$RC_text_only"
printf '%-44s %8s %8s  %s\n' "lint, text + --report for every format" "$WALL_all_formats" "$CPU_all_formats" "$RC_all_formats"
printf '%-44s %8s %8s  %s\n' "validate --schema, text report only" "$WALL_val_text_only" "$CPU_val_text_only" "$RC_val_text_only"
printf '%-44s %8s %8s  %s\n' "validate --schema, text + every format" "$WALL_val_all_formats" "$CPU_val_all_formats" "$RC_val_all_formats"
for format in $FORMATS; do
    printf '  %-42s %s bytes\n' "report.$format" "$(wc -c <"$OUT/r_report.$format")"
done
echo
printf '%-44s %-10s %-10s %s\n' "target" "measured" "required" "result"
printf '%-44s %-10s %-10s %s\n' "writing every report format adds (lint)" "$OVERHEAD%" "<= ${T_OVERHEAD_PCT}%" "$RESULT"
printf '%-44s %-10s %-10s %s\n' "... (validate --schema)" "$VAL_OVERHEAD%" "<= ${T_OVERHEAD_PCT}%" "$VAL_RESULT"
} | tee "$OUT/reports-results.txt"
if (( BUSY_BEFORE > 5 || BUSY_AFTER > 5 )); then
    echo "warning: other processes used the CPUs (${BUSY_BEFORE}% before, ${BUSY_AFTER}% after); numbers may be skewed" >&2
fi
[[ "$RESULT" == PASS && "$VAL_RESULT" == PASS ]]
