# Shared by bench/lint.sh, bench/validate.sh and bench/secrets.sh (sourced, not run): setup checks,
# the shared corpus, the release build, the peers' virtualenv, and the small helpers every
# benchmark table needs.
# The sourcing script sets BENCH_NAME, SERVICES, RUNS, CORPUS_DIR, SEED before sourcing.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED_BENCH="$REPO_ROOT/../shared/bench"
OUT="$REPO_ROOT/bench/out"        # gitignored: logs, raw numbers, results
VENV="$REPO_ROOT/bench/.venv"     # gitignored: the peers

die() { echo "bench/$BENCH_NAME: $*" >&2; exit 2; }
note() { echo "==> $*" >&2; }

# Benchmarks run on demand, never as part of CI (set BENCH_IN_CI=1 to force).
bench_skip_in_ci() {
    if [[ -n "${CI:-}" && "${BENCH_IN_CI:-}" != 1 ]]; then
        echo "bench/$BENCH_NAME: not run in CI (set BENCH_IN_CI=1 to force)" >&2
        exit 0
    fi
}

# Checks SERVICES, RUNS and python3, resolves CONFGATE to an absolute path (before any cd),
# and refuses a corpus folder whose surroundings would change what confgate lints.
bench_check_setup() {
    [[ "$SERVICES" =~ ^[1-9][0-9]*$ ]] || die "SERVICES must be a positive integer"
    [[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
    command -v python3 >/dev/null || die "python3 is required (corpus generator)"
    mkdir -p "$OUT"
    if [[ -n "${CONFGATE:-}" ]]; then
        [[ -f "$CONFGATE" && -x "$CONFGATE" ]] || die "CONFGATE=$CONFGATE is not an executable file"
        CONFGATE=$(cd "$(dirname "$CONFGATE")" && pwd)/$(basename "$CONFGATE")
    fi
    CORPUS_DIR=$(mkdir -p "$CORPUS_DIR" && cd "$CORPUS_DIR" && pwd)
    # Inside a git work tree confgate lists files with git, and a .confgate.yaml above the
    # corpus would change what is linted: refuse both.
    if git -C "$CORPUS_DIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        die "CORPUS_DIR=$CORPUS_DIR is inside a git work tree; put it outside (e.g. under /tmp)"
    fi
    local d=$CORPUS_DIR
    while :; do
        [[ -e "$d/.confgate.yaml" ]] && die "$d/.confgate.yaml would apply to the corpus; move CORPUS_DIR elsewhere"
        [[ "$d" == / ]] && break
        d=$(dirname "$d")
    done
}

# Installs a Debian package when a tool is missing (root + apt only).
ensure_pkg() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        note "installing $2"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >"$OUT/apt-$2.log" 2>&1 || true
    fi
    command -v "$1" >/dev/null 2>&1
}

# The corpus, reused when its MANIFEST.json names the same seed and size. bench/lint.sh adds
# split-yaml/ and split-json/ beside services/; they are dropped when the corpus is regenerated.
bench_ensure_corpus() {
    [[ -f "$SHARED_BENCH/gen_corpus.py" ]] || die "missing $SHARED_BENCH/gen_corpus.py (../shared next to the repository)"
    if [[ -f "$CORPUS_DIR/MANIFEST.json" ]] && python3 - "$CORPUS_DIR/MANIFEST.json" "$SEED" "$SERVICES" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if (m.get("seed"), m.get("services")) == (int(sys.argv[2]), int(sys.argv[3])) else 1)
PY
    then
        note "reusing corpus $CORPUS_DIR (seed $SEED, $SERVICES services)"
        return
    fi
    local force=()
    if [[ -e "$CORPUS_DIR/services" || -e "$CORPUS_DIR/MANIFEST.json" ]]; then
        note "corpus in $CORPUS_DIR has another seed/size (or is incomplete): regenerating"
        force=(--force)
    fi
    rm -rf "$CORPUS_DIR/split-yaml" "$CORPUS_DIR/split-json"
    note "generating corpus: seed $SEED, $SERVICES services -> $CORPUS_DIR"
    python3 "$SHARED_BENCH/gen_corpus.py" --seed "$SEED" --services "$SERVICES" --out "$CORPUS_DIR" "${force[@]}"
}

