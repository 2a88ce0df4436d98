#!/usr/bin/env bash
# Schema-validation benchmark for confgate: `confgate validate` over every file
# of the shared corpus against its schema, side by side with a Python script
# using jsonschema-rs and with check-jsonschema (both installed into
# bench/.venv by this script, never product dependencies), then the recall and
# precision of confgate's findings against the corpus's injected violations.
# On demand only; not part of CI. See bench/README.md.
#
# Environment:
#   SERVICES    corpus size in services, 4 files each (default 2000, ~50 MB)
#   RUNS        timed runs per measurement, after one warm-up (default 3)
#   CORPUS_DIR  where the corpus is generated / reused (default /tmp/confgate-bench;
#               must be outside any git work tree)
#   CONFGATE    use this confgate binary instead of building the release one
#   CJS_PURE    1: also time check-jsonschema with its pure-Python YAML loader
#               (about 150 s a run at 2000 services; default 0)
#
# Exit status: 0 every target passed, 1 a target failed, 2 setup error.

set -euo pipefail
export LC_ALL=C

SERVICES=${SERVICES:-2000}
RUNS=${RUNS:-3}
CORPUS_DIR=${CORPUS_DIR:-/tmp/confgate-bench}
CJS_PURE=${CJS_PURE:-0}
SEED=1

# Targets (from the templates issue).
T_RS=5                # at least this many times faster than the jsonschema-rs script
T_CJS=40              # at least this many times faster than check-jsonschema (C loader)

BENCH_NAME=validate.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
REQS="$REPO_ROOT/bench/peers/requirements.txt"
bench_skip_in_ci
bench_check_setup
[[ "$CJS_PURE" == 0 || "$CJS_PURE" == 1 ]] || die "CJS_PURE must be 0 or 1"
[[ -f "$SHARED_BENCH/peers/validate_py.py" ]] ||
    die "missing $SHARED_BENCH/peers/validate_py.py (../shared next to the repository)"

# ---------------------------------------------------------------------------
# Corpus (shared with bench/lint.sh)
# ---------------------------------------------------------------------------
bench_ensure_corpus
cd "$CORPUS_DIR"
SCHEMA=schemas/service.schema.json
[[ -f "$SCHEMA" ]] || die "corpus has no $SCHEMA"
find services -type f \( -name '*.yaml' -o -name '*.json' \) | sort >"$OUT/validate-files.txt"
N_FILES=$(wc -l <"$OUT/validate-files.txt")
N_MANIFEST=$(python3 -c 'import json; print(json.load(open("MANIFEST.json"))["totals"]["files"])')
(( N_FILES == N_MANIFEST )) || die "corpus has $N_FILES files, its manifest says $N_MANIFEST: regenerate it (rm -rf $CORPUS_DIR)"
B_ALL=$(tr '\n' '\0' <"$OUT/validate-files.txt" | xargs -0 cat | wc -c)
# check-jsonschema takes files, not directories: all of them in one process.
mapfile -t FILES <"$OUT/validate-files.txt"
arg_bytes=$(( $(wc -c <"$OUT/validate-files.txt") + 8 * N_FILES + $(env | wc -c) + 4096 ))
(( arg_bytes < $(getconf ARG_MAX) )) ||
    die "the $N_FILES file names exceed ARG_MAX for check-jsonschema's command line; use fewer SERVICES"

# ---------------------------------------------------------------------------
# Peers: a virtualenv under bench/, (re)installed when requirements.txt changes
# ---------------------------------------------------------------------------
bench_ensure_venv "$REQS"
"$PY" -c 'import jsonschema_rs, yaml, check_jsonschema, _ruamel_yaml; assert yaml.__with_libyaml__' 2>/dev/null ||
    die "bench/.venv is incomplete (jsonschema_rs, PyYAML with libyaml, check_jsonschema, ruamel.yaml.clib); rm -rf bench/.venv and rerun"
