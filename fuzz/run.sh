#!/usr/bin/env bash
# Builds the libFuzzer targets for the document readers and fuzzes them. See fuzz/README.md.
#
#   fuzz/run.sh            build both targets, seed the corpora, fuzz each for FUZZ_SECONDS (default 180)
#   fuzz/run.sh build      only build fuzz/out/fuzz_yaml and fuzz/out/fuzz_json
#   fuzz/run.sh regress    build, then replay fuzz/regressions/<target>-* (exit non-zero if any still fails)
#
# Environment: FUZZ_SECONDS (per target), FUZZ_TARGETS (default "yaml json"), SWIFTC (default swiftc on
# PATH, else /opt/swift/usr/bin/swiftc), FUZZ_EXTRA_ARGS (more libFuzzer flags, e.g. "-fork=2" to fuzz
# with two processes; the summary then reads fork mode's status lines).
# Exit status: non-zero when a build fails or when fuzzing produced any artifact (crash, timeout, OOM, leak).
set -euo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$FUZZ_DIR/.." && pwd)"
SHARED="$REPO/../shared"                       # read-only suites, next to the repository
OUT="$FUZZ_DIR/out"                            # gitignored
FUZZ_SECONDS="${FUZZ_SECONDS:-180}"
FUZZ_TARGETS="${FUZZ_TARGETS:-yaml json}"
read -r -a EXTRA <<<"${FUZZ_EXTRA_ARGS:-}"

if [[ -z "${SWIFTC:-}" ]]; then
    SWIFTC="$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)"
fi
TOOLCHAIN_BIN="$(dirname "$(readlink -f "$SWIFTC")")"

# The Swift runtime's own crash backtracer fights ASan and libFuzzer over the signal; let libFuzzer
# handle deadly signals (and write the crash artifact) alone.
export SWIFT_BACKTRACE="enable=no"
if [[ -x "$TOOLCHAIN_BIN/llvm-symbolizer" ]]; then export ASAN_SYMBOLIZER_PATH="$TOOLCHAIN_BIN/llvm-symbolizer"; fi

# Both targets compile a snapshot of the library sources (fuzz/out/src/), so that an edit made while
# they build neither fails the build ("modified during the build") nor gives the two targets
# different code. Stack traces name the snapshot; signature() maps them back to Sources/.
SNAPSHOT="$OUT/src"

snapshot_sources() {
    rm -rf "$SNAPSHOT"
    mkdir -p "$SNAPSHOT/Sources"
    cp -R "$REPO/Sources/ConfgateDocument" "$REPO/Sources/CLibYAML" "$SNAPSHOT/Sources/"
}

build() {
    local name="$1" main="$2"
    echo "== building fuzz/out/fuzz_$name"
    # One module: the library sources plus the harness (the harness only uses the public API).
    "$SWIFTC" -O -g -swift-version 6 -sanitize=fuzzer,address -parse-as-library -use-ld=lld \
        -module-name FuzzTarget -I "$SNAPSHOT/Sources/CLibYAML" \
        "$SNAPSHOT"/Sources/ConfgateDocument/*.swift "$FUZZ_DIR/Invariants.swift" "$FUZZ_DIR/$main" \
        -o "$OUT/fuzz_$name"
}

build_all() {
    mkdir -p "$OUT"
    snapshot_sources
    local pids=() name
    for name in $FUZZ_TARGETS; do
        case "$name" in
            yaml) build yaml FuzzYAML.swift & pids+=($!) ;;
            json) build json FuzzJSON.swift & pids+=($!) ;;
            *) echo "unknown target '$name' (expected yaml or json)" >&2; exit 2 ;;
        esac
    done
    local pid status=0
    for pid in "${pids[@]}"; do wait "$pid" || status=1; done
    if [[ $status -ne 0 ]]; then echo "build failed" >&2; exit 1; fi
}

seed_yaml() {
    local dir="$OUT/corpus-yaml" f rel
    mkdir -p "$dir"
    shopt -s nullglob
    for f in "$SHARED"/suites/yaml-test-suite/data/*/in.yaml "$SHARED"/suites/yaml-test-suite/data/*/*/in.yaml; do
        rel="${f#"$SHARED"/suites/yaml-test-suite/data/}"
        cp -f "$f" "$dir/seed-${rel//\//_}"
    done
    shopt -u nullglob
}