# Sets PY: bench/.venv's python, after creating the venv (with the python3 on PATH) and
# installing REQS into it when it is missing or REQS changed since (each requirements file keeps
# its own copy, bench/.venv/.bench-<name>, so the scripts' peers share one venv).
bench_ensure_venv() { # requirements-file
    local reqs=$1 rel=${1#"$REPO_ROOT"/} stamp
    stamp="$VENV/.bench-$(basename "$1")"
    if ! cmp -s "$reqs" "$stamp" || [[ ! -x "$VENV/bin/python" ]]; then
        note "installing the peers into bench/.venv ($rel)"
        [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV" >"$OUT/venv.log" 2>&1 ||
            { cat "$OUT/venv.log" >&2; die "cannot create $VENV (Debian: apt-get install python3-venv)"; }
        if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$reqs" >"$OUT/pip.log" 2>&1; then
            tail -n 20 "$OUT/pip.log" >&2
            die "pip install -r $rel failed (log: bench/out/pip.log)"
        fi
        cp "$reqs" "$stamp"
    fi
    PY="$VENV/bin/python"
}

# Sets BIN: CONFGATE, else a release build (static stdlib, scratch path .build-release).
bench_build_confgate() {
    if [[ -n "${CONFGATE:-}" ]]; then
        BIN=$CONFGATE
        return
    fi
    note "building confgate (release, static stdlib, scratch path .build-release)"
    local build=(swift build -c release --static-swift-stdlib --scratch-path .build-release)
    if ! (cd "$REPO_ROOT" && "${build[@]}") >"$OUT/build.log" 2>&1; then
        tail -n 30 "$OUT/build.log" >&2
        die "release build failed (log: bench/out/build.log)"
    fi
    BIN="$(cd "$REPO_ROOT" && "${build[@]}" --show-bin-path)/confgate"
}

median() { sort -n | awk '{v[NR]=$1} END {printf "%.3f\n", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

# Share of all CPUs busy over one second (another build or test run skews every number; the
# load average lags too much to tell).
busy_pct() {
    local a b
    a=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9; exit}' /proc/stat)
    sleep 1
    b=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9; exit}' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " ");
        printf "%.0f", (y[2] > x[2]) ? 100 * (y[1] - x[1]) / (y[2] - x[2]) : 0}'
}

calc() { awk "BEGIN {printf \"$1\", $2}"; }
pass() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }
mb() { calc %.1f "$1 / 1e6"; }

# Times the commands CMDS[name] for every name in NAMES (both set by the caller), in the current
# directory: each is warmed up once (timed; its output kept in $OUT/PREFIX_NAME.out and .err, its
# exit status in RC_NAME, its wall time in FIRST_NAME), then the commands take turns, RUNS rounds,
# so that a slow spell of a shared machine hits all of them alike. Sets WALL_NAME and CPU_NAME
# (user+sys), the medians in seconds.
bench_measure_all() { # prefix
    local prefix=$1 name rc i TIMEFORMAT='%3R %3U %3S'
    for name in "${NAMES[@]}"; do
        note "warm-up: $name"
        rc=0
        { time eval "${CMDS[$name]}" >"$OUT/${prefix}_$name.out" 2>"$OUT/${prefix}_$name.err" || rc=$?; } \
            2>"$OUT/${prefix}_$name.first"
        printf -v "RC_$name" %s "$rc"
        printf -v "FIRST_$name" %s "$(awk '{print $1}' "$OUT/${prefix}_$name.first")"
        : >"$OUT/${prefix}_$name.times"
    done
    for ((i = 0; i < RUNS; i++)); do
        note "round $((i + 1)) of $RUNS"
        for name in "${NAMES[@]}"; do
            { time eval "${CMDS[$name]}" >/dev/null 2>&1; } 2>>"$OUT/${prefix}_$name.times" || true
        done
    done
    for name in "${NAMES[@]}"; do
        printf -v "WALL_$name" %s "$(awk '{print $1}' "$OUT/${prefix}_$name.times" | median)"
        printf -v "CPU_$name" %s "$(awk '{print $2 + $3}' "$OUT/${prefix}_$name.times" | median)"
    done
}

# The commit the numbers belong to, marked when the sources, packs or manifest differ from it.
bench_commit() {
    local commit
    commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [[ -n "$(git -C "$REPO_ROOT" status --porcelain -- Sources rules Package.swift 2>/dev/null)" ]]; then
        commit="$commit + uncommitted changes"
    fi
    echo "$commit"
}

# "N CPUs, model": the machine line of a results table.
bench_machine() {
    local model
    model=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    echo "$(nproc) CPUs, ${model:-unknown CPU}"
}

# Callgrind's instruction count of `confgate lint --fail-on never ARGS... <the first N services>`,
# run in the corpus folder on a copy of $BIN without debug info: the same total for the same
# binary and input, whatever else the machine does. Prints nothing without valgrind.
bench_instructions() { # services extra-args...
    local services=$1
    shift
    command -v valgrind >/dev/null && command -v strip >/dev/null || return 0
    [[ -x "$OUT/confgate-nodebug" && "$OUT/confgate-nodebug" -nt "$BIN" ]] || strip --strip-debug -o "$OUT/confgate-nodebug" "$BIN"
    local dirs
    mapfile -t dirs < <(ls -d services/* | head -n "$services")
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$OUT/confgate-nodebug" lint --fail-on never "$@" "${dirs[@]}" >/dev/null 2>"$OUT/instructions.err" || true
    awk '/I +refs:/ {gsub(",", "", $NF); print $NF}' "$OUT/instructions.err"
}