PEER_VERSIONS=$("$PY" -c '
from importlib.metadata import version as v
print(", ".join(f"{p} {v(p)}" for p in ("jsonschema-rs", "PyYAML", "check-jsonschema", "jsonschema", "ruamel.yaml", "ruamel.yaml.clib")))')
PY_VERSION=$("$PY" -c 'import platform; print(platform.python_version())')

# ---------------------------------------------------------------------------
# confgate
# ---------------------------------------------------------------------------
bench_build_confgate
# (An older confgate answers `validate --help` with its top-level help.)
"$BIN" validate --help >"$OUT/validate-help.txt" 2>&1 && grep -q -- '--schema' "$OUT/validate-help.txt" ||
    die "$BIN has no 'validate --schema' subcommand (see bench/out/validate-help.txt)"
# jsonschema-rs (validate_formats=True) and check-jsonschema assert `format`;
# confgate does with --strict-formats (the corpus's `format` violations need it).
CG_FLAGS=(--format json)
CG_LABEL="confgate validate"
if grep -q -- '--strict-formats' "$OUT/validate-help.txt"; then
    CG_FLAGS+=(--strict-formats)
    CG_LABEL+=" --strict-formats"
else
    note "warning: this confgate has no --strict-formats: format is not asserted (the peers do assert it)"
fi
# Schema validation against schema validators: secret detection (measured by bench/secrets.sh)
# is off, or its findings on the corpus's planted secrets would count as false schema findings.
if grep -q -- '--no-secrets' "$OUT/validate-help.txt"; then
    CG_FLAGS+=(--no-secrets)
    CG_LABEL+=" --no-secrets"
fi

# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------
# Each command is warmed up once (its output kept in $OUT/NAME.out, stderr in
# NAME.err, exit status in RC_NAME), then the commands take turns, RUNS
# rounds, so that a slow spell of a shared machine hits all of them alike.
# WALL_NAME and CPU_NAME (user+sys) are the medians, in seconds.
declare -A CMDS
NAMES=(cg rs load cjs)
CMDS[cg]=$(printf '%q ' "$BIN" validate --schema "$SCHEMA" "${CG_FLAGS[@]}" services)
CMDS[rs]=$(printf '%q ' "$PY" "$SHARED_BENCH/peers/validate_py.py" rs "$SCHEMA" services)
CMDS[load]=$(printf '%q ' "$PY" "$SHARED_BENCH/peers/validate_py.py" load "$SCHEMA" services)
CMDS[cjs]="$(printf '%q ' "$PY" "$REPO_ROOT/bench/peers/cjs_loader.py" c --schemafile "$SCHEMA" -o json) \"\${FILES[@]}\""
if [[ "$CJS_PURE" == 1 ]]; then
    NAMES+=(cjs_pure)
    CMDS[cjs_pure]="$(printf '%q ' "$PY" "$REPO_ROOT/bench/peers/cjs_loader.py" pure --schemafile "$SCHEMA" -o json) \"\${FILES[@]}\""
fi
measure_all() {
    bench_measure_all v
}

BUSY_BEFORE=$(busy_pct)
note "measuring: $RUNS runs each after a warm-up (CPUs ${BUSY_BEFORE}% busy beforehand)"
measure_all
BUSY_AFTER=$(busy_pct)

# Recall and precision of confgate's report (the warm-up run's), the peers'
# outputs scored alike as a check.
RECALL_RC=0
peer_args=(--validate-out "jsonschema-rs script=$OUT/v_rs.out" --check-jsonschema "check-jsonschema=$OUT/v_cjs.out")
[[ "$CJS_PURE" == 1 ]] && peer_args+=(--check-jsonschema "check-jsonschema (pure)=$OUT/v_cjs_pure.out")
python3 "$REPO_ROOT/bench/recall.py" . "$OUT/v_cg.out" --summary "$OUT/validate-recall.json" \
    "${peer_args[@]}" >"$OUT/validate-recall.txt" 2>&1 || RECALL_RC=$?
if (( RECALL_RC > 1 )) || [[ ! -f "$OUT/validate-recall.json" ]]; then
    rm -f "$OUT/validate-recall.json"
fi
read -r R_FOUND R_INJ R_FALSE R_FALSE_FILES R_EXTRA R_PREC R_LINE R_LINEJ R_LINENEXT R_EXACT < <(
    python3 - "$OUT/validate-recall.json" <<'EOF'
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except OSError:
    print("? ? ? ? ? ? ? ? ? ?"); sys.exit()
print(s["found"], s["injected"], s["false_findings"], s["false_files"], s["extra_findings"],
      s["precision_pct"], s["line_match"], s["line_judged"], s["line_next"], s["exact"])
EOF
)

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
floor() { calc %.6f "($1 > 0.001 ? $1 : 0.001)"; }     # times floored at 1 ms
ratio() { calc %.1f "$1 / $(floor "$2")"; }

RATIO_RS=$(ratio "$WALL_rs" "$WALL_cg");   RATIO_RS_CPU=$(ratio "$CPU_rs" "$CPU_cg")
RATIO_CJS=$(ratio "$WALL_cjs" "$WALL_cg"); RATIO_CJS_CPU=$(ratio "$CPU_cjs" "$CPU_cg")
RATIO_LOAD=$(ratio "$WALL_load" "$WALL_cg")
R_SPEED_RS=$(pass "$RATIO_RS >= $T_RS")
R_SPEED_CJS=$(pass "$RATIO_CJS >= $T_CJS")
if [[ "$R_FOUND" == "?" ]]; then
    R_RECALL=FAIL; R_PREC_OK=FAIL; RECALL_PCT="?"
else
    R_RECALL=$(pass "$R_FOUND == $R_INJ")
    R_PREC_OK=$(pass "$R_FALSE == 0")
    RECALL_PCT=$(calc %.1f "100 * $R_FOUND / ($R_INJ > 0 ? $R_INJ : 1)")
fi
FAILED=0
[[ "$R_SPEED_RS $R_SPEED_CJS $R_RECALL $R_PREC_OK" == *FAIL* ]] && FAILED=1

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$REPO_ROOT" status --porcelain -- Sources Package.swift 2>/dev/null)" ]]; then
    commit="$commit + uncommitted changes in Sources/"
