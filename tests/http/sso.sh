#!/bin/sh
# sso.sh: the trusted-header mode (ska serve --auth-header NAME). The header
# names the user; without it nobody is logged in; an unknown or deactivated
# user is not logged in; forms still need the CSRF token of the session the
# server keeps for the header user; the header mode is off by default.
# Run from the repository root: SKA_BIN=build/ska tests/http/sso.sh
set -u
SKA=${SKA_BIN:-build/ska}
PASS=0
FAIL=0
PIDS=
T=$(mktemp -d "${TMPDIR:-/tmp}/ska-sso.XXXXXX") || exit 1
DB=$T/ska.db
cleanup() {
    for p in $PIDS; do
        kill -TERM "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

expect() { # DESC WANT GOT
    if [ "$2" = "$3" ]; then
        PASS=$((PASS + 1))
    else
        FAIL=$((FAIL + 1))
        echo "FAIL: $1: got $3, want $2"
    fi
}

start() { # start OUTFILE ARGS...: starts a server, sets PORT
    out=$1
    shift
    : >"$out"
    "$SKA" serve --db "$DB" --listen 127.0.0.1:0 "$@" >"$out" 2>"$out.err" &
    PIDS="$PIDS $!"
    i=0
    while [ $i -lt 100 ]; do
        PORT=$(sed -n 's|^ska: listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$out")
        [ -n "$PORT" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "server did not start"
    cat "$out.err"
    exit 1
}

"$SKA" init --db "$DB" >/dev/null && "$SKA" demo --db "$DB" >/dev/null || exit 1

start "$T/sso.out" --auth-header X-Remote-User
B=http://127.0.0.1:$PORT
st() { curl -s -o "$T/body" -w '%{http_code}' --max-time 10 "$@"; }

expect "no header: redirected to log-in" 303 "$(st "$B/")"
expect "header names a user" 200 "$(st -H 'X-Remote-User: kvalitet' "$B/")"
grep -q "Karin Kvist" "$T/body"
expect "the page shows that user" 0 $?
expect "API as the header user" 200 \
    "$(st -H 'X-Remote-User: kvalitet' "$B/api/v1/me")"
grep -q '"username":"kvalitet"' "$T/body"
expect "API names the header user" 0 $?
expect "unknown user: not logged in" 401 \
    "$(st -H 'X-Remote-User: nobody' "$B/api/v1/me")"
expect "roles still apply (quality is no admin)" 403 \
    "$(st -H 'X-Remote-User: kvalitet' "$B/admin/users")"
# a form: the session cookie and CSRF token the server set for the user
J=$T/jar
st -c "$J" -b "$J" -H 'X-Remote-User: kvalitet' "$B/api/v1/me" >/dev/null
CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$T/body")
expect "POST without CSRF is refused" 403 \
    "$(st -c "$J" -b "$J" -H 'X-Remote-User: kvalitet' -d lang=en \
        "$B/account/lang")"
expect "POST with CSRF passes" 303 \
    "$(st -c "$J" -b "$J" -H 'X-Remote-User: kvalitet' \
        --data-urlencode "_csrf=$CSRF" -d lang=sv "$B/account/lang")"
# the same cookie without the header no longer counts
expect "cookie without the header: logged out" 303 \
    "$(st -c "$J" -b "$J" "$B/")"
# another user's header with the first user's cookie: the header wins
expect "header switches user" 200 \
    "$(st -c "$J" -b "$J" -H 'X-Remote-User: granskare' "$B/api/v1/me")"
grep -q '"username":"granskare"' "$T/body"
expect "switched to the header's user" 0 $?

# off by default: the header is ignored
start "$T/plain.out"
B=http://127.0.0.1:$PORT
expect "without --auth-header the header is ignored" 401 \
    "$(st -H 'X-Remote-User: admin' "$B/api/v1/me")"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
