#!/bin/sh
# bench/run.sh: `make bench`. Builds bench/hello.c, generates a large
# organisation (bench/gen.sh), serves it with build/ska, logs in as a
# generated user with a role and measures with wrk (64 connections, 2 wrk
# threads, 10 s, each measurement 3 times, median reported):
#   hello   bench/hello.c, a bare libmicrohttpd "hello" with ska's threading
#   start   GET / as the logged-in user
#   static  GET /static/css/ska.css
# then reads ska's resident memory from /proc/PID/status.
# Environment: SKA_BIN (build/ska), BENCH_DURATION (10s), BENCH_CONNS (64),
# BENCH_RUNS (3), BENCH_USER (bench.00001), BENCH_INDICATORS (1: also run
# bench/indicators.sh), BENCH_CASES (1: also run bench/cases.sh). Both
# servers take free ports.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
SKA=${SKA_BIN:-build/ska}
DUR=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-64}
RUNS=${BENCH_RUNS:-3}
USER_=${BENCH_USER:-bench.00001}
PASSWORD=exempel-2026
OUT=build/bench

for t in wrk curl sqlite3 pkg-config; do
    command -v $t >/dev/null || { echo "bench: $t is missing" >&2; exit 1; }
done
mkdir -p $OUT
TMP=$(mktemp -d)
SKA_PID= HELLO_PID=
cleanup() {
    [ -n "$SKA_PID" ] && kill "$SKA_PID" 2>/dev/null && wait "$SKA_PID" 2>/dev/null
    [ -n "$HELLO_PID" ] && kill "$HELLO_PID" 2>/dev/null && wait "$HELLO_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

echo "== building bench/hello.c"
cc -std=c17 -O2 -g -Wall -Wextra -D_GNU_SOURCE \
    $(pkg-config --cflags libmicrohttpd) -o $OUT/hello bench/hello.c \
    $(pkg-config --libs libmicrohttpd) -lpthread

echo "== generating the organisation"
bench/gen.sh "$TMP/bench.db" "$SKA"
sqlite3 "$TMP/bench.db" "SELECT printf('   %d units, %d users, %d role assignments',
    (SELECT count(*) FROM org_unit), (SELECT count(*) FROM app_user),
    (SELECT count(*) FROM role_assignment));"
"$SKA" check --db "$TMP/bench.db" | sed 's/^/   /'

echo "== starting ska and hello (free ports)"
"$SKA" serve --db "$TMP/bench.db" --listen 127.0.0.1:0 >"$TMP/ska.log" 2>&1 &
SKA_PID=$!
$OUT/hello 0 >"$TMP/hello.log" 2>&1 &
HELLO_PID=$!
PORT=$(bench_wait_port "$TMP/ska.log" $SKA_PID)
HPORT=$(bench_wait_port "$TMP/hello.log" $HELLO_PID)
echo "   ska pid $SKA_PID on port $PORT, hello pid $HELLO_PID on port $HPORT"

echo "== logging in as $USER_"
JAR=$TMP/cookies
curl -s -c "$JAR" -b "$JAR" -o "$TMP/login.html" "http://127.0.0.1:$PORT/login"
CSRF=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$TMP/login.html" | head -n 1)
[ -n "$CSRF" ] || { echo "bench: no _csrf in the log-in form" >&2; exit 1; }
code=$(curl -s -c "$JAR" -b "$JAR" -o "$TMP/login-post.html" -w '%{http_code}' \
    --data-urlencode "_csrf=$CSRF" --data-urlencode "username=$USER_" \
    --data-urlencode "password=$PASSWORD" "http://127.0.0.1:$PORT/login")
SESSION=$(awk '$6 == "ska_session" { print $7 }' "$JAR")
[ "$code" = 303 ] || [ "$code" = 302 ] || { echo "bench: log-in answered $code" >&2; grep -o "error-summary.*" "$TMP/login-post.html" >&2; exit 1; }
[ -n "$SESSION" ] || { echo "bench: no session cookie after log-in" >&2; exit 1; }
COOKIE="Cookie: ska_session=$SESSION"
code=$(curl -s -o "$TMP/start.html" -w '%{http_code}' -H "$COOKIE" "http://127.0.0.1:$PORT/")
[ "$code" = 200 ] || { echo "bench: start page answered $code" >&2; exit 1; }
grep -q "$USER_\|Bänk Användare 1\b" "$TMP/start.html" ||
    echo "   (note: the start page does not name the user)"