fi
cpu_model=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
row() { printf '%-44s %8s %8s %8s %9s  %s\n' "$@"; }
mbps() { calc %.1f "$B_ALL / 1e6 / $(floor "$1")"; }
fps() { calc %.0f "$N_FILES / $(floor "$1")"; }
# What each tool said on its warm-up run.
outcome_cg() {
    python3 - "$OUT/v_cg.out" "$RC_cg" <<'EOF'
import json, sys
try:
    s = json.load(open(sys.argv[1]))["summary"]
    print(f"exit {sys.argv[2]}, {s['files']} files, {s['findings']} findings")
except Exception:
    print(f"exit {sys.argv[2]}, no JSON report")
EOF
}
outcome_py() { # name: validate_py.py prints "N files, N invalid, N errors" on stderr
    local rc_var=RC_$1 s
    s=$(grep -oE '^[0-9]+ files, [0-9]+ invalid, [0-9]+ errors' "$OUT/v_$1.err" | tail -n 1 || true)
    echo "exit ${!rc_var}, ${s:-no summary}"
}
outcome_cjs() {
    local rc_var=RC_$1
    python3 - "$OUT/v_$1.out" "${!rc_var}" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    files = {e["filename"] for e in d["errors"]}
    print(f"exit {sys.argv[2]}, {len(d['errors'])} errors in {len(files)} files, "
          f"{len(d['parse_errors'])} parse errors")
except Exception:
    print(f"exit {sys.argv[2]}, no JSON report")
EOF
}