seed_json() {
    # fuzz_json reads its first byte as the mode (even: .json, odd: .jsonc), so every test file
    # is seeded twice, once behind each mode byte.
    local dir="$OUT/corpus-json" f base
    mkdir -p "$dir"
    shopt -s nullglob
    for f in "$SHARED"/suites/json-test-suite/test_parsing/*; do
        base="$(basename "$f")"
        { printf '\000'; cat "$f"; } >"$dir/seed-json-$base"
        { printf '\001'; cat "$f"; } >"$dir/seed-jsonc-$base"
    done
    shopt -u nullglob
}

DEMANGLE="$TOOLCHAIN_BIN/swift-demangle"
[[ -x "$DEMANGLE" ]] || DEMANGLE=cat

signature() { # signature <target> <input>: one line naming the failure, for grouping artifacts
    local output first
    output="$(timeout 120 "$OUT/fuzz_$1" -timeout=5 -rss_limit_mb=2048 "$2" 2>&1 || true)"
    first="$(grep -m 1 -o 'INVARIANT FAILED: .*' <<<"$output" | cut -c 1-160 | sed 's/[0-9][0-9]*/N/g' || true)"
    if [[ -n "$first" ]]; then echo "$first"; return; fi
    local kind
    kind="$(grep -m 1 -o -E 'ERROR: [A-Za-z]+: [A-Za-z -]+' <<<"$output" | sed -e 's/ on unknown address.*//' -e 's/ after *$//' || true)"
    [[ -n "$kind" ]] || kind="no failure on replay"
    first="$(grep -E '^ +#[0-9]+ ' <<<"$output" | grep -m 1 '/Sources/' | "$DEMANGLE" --simplified 2>/dev/null \
        | sed -e 's/^ *#[0-9]* 0x[0-9a-f]* in //' -e "s#$SNAPSHOT/##" -e "s#$REPO/##" || true)"
    echo "${kind#ERROR: } at ${first:-?}"
}

triage() { # triage <target>: artifacts of the last run grouped by signature
    local name="$1" f n=0
    : >"$OUT/triage-$name.txt"
    for f in "$OUT/artifacts-$name"/*; do
        [[ -f "$f" ]] || continue
        n=$((n + 1))
        if [[ $n -gt ${FUZZ_TRIAGE_MAX:-200} ]]; then echo "(only the first ${FUZZ_TRIAGE_MAX:-200} artifacts triaged)" >>"$OUT/triage-$name.txt"; break; fi
        printf '%s\t%s\n' "$(signature "$name" "$f")" "$(basename "$f")" >>"$OUT/triage-$name.txt"
    done
    echo "      distinct failures (count, signature, smallest reproducer):"
    local sig
    cut -f 1 "$OUT/triage-$name.txt" | grep -v '^(only' | sort | uniq -c | sort -rn | while read -r n sig; do
        local smallest
        smallest="$(grep -F "$sig"$'\t' "$OUT/triage-$name.txt" | cut -f 2 | while read -r a; do
            printf '%s %s\n' "$(wc -c <"$OUT/artifacts-$name/$a")" "$a"; done | sort -n | head -n 1)"
        printf '      %5d  %s\n             e.g. fuzz/out/artifacts-%s/%s bytes)\n' "$n" "$sig" "$name" "${smallest#* } (${smallest%% *}"
    done | tee -a "$OUT/summary.txt"
}

stat_value() { # stat_value <log> <name>: the value of libFuzzer's "stat::<name>:" line, or ""
    sed -n "s/^stat::$2: *\([0-9][0-9]*\).*/\1/p" "$1" | tail -n 1
}

