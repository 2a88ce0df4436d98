#!/usr/bin/env bash
# Runs a command with a PostgreSQL server for the history store's tests:
#
#   scripts/with-postgres.sh swift test --skip-build
#
# With CONFGATE_TEST_DATABASE_URL already set (a CI service container, a developer's own server),
# the command runs against that server. Otherwise a throwaway cluster is started in a temporary
# directory (scripts/pg-cluster.sh), installing the PostgreSQL server package first if needed, and
# stopped and removed when the command ends. The command sees:
#   CONFGATE_TEST_DATABASE_URL        the admin URL (trust auth); tests create their own databases
#   CONFGATE_TEST_PG_CLUSTER_SCRIPT   absolute path of pg-cluster.sh, for tests that need a cluster
#                                     of their own (to stop and restart it)
# and this script exits with the command's status.
set -euo pipefail

[[ $# -ge 1 ]] || { echo "usage: $0 COMMAND [ARGUMENT...]" >&2; exit 2; }

if [[ -n ${CONFGATE_TEST_DATABASE_URL:-} ]]; then
    exec "$@"
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster_script=$here/pg-cluster.sh

# The server package (with its client tools: psql and pg_dump, which the tests run too).
if ! "$cluster_script" bindir >/dev/null 2>&1; then
    echo "with-postgres: installing postgresql (for the history store's tests)" >&2
    "$here/install-deps.sh" postgresql
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/confgate-pg.XXXXXX")
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    "$cluster_script" stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
# A signal ends the script through `exit`, so that the EXIT trap stops the server.
trap 'exit 130' INT
trap 'exit 143' TERM

url=$("$cluster_script" start "$dir")
export CONFGATE_TEST_DATABASE_URL=$url
export CONFGATE_TEST_PG_CLUSTER_SCRIPT=$cluster_script

status=0
"$@" || status=$?
exit "$status"