{
echo "confgate validate benchmark ($(date -u +%Y-%m-%d), commit $commit)"
echo "machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}; other load ${BUSY_BEFORE}% CPU before, ${BUSY_AFTER}% after"
echo "binary:  $BIN${CONFGATE:+ (CONFGATE: its source may differ from the commit above)}"
echo "corpus:  $CORPUS_DIR, seed $SEED, $SERVICES services: $N_FILES files, $(mb "$B_ALL") MB, schema $SCHEMA"
echo "peers:   Python $PY_VERSION; $PEER_VERSIONS"
echo "timings: median of $RUNS runs after a warm-up; cpu = user+sys; MB = 10^6 bytes"
echo
row "measurement" "wall s" "cpu s" "files/s" "MB/s wall" "outcome (warm-up run)"
row "$CG_LABEL" "$WALL_cg" "$CPU_cg" "$(fps "$WALL_cg")" "$(mbps "$WALL_cg")" "$(outcome_cg)"
row "python + jsonschema-rs (validate_py.py rs)" "$WALL_rs" "$CPU_rs" "$(fps "$WALL_rs")" "$(mbps "$WALL_rs")" "$(outcome_py rs)"
row "python, loading only (validate_py.py load)" "$WALL_load" "$CPU_load" "$(fps "$WALL_load")" "$(mbps "$WALL_load")" "$(outcome_py load)"
row "check-jsonschema, C YAML loader" "$WALL_cjs" "$CPU_cjs" "$(fps "$WALL_cjs")" "$(mbps "$WALL_cjs")" "$(outcome_cjs cjs)"
if [[ "$CJS_PURE" == 1 ]]; then
    row "check-jsonschema, pure-Python YAML loader" "$WALL_cjs_pure" "$CPU_cjs_pure" "$(fps "$WALL_cjs_pure")" \
        "$(mbps "$WALL_cjs_pure")" "$(outcome_cjs cjs_pure)"
fi
echo
printf '%-56s %-16s %-10s %s\n' "target" "measured" "required" "result"
printf '%-56s %-16s %-10s %s\n' "speed vs python + jsonschema-rs (wall; cpu ${RATIO_RS_CPU}x)" "${RATIO_RS}x" ">= ${T_RS}x" "$R_SPEED_RS"
printf '%-56s %-16s %-10s %s\n' "speed vs check-jsonschema, C loader (wall; cpu ${RATIO_CJS_CPU}x)" "${RATIO_CJS}x" ">= ${T_CJS}x" "$R_SPEED_CJS"
if [[ "$CJS_PURE" == 1 ]]; then
    printf '%-56s %-16s %-10s %s\n' "speed vs check-jsonschema, pure loader (wall)" "$(ratio "$WALL_cjs_pure" "$WALL_cg")x" "-" "info"
fi
printf '%-56s %-16s %-10s %s\n' "speed vs python loading only, no validation (wall)" "${RATIO_LOAD}x" "-" "info"
printf '%-56s %-16s %-10s %s\n' "recall of injected schema violations" "$R_FOUND/$R_INJ ($RECALL_PCT%)" "100%" "$R_RECALL"
printf '%-56s %-16s %-10s %s\n' "findings on files without injected violation" "$R_FALSE ($R_FALSE_FILES files)" "0" "$R_PREC_OK"
printf '%-56s %-16s %-10s %s\n' "precision (findings on an injected violation)" "$R_PREC%" "-" "info ($R_EXTRA extra)"
printf '%-56s %-16s %-10s %s\n' "expected rule and pointer" "$R_EXACT/$R_INJ" "-" "info"
printf '%-56s %-16s %-10s %s\n' "at the manifest's line (of those at the manifest's node)" "$R_LINE/$R_LINEJ" "-" "info ($R_LINENEXT one line below)"
echo
echo "recall and precision (bench/recall.py; also bench/out/validate-recall.txt):"
sed 's/^/  /' "$OUT/validate-recall.txt"
} | tee "$OUT/validate-results.txt"

# An exit status other than 0/1 is an error, not findings: show what was said.
for name in "${NAMES[@]}"; do
    rc_var=RC_$name
    if (( ${!rc_var} > 1 )); then
        echo
        echo "$name exited ${!rc_var}; first lines of its stderr (bench/out/v_$name.err):"
        head -n 20 "$OUT/v_$name.err"
    fi
done
if (( BUSY_BEFORE > 5 || BUSY_AFTER > 5 )); then
    echo "warning: other processes used the CPUs (${BUSY_BEFORE}% before, ${BUSY_AFTER}% after); numbers may be skewed" >&2
fi
exit "$FAILED"
