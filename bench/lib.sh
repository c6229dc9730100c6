# bench/lib.sh: what the benchmark scripts share; sourced, not run.
# Needs TMP (a scratch directory) and, for bench_session and bench_timed,
# URL (the server's base URL) and NREQ (requests per measurement).

# bench_wait_port LOG PID: the port from ska's "listening on
# http://127.0.0.1:PORT/" line in LOG, waiting up to 10 s
bench_wait_port() {
    i=0
    while :; do
        p=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$1" 2>/dev/null || true)
        [ -n "$p" ] && { echo "$p"; return; }
        kill -0 "$2" 2>/dev/null || { echo "bench: server exited: $(cat "$1")" >&2; exit 1; }
        i=$((i + 1))
        [ $i -lt 100 ] || { echo "bench: the server does not listen" >&2; exit 1; }
        sleep 0.1
    done
}

# bench_session USER: log in as the demo user, print "ska_session=..."
bench_session() {
    jar=$TMP/jar.$1
    curl -s -c "$jar" -b "$jar" -o "$TMP/login.html" "$URL/login"
    csrf=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$TMP/login.html" | head -n 1)
    code=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
        --data-urlencode "_csrf=$csrf" --data-urlencode "username=$1" \
        --data-urlencode "password=exempel-2026" "$URL/login")
    [ "$code" = 303 ] || { echo "bench: log-in of $1 answered $code" >&2; exit 1; }
    echo "ska_session=$(awk '$6 == "ska_session" { print $7 }' "$jar")"
}

# bench_timed NAME COOKIE PATH TARGET_MS [HITS_SED]: NREQ requests after
# one warm-up, p50/p95 of curl's time_total in ms against the target (0:
# none); HITS_SED, a sed -n script, picks the hit count from the page.
bench_timed() {
    code=$(curl -s -o "$TMP/page.html" -w '%{http_code}' -H "Cookie: $2" "$URL$3")
    [ "$code" = 200 ] || { echo "bench: $3 answered $code" >&2; exit 1; }
    hits=
    [ -n "${5:-}" ] && hits=$(sed -n "$5" "$TMP/page.html" | head -n 1)
    for k in $(seq 1 "$NREQ"); do
        curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $2" "$URL$3"
    done | sort -g | awk -v n="$1" -v p="$3" -v h="$hits" -v t="$4" '{ a[NR] = $1 * 1000 }
        END { p50 = a[int((NR + 1) / 2)]; p95 = a[int(NR * 0.95 + 0.999)]
              v = t == 0 ? "no target" : (p95 < t ? "met" : "NOT met")
              printf "   %-12s p50 %7.1f ms  p95 %7.1f ms  %s%s  %s\n", n, p50,
                     p95, v, (h != "" ? ", " h " hits" : ""), p }'
}