fuzz_target() {
    local name="$1" corpus="$OUT/corpus-$1" artifacts="$OUT/artifacts-$1" log="$OUT/fuzz_$1.log"
    # Only this run's artifacts count; keep reproducers worth keeping in fuzz/regressions/.
    rm -rf "$artifacts" "$OUT/triage-$name.txt"
    mkdir -p "$artifacts"
    echo "== fuzzing $name for ${FUZZ_SECONDS}s (log: ${log#"$REPO"/})"
    local rc=0
    # Run from fuzz/out: -jobs and -fork write their fuzz-<n>.log files to the working directory.
    (cd "$OUT" && "$OUT/fuzz_$name" "$corpus" \
        -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 -timeout=5 -rss_limit_mb=2048 \
        -dict="$FUZZ_DIR/$name.dict" -artifact_prefix="$artifacts/" "${EXTRA[@]}") >"$log" 2>&1 || rc=$?
    local execs rate
    execs="$(stat_value "$log" number_of_executed_units)"
    rate="$(stat_value "$log" average_exec_per_sec)"
    if [[ -z "$execs" ]]; then
        # No final stats (fork mode): the last status line, "#<execs>: ... exec/s: <now> ... time: <s>s",
        # whose exec/s is the current rate; the average is executions over time.
        local last seconds
        last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
        execs="$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' <<<"$last")"
        seconds="$(sed -n 's/.* time: *\([0-9][0-9]*\)s.*/\1/p' <<<"$last")"
        if [[ -n "$execs" && -n "$seconds" && "$seconds" -gt 0 ]]; then
            rate=$((execs / seconds))
        else
            rate="$(sed -n 's/^#.* exec\/s:\{0,1\} *\([0-9][0-9]*\).*/\1/p' <<<"$last")"
        fi
    fi
    local crashes timeouts ooms leaks others
    crashes=$(find "$artifacts" -type f -name 'crash-*' | wc -l)
    timeouts=$(find "$artifacts" -type f -name 'timeout-*' | wc -l)
    ooms=$(find "$artifacts" -type f -name 'oom-*' | wc -l)
    leaks=$(find "$artifacts" -type f -name 'leak-*' | wc -l)
    others=$(find "$artifacts" -type f ! -name 'crash-*' ! -name 'timeout-*' ! -name 'oom-*' ! -name 'leak-*' | wc -l)
    local total=$((crashes + timeouts + ooms + leaks + others))
    printf '%-5s executions: %s  exec/s: %s  crashes: %d  timeouts: %d  ooms: %d  leaks: %d  other artifacts: %d  (libFuzzer exit %d)\n' \
        "$name" "${execs:-?}" "${rate:-?}" "$crashes" "$timeouts" "$ooms" "$leaks" "$others" "$rc" | tee -a "$OUT/summary.txt"
    if [[ $total -gt 0 ]]; then
        triage "$name"
        return 1
    fi
    if [[ $rc -ne 0 ]]; then echo "      libFuzzer exited $rc without an artifact; see $log" >&2; return 1; fi
    return 0
}

regress() {
    local failed=0 name f
    shopt -s nullglob
    for name in $FUZZ_TARGETS; do
        for f in "$FUZZ_DIR"/regressions/"$name"-*; do
            if "$OUT/fuzz_$name" -timeout=5 -rss_limit_mb=2048 "$f" >"$OUT/regress.log" 2>&1; then
                echo "pass  ${f#"$REPO"/}"
            else
                echo "FAIL  ${f#"$REPO"/}: $(signature "$name" "$f")"
                failed=1
            fi
        done
    done
    shopt -u nullglob
    return $failed
}

case "${1:-fuzz}" in
    build) build_all ;;
    regress) build_all; regress ;;
    fuzz)
        build_all
        [[ -d "$SHARED/suites" ]] || { echo "missing $SHARED/suites (the read-only test suites)" >&2; exit 1; }
        seed_yaml
        seed_json
        : >"$OUT/summary.txt"
        status=0
        for name in $FUZZ_TARGETS; do fuzz_target "$name" || status=1; done
        echo "== summary (also in fuzz/out/summary.txt)"
        cat "$OUT/summary.txt"
        exit $status
        ;;
    *) echo "usage: fuzz/run.sh [fuzz|build|regress]" >&2; exit 2 ;;
esac
