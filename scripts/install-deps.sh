#!/usr/bin/env bash
# Installs the Debian packages confgate builds against, when they are missing, and any packages
# named as arguments (scripts/with-postgres.sh asks for the PostgreSQL server this way).
# Called by `make demo`, `make test` (and so by .ci/run); safe to run repeatedly: it does nothing
# (and needs no network) when everything is present.
set -euo pipefail

# C libraries reached through SwiftPM system-library targets (Sources/C*/module.modulemap):
#   libyaml-dev     the YAML reader (Sources/CLibYAML)
#   libjansson-dev  the JSON reader's test oracle (Sources/CJansson)
#   libpcre2-dev    user regexes with a match limit (Sources/CPCRE2)
#   libpq-dev       the history store on PostgreSQL (Sources/CLibPQ)
#   libsqlite3-dev  the history store's embedded default, .confgate/history.db (Sources/CSQLite)
#   sqlite3         the command-line shell the history tests dump the embedded store with
#   pkg-config      how SwiftPM finds them
#   git             file discovery in a work tree (and the discovery tests)
#   python3         ../shared/tools/ihop-suite, which scores the Bowtie harness in the tests
# (The PostgreSQL server the store's tests run against is installed by scripts/with-postgres.sh,
# only when `make test` needs it.)
PACKAGES=(libyaml-dev libjansson-dev libpcre2-dev libpq-dev libsqlite3-dev sqlite3 pkg-config git python3 "$@")

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null; then
    SUDO=(sudo)
else
    echo "install-deps: missing packages ${missing[*]} and not root (no sudo); install them and re-run" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
