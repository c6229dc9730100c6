# lib.sh: what the HTTP flow suites share (sourced, POSIX sh): a temporary
# demo database, a server on a free loopback port, curl with a cookie jar
# per user, log-in, and pass/fail counting ending in "N passed, N failed".
#
#   . tests/http/lib.sh
#   suite_init NAME          temp dir $T, database $DB (init + demo)
#   server_start [OPTS...]   ska serve on 127.0.0.1:0; sets PID, PORT, B
#   st JAR ARGS...           curl: prints the status, body in $T/body
#   login USER               cookie jar $T/USER; prints the CSRF token
#   api METHOD PATH [JSON]   the API with "Authorization: Bearer $TOK"
#   expect DESC WANT GOT, has DESC TEXT, hasnt DESC TEXT
#   suite_end                prints the summary; exit status 1 on failure
# Extra processes to stop at exit go in $EXTRA_PIDS.
SKA=${SKA_BIN:-build/ska}
PASS=0
FAIL=0
PID=
EXTRA_PIDS=

suite_cleanup() {
    for p in $PID $EXTRA_PIDS; do
        kill -TERM "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    rm -rf "$T"
}

suite_init() {
    T=$(mktemp -d "${TMPDIR:-/tmp}/ska-$1.XXXXXX") || exit 1
    DB=$T/ska.db
    trap suite_cleanup EXIT
    trap 'exit 1' INT TERM
    "$SKA" init --db "$DB" >/dev/null && "$SKA" demo --db "$DB" >/dev/null ||
        exit 1
}

server_start() {
    : >"$T/out"
    "$SKA" serve --db "$DB" --listen 127.0.0.1:0 "$@" >"$T/out" 2>"$T/err" &
    PID=$!
    i=0
    while [ $i -lt 100 ]; do
        PORT=$(sed -n 's|^ska: listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$T/out")
        [ -n "$PORT" ] && break
        sleep 0.1
        i=$((i + 1))
    done
    if [ -z "$PORT" ]; then
        echo "the server did not start:"
        cat "$T/err"
        exit 1
    fi
    B=http://127.0.0.1:$PORT
}

expect() { # DESC WANT GOT
    if [ "$2" = "$3" ]; then
        PASS=$((PASS + 1))
    else
        FAIL=$((FAIL + 1))
        echo "FAIL: $1: got $3, want $2"
    fi
}

has() { # DESC TEXT: the last body contains TEXT
    if grep -q -- "$2" "$T/body"; then
        PASS=$((PASS + 1))
    else
        FAIL=$((FAIL + 1))
        echo "FAIL: $1: no \"$2\" in the page"
    fi
}

hasnt() {
    if grep -q -- "$2" "$T/body"; then
        FAIL=$((FAIL + 1))
        echo "FAIL: $1: \"$2\" in the page"
    else
        PASS=$((PASS + 1))
    fi
}

st() { # st JAR ARGS...: the status; the body in $T/body
    j=$1
    shift
    curl -s -b "$j" -c "$j" -o "$T/body" -w '%{http_code}' --max-time 10 "$@"
}

login() { # login USER: a cookie jar $T/USER; prints the CSRF token
    j=$T/$1
    st "$j" "$B/login" >/dev/null
    c=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -n 1)
    st "$j" --data-urlencode "_csrf=$c" -d "username=$1&password=exempel-2026" \
        "$B/login" >/dev/null
    st "$j" "$B/api/v1/me" >/dev/null
    sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$T/body"
}

api() { # api METHOD PATH [JSON]
    if [ $# -ge 3 ]; then
        curl -s -o "$T/body" -w '%{http_code}' --max-time 10 -X "$1" \
            -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
            --data "$3" "$B$2"
    else
        curl -s -o "$T/body" -w '%{http_code}' --max-time 10 -X "$1" \
            -H "Authorization: Bearer $TOK" "$B$2"
    fi
}

unit_id() { # the id of a unit code
    sqlite3 "$DB" "SELECT id FROM org_unit WHERE code = '$1'"
}

user_id() { # the id of a user name
    sqlite3 "$DB" "SELECT id FROM app_user WHERE username = '$1'"
}

suite_end() {
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}
