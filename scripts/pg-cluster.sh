#!/usr/bin/env bash
# A throwaway PostgreSQL cluster in a directory, for the history store's tests.
#
#   scripts/pg-cluster.sh start DIR     initdb DIR/data (trust auth, user confgate_admin), start it on a
#                                       free port of 127.0.0.1; prints its URL on stdout
#   scripts/pg-cluster.sh restart DIR   start the same cluster again, on the same port (DIR/port)
#   scripts/pg-cluster.sh stop DIR      stop it at once (-m immediate); nothing if it is not running
#   scripts/pg-cluster.sh bindir        print the server's bin directory; exit 1 if no server is installed
#
# The server runs with fsync off and its socket in DIR: nothing of it outlives DIR. Logs go to
# DIR/log (server) and DIR/initdb.log.
set -euo pipefail

ADMIN=confgate_admin

usage() {
    echo "usage: $0 start DIR | restart DIR | stop DIR | bindir" >&2
    exit 2
}

# Debian splits client and server: `pg_config --bindir` may name /usr/bin, which has psql but no
# initdb. The server binaries live in /usr/lib/postgresql/<major>/bin; prefer the newest major.
find_bindir() {
    local candidate
    while read -r candidate; do
        if [[ -x $candidate/initdb && -x $candidate/pg_ctl ]]; then
            echo "$candidate"
            return 0
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
    if command -v pg_config >/dev/null; then
        candidate=$(pg_config --bindir)
        if [[ -x $candidate/initdb && -x $candidate/pg_ctl ]]; then
            echo "$candidate"
            return 0
        fi
    fi
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user (created
# by Debian's postgresql-common; made here when missing) and its commands run as that user.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        # From DIR: runuser keeps the working directory, which (e.g. /root) postgres may not read.
        (cd "$DIR" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

prepare_owner() {
    [[ $(id -u) -eq 0 ]] || return 0
    if ! id -u postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    chown -R postgres: "$DIR"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the cluster on port $1; pg_ctl's chatter goes to stderr, stdout stays the URL's alone.
start_on() {
    local port=$1
    as_owner "$BINDIR/pg_ctl" -s -D "$DIR/data" -l "$DIR/log" \
        -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" -w start >&2
}

print_url() {
    echo "postgresql://$ADMIN@127.0.0.1:$(cat "$DIR/port")/postgres"
}

[[ $# -ge 1 ]] || usage
COMMAND=$1
if [[ $COMMAND == bindir ]]; then
    find_bindir
    exit
fi
[[ $# -eq 2 ]] || usage
if [[ $COMMAND == stop && ! -d $2 ]]; then
    exit 0
fi
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
if ! BINDIR=$(find_bindir); then
    echo "pg-cluster: no PostgreSQL server found (initdb); install the postgresql package" >&2
    exit 1
fi

case $COMMAND in
start)
    if [[ -e $DIR/data ]]; then
        echo "pg-cluster: $DIR/data exists; use restart" >&2
        exit 1
    fi
    prepare_owner
    if ! as_owner "$BINDIR/initdb" -D "$DIR/data" -A trust -U "$ADMIN" --no-sync -E UTF8 >"$DIR/initdb.log" 2>&1; then
        cat "$DIR/initdb.log" >&2
        exit 1
    fi
    # The free port may be taken between choosing and binding it: try a few.
    for attempt in 1 2 3; do
        free_port >"$DIR/port"
        if start_on "$(cat "$DIR/port")"; then
            print_url
            exit 0
        fi
        echo "pg-cluster: start failed on port $(cat "$DIR/port") (attempt $attempt)" >&2
    done
    cat "$DIR/log" >&2 || true
    exit 1
    ;;
restart)
    [[ -f $DIR/port ]] || { echo "pg-cluster: no cluster in $DIR (no $DIR/port)" >&2; exit 1; }
    if ! start_on "$(cat "$DIR/port")"; then
        tail -n 20 "$DIR/log" >&2 || true
        exit 1
    fi
    print_url
    ;;
stop)
    # Not running (never started, already stopped): nothing to do.
    [[ -f $DIR/data/postmaster.pid ]] || exit 0
    as_owner "$BINDIR/pg_ctl" -s -D "$DIR/data" -m immediate -w stop >&2 || true
    ;;
*)
    usage
    ;;
esac
