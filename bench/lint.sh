#!/usr/bin/env bash
# Lint-speed benchmark for confgate: throughput on a generated 50 MB corpus
# against the libyaml parse floor, JSON vs YAML cost per byte, latency of
# linting one small file, and peak memory. On demand only (`make bench`);
# not part of CI. See bench/README.md.
#
# Environment:
#   SERVICES    corpus size in services, 4 files each (default 2000, ~50 MB)
#   RUNS        timed runs per measurement, after one warm-up (default 5)
#   CORPUS_DIR  where the corpus is generated / reused (default /tmp/confgate-bench;
#               must be outside any git work tree)
#   CONFGATE    use this confgate binary instead of building the release one
#
# Exit status: 0 every target passed, 1 a target failed, 2 setup error.

set -euo pipefail
export LC_ALL=C

SERVICES=${SERVICES:-2000}
RUNS=${RUNS:-5}
CORPUS_DIR=${CORPUS_DIR:-/tmp/confgate-bench}
SEED=1
SMALL_RUNS=100        # runs for the one-small-file latency measurement

# Targets (from the performance issue).
T_SMALL_MS=20         # one small file, wall incl. process start, at most
T_RSS_MIB=200         # peak RSS on the whole corpus, under
T_JSON_RATIO=3        # JSON at least this many times faster per byte than YAML

BENCH_NAME=lint.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_skip_in_ci
bench_check_setup
[[ -f "$SHARED_BENCH/peers/yparse.c" ]] || die "missing $SHARED_BENCH/peers/yparse.c (../shared next to the repository)"

# ---------------------------------------------------------------------------
# Corpus (reused when its MANIFEST.json matches seed and size)
# ---------------------------------------------------------------------------
bench_ensure_corpus

# File lists (sorted, relative to CORPUS_DIR) and YAML-only / JSON-only trees
# of hard links, so that every confgate run lints a directory the same way.
cd "$CORPUS_DIR"
find services -type f -name '*.yaml' | sort >"$OUT/yaml-files.txt"
find services -type f -name '*.json' | sort >"$OUT/json-files.txt"
N_YAML=$(wc -l <"$OUT/yaml-files.txt")
N_JSON=$(wc -l <"$OUT/json-files.txt")
N_ALL=$((N_YAML + N_JSON))
(( N_YAML > 0 && N_JSON > 0 )) || die "corpus has no YAML or no JSON files"
bytes_of() { tr '\n' '\0' <"$1" | xargs -0 cat | wc -c; }
B_YAML=$(bytes_of "$OUT/yaml-files.txt")
B_JSON=$(bytes_of "$OUT/json-files.txt")
B_ALL=$((B_YAML + B_JSON))
for kind in yaml json; do
    split="split-$kind"
    if [[ ! -f "$split/.complete" ]] || ! cmp -s "$split/.complete" "$OUT/$kind-files.txt"; then
        rm -rf "$split" && mkdir -p "$split"
        tr '\n' '\0' <"$OUT/$kind-files.txt" | xargs -0 cp -l --parents -t "$split"
        cp "$OUT/$kind-files.txt" "$split/.complete"
    fi
done
# The small file for the pre-commit case: the first YAML production overlay.
SMALL=$(grep -m1 '/production\.yaml$' "$OUT/yaml-files.txt")
SMALL_BYTES=$(wc -c <"$SMALL")

# ---------------------------------------------------------------------------
# Binaries
# ---------------------------------------------------------------------------
bench_build_confgate
YPARSE="$OUT/yparse"
if [[ ! -x "$YPARSE" || "$SHARED_BENCH/peers/yparse.c" -nt "$YPARSE" ]]; then
    note "building yparse (libyaml event-parse floor)"
    gcc -O2 -o "$YPARSE" "$SHARED_BENCH/peers/yparse.c" -lyaml || die "cannot build yparse (libyaml-dev?)"
fi
ensure_pkg /usr/bin/time time || die "/usr/bin/time is required (Debian package 'time')"

# yparse takes the YAML files as arguments; fall back to xargs (more than one
# process) only when they do not fit in ARG_MAX.
mapfile -t YAML_FILES <"$OUT/yaml-files.txt"
arg_bytes=$(( $(wc -c <"$OUT/yaml-files.txt") + 8 * N_YAML + $(env | wc -c) + 4096 ))
if (( arg_bytes < $(getconf ARG_MAX) )); then
    yparse_cmd=("$YPARSE" "${YAML_FILES[@]}")
    YPARSE_HOW="one process"
else
    yparse_cmd=(sh -c 'tr "\n" "\0" <"$1" | xargs -0 -s 1048576 "$2"' sh "$OUT/yaml-files.txt" "$YPARSE")
    YPARSE_HOW="xargs (list exceeds ARG_MAX)"
fi

# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------
# Each measured command is warmed up once (its output kept in $OUT/NAME.log,
# its exit status in RC_NAME), then the commands take turns, RUNS rounds, so
# that a slow spell of a shared machine hits all of them alike. WALL_NAME and
# CPU_NAME (user+sys) are the medians, in seconds.
declare -A CMDS
NAMES=(yparse cg_yaml cg_json cg_all)
CMDS[yparse]=$(printf '%q ' "${yparse_cmd[@]}")
# The whole corpus is linted as a user runs it (secret detection on); --fail-on never because the
# corpus plants 80 plaintext secrets, so exit 1 would be expected and a real error would hide
# behind it. The YAML/JSON pair compares the two readers, so secret detection, which costs the
# same per value in both formats (bench/secrets.sh measures it), is off there.
CMDS[cg_yaml]=$(printf '%q ' "$BIN" lint --no-secrets --fail-on never split-yaml/services)
CMDS[cg_json]=$(printf '%q ' "$BIN" lint --no-secrets --fail-on never split-json/services)
CMDS[cg_all]=$(printf '%q ' "$BIN" lint --fail-on never services)
measure_all() {
    local name rc i TIMEFORMAT='%3R %3U %3S'
    for name in "${NAMES[@]}"; do
        rc=0
        eval "${CMDS[$name]}" >"$OUT/$name.log" 2>&1 || rc=$?
        printf -v "RC_$name" %s "$rc"
        : >"$OUT/$name.times"
    done
    for ((i = 0; i < RUNS; i++)); do
        for name in "${NAMES[@]}"; do
            { time eval "${CMDS[$name]}" >/dev/null 2>&1; } 2>>"$OUT/$name.times" || true
        done
    done
    for name in "${NAMES[@]}"; do
        printf -v "WALL_$name" %s "$(awk '{print $1}' "$OUT/$name.times" | median)"
        printf -v "CPU_$name" %s "$(awk '{print $2 + $3}' "$OUT/$name.times" | median)"
    done
}

BUSY_BEFORE=$(busy_pct)
note "measuring: $RUNS runs each after a warm-up (CPUs ${BUSY_BEFORE}% busy beforehand)"
measure_all

# Peak RSS on the whole corpus: the largest of RUNS runs, in KiB.
RSS_KIB=0
for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f %M -o "$OUT/rss.tmp" "$BIN" lint services >/dev/null 2>&1 || true
    r=$(tail -n 1 "$OUT/rss.tmp")
    if (( r > RSS_KIB )); then RSS_KIB=$r; fi
done

# One small file, wall time including process start, in ms.
"$BIN" lint "$SMALL" >"$OUT/cg_small.log" 2>&1 && RC_cg_small=0 || RC_cg_small=$?
if ensure_pkg hyperfine hyperfine; then
    SMALL_HOW="hyperfine, $SMALL_RUNS runs"
    hyperfine -N -i --warmup 10 --runs "$SMALL_RUNS" --style none \
        --export-json "$OUT/cg_small.json" "$BIN lint $SMALL" >/dev/null 2>&1
    read -r SMALL_MS SMALL_MEAN SMALL_SD < <(python3 - "$OUT/cg_small.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{r['median']*1e3:.2f} {r['mean']*1e3:.2f} {r['stddev']*1e3:.2f}")
EOF
)
else
    SMALL_HOW="bash loop, $SMALL_RUNS runs"
    now_ns() { if [[ -n "${EPOCHREALTIME:-}" ]]; then local t=${EPOCHREALTIME/[.,]/}; echo "${t}000"; else date +%s%N; fi; }
    for ((i = 0; i < 10; i++)); do "$BIN" lint "$SMALL" >/dev/null 2>&1 || true; done
    : >"$OUT/cg_small.times"
    for ((i = 0; i < SMALL_RUNS; i++)); do
        t0=$(now_ns); "$BIN" lint "$SMALL" >/dev/null 2>&1 || true; t1=$(now_ns)
        echo $(( (t1 - t0) / 1000 )) >>"$OUT/cg_small.times"     # microseconds
    done
    SMALL_MS=$(median <"$OUT/cg_small.times" | awk '{printf "%.2f", $1 / 1000}')
    read -r SMALL_MEAN SMALL_SD < <(awk '{s+=$1; q+=$1*$1} END {m=s/NR; printf "%.2f %.2f\n", m/1000, sqrt(q/NR-m*m)/1000}' "$OUT/cg_small.times")
fi
BUSY_AFTER=$(busy_pct)

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
rate() { calc "$1" "$2 / 1e6 / ($3 > 0.001 ? $3 : 0.001)"; }   # MB/s; times floored at 1 ms
mbps() { rate %.1f "$1" "$2"; }