echo "   start page: $(wc -c <"$TMP/start.html") bytes"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/static/css/ska.css")
[ "$code" = 200 ] || { echo "bench: static asset answered $code" >&2; exit 1; }

# to_ms VALUE: wrk's "1.23ms" / "456.00us" / "1.20s" in milliseconds
to_ms() {
    echo "$1" | awk '{ v = $1 + 0
        if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v = v;
        else if ($1 ~ /m$/) v *= 60000; else if ($1 ~ /s$/) v *= 1000
        printf "%.2f", v }'
}
# median A B C
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# wrk_once NAME RUN URL [HEADER]: one wrk run; appends to NAME_rps etc.
hello_rps= hello_p50= hello_p99= start_rps= start_p50= start_p99=
static_rps= static_p50= static_p99=
wrk_once() {
    name=$1 run=$2 url=$3 hdr=${4:-}
    f=$TMP/wrk-$name-$run.txt
    if [ -n "$hdr" ]; then
        wrk -t2 -c$CONNS -d$DUR --latency -H "$hdr" "$url" >"$f"
    else
        wrk -t2 -c$CONNS -d$DUR --latency "$url" >"$f"
    fi
    r=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
    a=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
    b=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
    bad=$(awk '/Non-2xx or 3xx/ { print $NF }' "$f")
    errs=$(awk '/Socket errors/' "$f")
    printf '   %-6s run %d: %10s req/s, p50 %6s ms, p99 %6s ms%s%s\n' \
        "$name" "$run" "$r" "$a" "$b" "${bad:+, $bad non-2xx}" "${errs:+, $errs}"
    cp "$f" $OUT/
    eval "${name}_rps=\"\$${name}_rps $r\" ${name}_p50=\"\$${name}_p50 $a\"" \
        "${name}_p99=\"\$${name}_p99 $b\""
}

# the three measurements alternate, so that load from elsewhere on the
# machine falls on all of them alike; the median of the runs is reported
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== wrk -t2 -c$CONNS -d$DUR --latency, $RUNS rounds (load average $LOAD0)"
for run in $(seq 1 $RUNS); do
    wrk_once hello $run "http://127.0.0.1:$HPORT/"
    wrk_once start $run "http://127.0.0.1:$PORT/" "$COOKIE"
    wrk_once static $run "http://127.0.0.1:$PORT/static/css/ska.css"
done
for n in hello start static; do
    for k in rps p50 p99; do
        eval "${n}_$k=\$(median \$${n}_$k)"
    done
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$SKA_PID/status)
hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/$SKA_PID/status)
thr=$(awk '/^Threads:/ { print $2 }' /proc/$SKA_PID/status)
ratio=$(awk -v s="$start_rps" -v h="$hello_rps" 'BEGIN { printf "%.1f", 100 * s / h }')

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $cpu, ska $thr threads)"
echo "load average before $LOAD0, after $LOAD1 (other processes on the machine skew the figures)"
printf '%-28s %12s %10s %10s\n' "median of $RUNS runs" "req/s" "p50 ms" "p99 ms"
printf '%-28s %12s %10s %10s\n' "hello (bare libmicrohttpd)" "$hello_rps" "$hello_p50" "$hello_p99"
printf '%-28s %12s %10s %10s\n' "start page, logged in" "$start_rps" "$start_p50" "$start_p99"
printf '%-28s %12s %10s %10s\n' "static /static/css/ska.css" "$static_rps" "$static_p50" "$static_p99"
echo "start / hello: $ratio %"
echo "ska resident memory: VmRSS $((rss / 1024)) MB, peak VmHWM $((hwm / 1024)) MB ($hwm kB)"
ok() { if [ "$1" = 1 ]; then echo met; else echo "NOT met"; fi; }
echo "target start >= 40 % of hello:  $(ok $(awk -v r="$ratio" 'BEGIN { print (r >= 40) }'))"
echo "target start p99 < 20 ms:       $(ok $(awk -v p="$start_p99" 'BEGIN { print (p < 20) }'))"
echo "target peak RSS < 64 MB:        $(ok $((hwm < 65536)))"

# the indicator benchmarks (SPC, the 1,000-indicator dashboard, import);
# BENCH_INDICATORS=0 skips them
if [ "${BENCH_INDICATORS:-1}" = 1 ]; then
    echo
    SKA_BIN="$SKA" bench/indicators.sh
fi

# the case benchmarks (1,000,000 cases: list, search, report throughput);
# BENCH_CASES=0 skips them
if [ "${BENCH_CASES:-1}" = 1 ]; then
    echo
    SKA_BIN="$SKA" bench/cases.sh
fi
