#!/usr/bin/env bash
# Renders the demo project's HTML report in a real headless browser (Chromium from Debian's
# packages): keeps a screenshot at docs/html-report.png, and checks from the DOM dumped after the
# page's script ran that it initialised (data-ready="1" on <body>), raised no console error or CSP
# violation, and that the filters set in the URL hash hide exactly the findings they should.
# Not part of CI (CI must not need Chromium); see docs/report-html.md.
#
#   scripts/check-html-report.sh            # builds the debug binary into .build
#   SCRATCH_PATH=.build-x scripts/check-html-report.sh
#   CONFGATE_BIN=/path/to/confgate scripts/check-html-report.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
report=${REPORT:-/tmp/report.html}
screenshot=docs/html-report.png

if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium (Debian package)..."
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

bin=${CONFGATE_BIN:-}
if [ -z "$bin" ]; then
    scratch=${SCRATCH_PATH:-.build}
    swift build --scratch-path "$scratch" --product confgate >/dev/null
    bin="$(swift build --scratch-path "$scratch" --show-bin-path)/confgate"
fi

# The demo has findings, so lint exits 1; anything else (2: usage or configuration error) fails.
status=0
(cd fixtures/demo && "$bin" lint --format html --output "$report") || status=$?
if [ "$status" -gt 1 ]; then echo "FAIL: confgate lint exited $status" >&2; exit 1; fi
echo "rendered $report ($(wc -c <"$report") bytes, lint exit $status)"

profile=$(mktemp -d)
logs=$(mktemp -d)
trap 'rm -rf "$profile" "$logs"' EXIT
chrome() {
    chromium --headless --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
        --disable-extensions --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

chrome --screenshot="$screenshot" --window-size=1280,2000 "file://$report" 2>"$logs/screenshot.log" >/dev/null
[ -s "$screenshot" ] || { echo "FAIL: no screenshot" >&2; cat "$logs/screenshot.log" >&2; exit 1; }
echo "screenshot $screenshot ($(wc -c <"$screenshot") bytes)"

# One dump per filter state: "name|hash".
cases=("all|" "errors|#severity=error" "warnings-and-infos|#severity=warning,info")
first_rule=$(grep -o '<option value="[^"]\+" data-label' "$report" | head -1 | sed 's/<option value="\([^"]*\)".*/\1/')
first_category=$(grep -o 'name="category" value="[^"]\+"' "$report" | head -1 | sed 's/.*value="\([^"]*\)"/\1/')
[ -n "$first_rule" ] && cases+=("rule|#rule=$first_rule")
[ -n "$first_category" ] && cases+=("category|#category=$first_category")
cases+=("combined|#severity=error&category=${first_category}")

for entry in "${cases[@]}"; do
    name=${entry%%|*}
    hash=${entry#*|}
    chrome --virtual-time-budget=3000 --dump-dom "file://$report$hash" >"$logs/$name.html" 2>"$logs/$name.log"
done

python3 - "$report" "$logs" "${cases[@]}" <<'PY'
import re, sys, urllib.parse

report, logs, cases = sys.argv[1], sys.argv[2], sys.argv[3:]
item = re.compile(r'<li class="finding"([^>]*)>')
attr = re.compile(r'([a-z-]+)(?:="([^"]*)")?')

def findings(html):
    main = html.split('<details id="suppressed"', 1)[0]
    out = []
    for m in item.finditer(main):
        attrs = dict((k, v) for k, v in attr.findall(m.group(1)))
        out.append(attrs)
    return out

static = findings(open(report, encoding="utf-8").read())
failures = []
print(f"{len(static)} findings in the page")
for case in cases:
    name, _, hash_ = case.partition("|")
    dom = open(f"{logs}/{name}.html", encoding="utf-8").read()
    log = open(f"{logs}/{name}.log", encoding="utf-8", errors="replace").read()
    want = {}
    for part in hash_.lstrip("#").split("&"):
        if "=" in part:
            k, v = part.split("=", 1)
            want[k] = [urllib.parse.unquote(x) for x in v.split(",")]
    def visible(f):
        return all(f["data-" + k] in v for k, v in want.items() if v != [""])
    expected = [visible(f) for f in static]
    got = findings(dom)
    shown = [("hidden" not in f) for f in got]
    body = re.search(r"<body([^>]*)>", dom)
    body_attrs = dict(attr.findall(body.group(1))) if body else {}
    problems = []
    if body_attrs.get("data-ready") != "1":
        problems.append("the script did not finish (no data-ready=\"1\" on <body>)")
    if len(got) != len(static):
        problems.append(f"{len(got)} findings in the DOM, {len(static)} in the page")
    elif shown != expected:
        problems.append(f"visible {shown.count(True)}, expected {expected.count(True)}")
    if body_attrs.get("data-shown") != str(expected.count(True)):
        problems.append(f"data-shown={body_attrs.get('data-shown')!r}, expected {expected.count(True)}")
    if re.search(r'<form id="filters"[^>]*\bhidden\b', dom):
        problems.append("the filter form is still hidden")
    m = re.search(r'<p id="shown">([^<]*)</p>', dom)
    if not m or m.group(1) != f"{expected.count(True)} of {len(static)} findings shown":
        problems.append(f"shown line is {m.group(1) if m else None!r}")
    errors = [l for l in log.splitlines() if "CONSOLE" in l or "Uncaught" in l or "Refused to" in l]
    if errors:
        problems.append("console: " + " | ".join(errors))
    status = "ok" if not problems else "FAIL"
    print(f"{status:4} {name:20} {hash_ or '(no hash)':40} {expected.count(True)}/{len(static)} shown")
    for p in problems:
        print(f"     {p}")
    failures += problems
sys.exit(1 if failures else 0)
PY
echo "html report check passed"