TP_YPARSE=$(mbps "$B_YAML" "$WALL_yparse")
TP_ALL=$(mbps "$B_ALL" "$WALL_cg_all")
RATIO_CPU=$(calc %.2f "$(rate %.6f "$B_JSON" "$CPU_cg_json") / $(rate %.6f "$B_YAML" "$CPU_cg_yaml")")
RATIO_WALL=$(calc %.2f "$(rate %.6f "$B_JSON" "$WALL_cg_json") / $(rate %.6f "$B_YAML" "$WALL_cg_yaml")")
RSS_MIB=$(calc %.1f "$RSS_KIB / 1024")
R1=$(pass "$TP_ALL >= $TP_YPARSE")
R1B=$(pass "$RATIO_CPU >= $T_JSON_RATIO")
R2=$(pass "$SMALL_MS <= $T_SMALL_MS")
R3=$(pass "$RSS_MIB < $T_RSS_MIB")
FAILED=0
[[ "$R1 $R1B $R2 $R3" == *FAIL* ]] && FAILED=1

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$REPO_ROOT" status --porcelain -- Sources Package.swift 2>/dev/null)" ]]; then
    commit="$commit + uncommitted changes in Sources/"
fi
cpu_model=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
row() { printf '%-46s %7s %7s %9s %9s  %s\n' "$@"; }
outcome() { # name: exit status and the file count confgate reported
    local rc_var=RC_$1 n
    n=$(grep -oE '[0-9]+ files? checked' "$OUT/$1.log" | grep -oE '^[0-9]+' | tail -n 1 || true)
    echo "exit ${!rc_var}, ${n:-?} files"
}

{
echo "confgate lint benchmark ($(date -u +%Y-%m-%d), commit $commit)"
echo "machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}; other load ${BUSY_BEFORE}% CPU before, ${BUSY_AFTER}% after"
echo "corpus:  $CORPUS_DIR, seed $SEED, $SERVICES services: $N_ALL files, $(mb "$B_ALL") MB" \
     "($N_YAML YAML $(mb "$B_YAML") MB, $N_JSON JSON $(mb "$B_JSON") MB)"
echo "timings: median of $RUNS runs after a warm-up; cpu = user+sys; MB = 10^6 bytes"
echo
row "measurement" "wall s" "cpu s" "MB/s wall" "MB/s cpu" "outcome"
row "yparse (libyaml), YAML files" "$WALL_yparse" "$CPU_yparse" "$(mbps "$B_YAML" "$WALL_yparse")" \
    "$(mbps "$B_YAML" "$CPU_yparse")" "exit $RC_yparse, $YPARSE_HOW"
row "confgate lint --no-secrets, YAML files" "$WALL_cg_yaml" "$CPU_cg_yaml" "$(mbps "$B_YAML" "$WALL_cg_yaml")" \
    "$(mbps "$B_YAML" "$CPU_cg_yaml")" "$(outcome cg_yaml)"
row "confgate lint --no-secrets, JSON files" "$WALL_cg_json" "$CPU_cg_json" "$(mbps "$B_JSON" "$WALL_cg_json")" \
    "$(mbps "$B_JSON" "$CPU_cg_json")" "$(outcome cg_json)"
row "confgate lint, whole corpus" "$WALL_cg_all" "$CPU_cg_all" "$(mbps "$B_ALL" "$WALL_cg_all")" \
    "$(mbps "$B_ALL" "$CPU_cg_all")" "$(outcome cg_all)"
echo
printf '%-51s %-14s %-16s %s\n' "target" "measured" "required" "result"
printf '%-51s %-14s %-16s %s\n' "1. whole corpus throughput vs libyaml floor" "$TP_ALL MB/s" ">= $TP_YPARSE MB/s" "$R1"
printf '%-51s %-14s %-16s %s\n' "1. JSON vs YAML speed per byte (cpu; wall ${RATIO_WALL}x)" "${RATIO_CPU}x" ">= ${T_JSON_RATIO}x" "$R1B"
printf '%-51s %-14s %-16s %s\n' "2. one small file ($SMALL_BYTES B), wall incl. start" "$SMALL_MS ms" "<= $T_SMALL_MS ms" "$R2"
printf '%-51s %-14s %-16s %s\n' "3. peak RSS, whole corpus (max of $RUNS runs)" "$RSS_MIB MiB" "< $T_RSS_MIB MiB" "$R3"
echo
echo "small file: $SMALL ($SMALL_HOW; mean $SMALL_MEAN ms, sd $SMALL_SD ms; exit $RC_cg_small)"
} | tee "$OUT/lint-results.txt"

# A non-zero exit on the corpus (linted with --fail-on never) means an error:
# show what confgate said.
for name in cg_yaml cg_json cg_all cg_small; do
    rc_var=RC_$name
    if [[ "${!rc_var}" != 0 ]]; then
        echo
        echo "confgate exited ${!rc_var} on $name; first lines of its output (bench/out/$name.log):"
        head -n 20 "$OUT/$name.log"
    fi
done
if (( BUSY_BEFORE > 5 || BUSY_AFTER > 5 )); then
    echo "warning: other processes used the CPUs (${BUSY_BEFORE}% before, ${BUSY_AFTER}% after); numbers may be skewed" >&2
fi
exit "$FAILED"
