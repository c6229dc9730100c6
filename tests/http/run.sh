#!/bin/sh
# HTTP integration tests: runs the real `ska serve` on a free loopback port
# with a temporary demo database and checks log-in, sessions, throttling,
# CSRF, the authorisation matrix (tests/http/authz.txt), errors, headers,
# static assets, the API, audit, backup and the CLI contract.
# Run from the repository root: SKA_BIN=build/ska tests/http/run.sh
# The last line is "N passed, N failed"; exit 1 when anything failed.
set -u

SKA=${SKA_BIN:-build/ska}
HERE=tests/http
PASS=0
FAIL=0
PW=exempel-2026
SRV_PID=

T=$(mktemp -d "${TMPDIR:-/tmp}/ska-http.XXXXXX") || exit 1
DB=$T/ska.db

cleanup() {
    if [ -n "$SRV_PID" ]; then
        kill -TERM "$SRV_PID" 2>/dev/null
        wait "$SRV_PID" 2>/dev/null
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { PASS=$((PASS + 1)); }
bad() {
    FAIL=$((FAIL + 1))
    echo "FAIL: $*"
}
# check DESC COMMAND...: passes when the command succeeds.
check() {
    d=$1
    shift
    if "$@"; then ok; else bad "$d"; fi
}

# ---- requests ----
# req JAR METHOD URL [curl args]: $ST is the status, $T/h the headers,
# $T/b the body. JAR "-" sends no cookies.
req() {
    _j=$1 _m=$2 _u=$3
    shift 3
    if [ "$_j" != - ]; then set -- -b "$_j" -c "$_j" "$@"; fi
    if [ "$_m" != GET ]; then set -- -X "$_m" "$@"; fi
    ST=$(curl -s -g -o "$T/b" -D "$T/h" -w '%{http_code}' --max-time 20 \
        "$@" "$BASE$_u") || ST=000
    NREQ=$((NREQ + 1))
    sec_headers || bad "security headers missing on $_m $_u ($ST)"
}
NREQ=0

hdr() { # hdr NAME: the value of response header NAME
    tr -d '\r' <"$T/h" | sed -n "s/^$1: *//Ip" | head -n 1
}
sec_headers() {
    _c=$(hdr Content-Security-Policy)
    case $_c in *"frame-ancestors 'none'"*) ;; *) return 1 ;; esac
    case $_c in *unsafe-inline*) return 1 ;; esac
    [ "$(hdr X-Content-Type-Options)" = nosniff ] && [ -n "$(hdr Referrer-Policy)" ]
}
body_has() { grep -qF -- "$1" "$T/b"; }
# expect DESC STATUS [LOCATION]: checks the last response.
expect() {
    if [ "$ST" != "$2" ]; then
        bad "$1: status $ST, want $2"
        return 1
    fi
    if [ $# -ge 3 ] && [ "$(hdr Location)" != "$3" ]; then
        bad "$1: Location '$(hdr Location)', want '$3'"
        return 1
    fi
    ok
}

# form_csrf: the _csrf hidden field of the last response.
form_csrf() {
    tr '<' '\n' <"$T/b" | grep 'name="_csrf"' | sed -n 's/.*value="\([^"]*\)".*/\1/p' | head -n 1
}
# me_csrf JAR: the session's CSRF token from /api/v1/me.
me_csrf() {
    req "$1" GET /api/v1/me
    sed -n 's/.*"csrf_token" *: *"\([^"]*\)".*/\1/p' "$T/b"
}
# login USER JAR: a fresh jar with a session for USER; prints nothing.
login() {
    rm -f "$2"
    req "$2" GET /login
    _lc=$(form_csrf)
    req "$2" POST /login --data-urlencode "_csrf=$_lc" \
        --data-urlencode "username=$1" --data-urlencode "password=$PW"
    [ "$ST" = 303 ] || bad "log-in as $1: status $ST"
}

# ---- set-up ----
"$SKA" init --db "$DB" >/dev/null || { echo "ska init failed"; exit 1; }
"$SKA" demo --db "$DB" >/dev/null || { echo "ska demo failed"; exit 1; }
echo "$PW" | "$SKA" user add --db "$DB" --username vce.admin \
    --name "VCE Admin" --role admin --unit VCE --password-stdin >/dev/null ||
    { echo "ska user add failed"; exit 1; }
TOKEN=$("$SKA" token create --db "$DB" --username admin | tail -n 1)
# an indicator of Region Exempel with 24 months at ECT and a shift at month
# 19 (HTTP-IND1; the name carries markup that must come out escaped)
sqlite3 "$DB" "
INSERT INTO indicator (provider_id, code, name, description, unit, direction,
  dimension, source, periodicity, target_moderate, chart, multiply,
  created_at, updated_at)
VALUES ((SELECT id FROM org_unit WHERE code = 'RE'), 'HTTP-IND1',
  'Andel <b>testade</b>', 'Testindikator', '%', 'higher', 'safe', 'Test',
  'month', 30, 'p', 100, 0, 0);
WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 23)
INSERT INTO indicator_value (indicator_id, unit_id, period, numerator,
  denominator, value, updated_at)
SELECT (SELECT id FROM indicator WHERE code = 'HTTP-IND1'),
  (SELECT id FROM org_unit WHERE code = 'LVPS-ECT'),
  printf('%04d-%02d', 2023 + k / 12, k % 12 + 1),
  20 + (k * 7) % 9 + CASE WHEN k >= 18 THEN 25 ELSE 0 END, 100, NULL, 0
FROM m;
-- written around store_value_upsert: rebuild the rollup (migration 008)
DELETE FROM indicator_rollup;
WITH RECURSIVE x(aid, ind, period, nu, de, va) AS (SELECT unit_id,
  indicator_id, period, numerator, denominator, value FROM indicator_value
  UNION ALL SELECT o.parent_id, ind, period, nu, de, va FROM x JOIN org_unit o
  ON o.id = x.aid WHERE o.parent_id IS NOT NULL)
INSERT INTO indicator_rollup SELECT aid, ind, period, count(*), count(nu),
  coalesce(sum(nu), 0), count(de), coalesce(sum(de), 0), count(va),
  coalesce(sum(va), 0) FROM x GROUP BY aid, ind, period;
WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 23)
INSERT INTO indicator_national (indicator_id, period, value)
SELECT (SELECT id FROM indicator WHERE code = 'HTTP-IND1'),
  printf('%04d-%02d', 2023 + k / 12, k % 12 + 1), 25 FROM m;" ||
    { echo "indicator set-up failed"; exit 1; }

mkfifo "$T/out"
"$SKA" serve --db "$DB" --listen 127.0.0.1:0 >"$T/out" 2>"$T/server.log" &
SRV_PID=$!
PORT=$(sed -n 's|^ska: listening on http://127\.0\.0\.1:\([0-9]*\)/$|\1|p;q' <"$T/out")
# keep draining stdout so the server never blocks on it
cat "$T/out" >/dev/null &
if [ -z "$PORT" ]; then
    echo "the server did not start:"
    cat "$T/server.log"
    exit 1
fi
BASE=http://127.0.0.1:$PORT

# ---- log-in ----
J=$T/j.login
req "$J" GET /login
expect "GET /login" 200
CSRF=$(form_csrf)
check "login form has _csrf" [ -n "$CSRF" ]
check "GET /login sets ska_csrf" grep -qi '^set-cookie: ska_csrf=' "$T/h"

req "$J" POST /login --data-urlencode "_csrf=$CSRF" \
    --data-urlencode "username=admin" --data-urlencode "password=fel-losenord-1"
expect "wrong password" 401
check "wrong password: Swedish message" body_has "Fel användarnamn eller lösenord"
check "wrong password: username kept" grep -q 'value="admin"' "$T/b"

req "$J" POST /login --data-urlencode "username=admin" --data-urlencode "password=$PW"
expect "log-in without csrf" 403

req "$J" POST /login --data-urlencode "_csrf=$CSRF" \
    --data-urlencode "username=admin" --data-urlencode "password=$PW"
expect "log-in" 303 /
SC=$(grep -i '^set-cookie: ska_session=' "$T/h")
check "session cookie set" [ -n "$SC" ]
check "session cookie HttpOnly" sh -c 'case "$1" in *HttpOnly*) ;; *) exit 1;; esac' - "$SC"
check "session cookie SameSite" sh -c 'case "$1" in *SameSite=*) ;; *) exit 1;; esac' - "$SC"
req "$J" GET /
expect "GET / after log-in" 200

# ---- CSRF on a logged-in POST ----
SCSRF=$(me_csrf "$J")
check "/api/v1/me has csrf_token" [ -n "$SCSRF" ]
req "$J" POST /account/lang --data "lang=sv"
expect "POST /account/lang without _csrf" 403
req "$J" POST /account/lang --data "lang=sv&_csrf=wrong$SCSRF"
expect "POST /account/lang with a wrong _csrf" 403
req "$J" POST /account/lang --data-urlencode "_csrf=$SCSRF" --data "lang=sv"
expect "POST /account/lang with _csrf" 303

# ---- log-out ----
req "$J" POST /logout --data-urlencode "_csrf=$SCSRF"
expect "log-out" 303
req "$J" GET /
expect "GET / after log-out" 303 "/login?next=%2F"

# ---- session expiry ----
J=$T/j.idle
login personal "$J"
req "$J" GET /
expect "GET / before idle expiry" 200
sqlite3 "$DB" "UPDATE session SET last_seen = last_seen - 1900 WHERE user_id = (SELECT id FROM app_user WHERE username='personal')"
# The server caches a session for AUTHCACHE_TTL (10 s, src/web/authcache.h);
# a change made by another process takes effect after that.
sleep 11
req "$J" GET /
expect "idle session (31 min)" 303 "/login?next=%2F"
login personal "$J"
sqlite3 "$DB" "UPDATE session SET created_at = created_at - 46800 WHERE user_id = (SELECT id FROM app_user WHERE username='personal')"
req "$J" GET /
expect "old session (13 h)" 303 "/login?next=%2F"

# ---- throttling (chef.kard is outside the matrix) ----
J=$T/j.throttle
req "$J" GET /login
C=$(form_csrf)
i=1
while [ $i -le 5 ]; do
    req "$J" POST /login --data-urlencode "_csrf=$C" \
        --data-urlencode "username=chef.kard" --data-urlencode "password=fel-$i-abcdef"
    expect "failed log-in $i" 401
    i=$((i + 1))
done
req "$J" POST /login --data-urlencode "_csrf=$C" \
    --data-urlencode "username=chef.kard" --data-urlencode "password=$PW"
expect "6th log-in is throttled" 429
check "throttled: Retry-After" [ -n "$(hdr Retry-After)" ]

# ---- authorisation matrix ----
ROUTES=$T/routes
sed -n 's/.*{"\([A-Z]*\)", *"\([^"]*\)".*/\1 \2/p' src/web/route.c >"$ROUTES"
check "routes extracted from route.c" [ -s "$ROUTES" ]
grep -v '^#' "$HERE/authz.txt" | awk 'NF { print $1, $2 }' >"$T/matrix"
while read -r m p; do
    if grep -qxF "$m $p" "$T/matrix"; then ok; else
        bad "route $m $p has no line in $HERE/authz.txt"
    fi
done <"$ROUTES"

USERS="admin kvalitet chef.psyk handl.ect personal granskare anon"
col=5
for u in $USERS; do
    J=$T/j.m.$u
    if [ "$u" = anon ]; then
        rm -f "$J"
        req "$J" GET /login
        UC=$(form_csrf)
    else
        login "$u" "$J"
        UC=$(me_csrf "$J")
    fi
    grep -v '^#' "$HERE/authz.txt" | awk -v c=$col 'NF { print $1, $3, $4, $c }' >"$T/rows"
    while read -r m path body want; do
        body=$(printf %s "$body" | sed "s/@U@/$u/g")
        if [ "$body" = - ]; then
            if [ "$m" = GET ]; then
                req "$J" GET "$path"
            else
                req "$J" "$m" "$path" --data-urlencode "_csrf=$UC"
            fi
        else
            case $body in
            "{"*) req "$J" "$m" "$path" -H "Content-Type: application/json" \
                -H "X-CSRF-Token: $UC" --data-binary "$body" ;;
            *) req "$J" "$m" "$path" --data-urlencode "_csrf=$UC" --data "$body" ;;
            esac
        fi
        if [ "$ST" = "$want" ]; then ok; else
            bad "matrix: $u $m $path: status $ST, want $want"
        fi
        case "$u:$want:$path" in
        anon:303:*) [ "$(hdr Location)" = "/login?next=$(printf %s "$path" | sed 's|/|%2F|g')" ] ||
            [ "$m" != GET ] || bad "matrix: anon $m $path: Location '$(hdr Location)'" ;;
        anon:401:/api/*) body_has '"status":401' || bad "matrix: anon $m $path: no 401 JSON" ;;
        esac
        if [ "$m $path" = "POST /logout" ] && [ "$u" != anon ]; then
            login "$u" "$J" # the matrix goes on with a new session
            UC=$(me_csrf "$J")
        fi
    done <"$T/rows"
    col=$((col + 1))
done

# auditor reads the org tree, not admin pages (also in the matrix)
J=$T/j.m.granskare
req "$J" GET /api/v1/org-units
expect "auditor reads /api/v1/org-units" 200
check "auditor sees Region Exempel" body_has "Region Exempel"

# scope: an admin of Vårdcentralen Exempelby AB and a Region Exempel unit
RE_UNIT=$(sqlite3 "$DB" "SELECT id FROM org_unit WHERE code='LVPS'")
J=$T/j.vce
login vce.admin "$J"
req "$J" GET "/admin/units/$RE_UNIT"
expect "VCE admin: Region unit page" 403
req "$J" GET "/api/v1/org-units/$RE_UNIT"
expect "VCE admin: Region unit in the API" 404

# ---- indicators ----
J=$T/j.ind
login chef.psyk "$J"
req "$J" GET "/indicators/HTTP-IND1?unit=LVPS"
expect "indicator page" 200
check "indicator page has the SVG chart" body_has '<svg '
check "the chart has a title" body_has '<title id="ind-chart-t">'
check "the chart marks the shift (square)" body_has 'spc-pt-sigma'
check "the name is escaped" body_has 'Andel &lt;b&gt;testade&lt;/b&gt;'
check "no raw markup from data" sh -c '! grep -q "<b>testade" "$1"' - "$T/b"
check "the numbers table" body_has '<th scope="row">2024-12</th>'
req "$J" GET "/indicators/HTTP-IND1"
expect "indicator page, default unit" 200
req "$J" GET "/indicators/HTTP-IND1?unit=KARD"
expect "indicator page, unit outside the scope" 404
req "$J" GET "/indicators/NO-SUCH"
expect "unknown indicator" 404
req "$J" GET "/indicators?dimension=safe&q=testade"
expect "catalogue with filters" 200
check "catalogue lists HTTP-IND1" body_has 'href="/indicators/HTTP-IND1"'
req "$J" GET "/api/v1/indicators/HTTP-IND1/spc?unit=LVPS"
expect "SPC JSON" 200
check "SPC JSON has points" grep -q '"points" *: *\[{' "$T/b"
check "SPC JSON has the verdicts" grep -q '"variation"' "$T/b"
check "SPC JSON: p chart" grep -q '"chart" *: *"p"' "$T/b"
req "$J" GET "/api/v1/indicators/HTTP-IND1/values?unit=LVPS"
expect "values JSON" 200
check "values JSON: a period with its national average" \
    grep -q '"period" *: *"2023-01"' "$T/b"
req "$J" GET "/api/v1/indicators/HTTP-IND1/values?unit=KARD"
expect "values JSON outside the scope" 404
req "$J" GET "/api/v1/indicators?dimension=safe"
expect "catalogue JSON" 200
check "catalogue JSON lists HTTP-IND1" grep -q '"HTTP-IND1"' "$T/b"
IC=$(me_csrf "$J")
req "$J" POST /indicators/HTTP-IND1/baselines --data-urlencode "_csrf=$IC" \
    --data "unit=LVPS&b_kind=phase&b_period=2024-07&b_reason=&b_justification=Nytt+arbetss%C3%A4tt"
expect "baseline without a reason" 422
check "baseline: Swedish message" body_has "Ange skälet till beslutet."
check "baseline: typed values kept" body_has 'Nytt arbetssätt'
check "baseline: period kept" body_has 'value="2024-07"'
req "$J" POST /indicators/HTTP-IND1/baselines --data-urlencode "_csrf=$IC" \
    --data "unit=LVPS&b_kind=phase&b_period=2024-07&b_reason=Ny+rutin+<x>&b_justification=PDSA+3"
expect "baseline with a reason" 303 "/indicators/HTTP-IND1?unit=LVPS&ok=1"
req "$J" GET "/indicators/HTTP-IND1?unit=LVPS"
check "the baseline shows on the page" body_has 'Ny rutin &lt;x&gt;'
check "the new phase is drawn" body_has 'class="spc-phase"'
req "$J" POST /indicators/HTTP-IND1/annotations --data-urlencode "_csrf=$IC" \
    --data "unit=LVPS&a_kind=pdsa&a_period=2024-03&a_text=PDSA-cykel+1"
expect "annotation" 303
req "$J" GET "/indicators/HTTP-IND1?unit=LVPS"
check "the annotation shows as a marker" body_has 'class="spc-annot"'
req "$J" GET "/api/v1/indicators/HTTP-IND1/spc?unit=LVPS"
check "SPC JSON has two parts after the new phase" grep -q '"part" *: *2' "$T/b"
J=$T/j.ind2
login handl.ect "$J"
req "$J" POST /indicators/HTTP-IND1/baselines --data-urlencode "_csrf=$(me_csrf "$J")" \
    --data "b_kind=freeze&b_period=2024-01&b_reason=x"
expect "handler may not record baselines" 403

# ---- errors ----
J=$T/j.err
login admin "$J"
req "$J" GET /no/such/page
expect "unknown page" 404
check "404 page has the layout" body_has "SKA"
req "$J" GET /api/v1/nope
expect "unknown API path" 404
check "API 404 is JSON" grep -q '"error" *: *{.*"status" *: *404' "$T/b"
check "API 404 Content-Type json" sh -c 'case "$1" in application/json*) ;; *) exit 1;; esac' - "$(hdr Content-Type)"
head -c 1100000 /dev/zero | tr '\0' a >"$T/big"
req "$J" POST /account/lang -H "X-CSRF-Token: $(me_csrf "$J")" --data-binary "@$T/big"
expect "body over 1 MiB" 413
req "$J" GET "/?q=%FF"
expect "invalid UTF-8 in the query" 400
req "$J" GET "/?q=a%00b"
expect "NUL in the query" 400
req "$J" PUT /
expect "PUT /" 405

# ---- static assets ----
req - GET /static/css/ska.css
expect "GET ska.css" 200
ETAG=$(hdr ETag)
check "ska.css ETag" [ -n "$ETAG" ]
check "ska.css Cache-Control" [ -n "$(hdr Cache-Control)" ]
req - GET /static/css/ska.css -H "If-None-Match: $ETAG"
expect "ska.css If-None-Match" 304
req - GET /static/templates/layout.html
expect "templates are not served" 404

# ---- API token ----
RE_ID=$(sqlite3 "$DB" "SELECT id FROM org_unit WHERE code='RE'")
req - GET /api/v1/me -H "Authorization: Bearer $TOKEN"
expect "token: /api/v1/me" 200
check "token: username admin" grep -q '"username" *: *"admin"' "$T/b"
req - GET /api/v1/me -H "Authorization: Bearer x$TOKEN"
expect "bad token" 401
NEW='{"parent_id":'$RE_ID',"code":"TST","name":"Testenhet","kind":"unit"}'
req - POST /api/v1/org-units -H "Authorization: Bearer $TOKEN" \
    -H "Content-Type: application/json" --data-binary "$NEW"
expect "token: create unit without CSRF" 201
req - POST /api/v1/org-units -H "Authorization: Bearer $TOKEN" \
    -H "Content-Type: application/json" --data-binary "$NEW"
expect "token: same unit again" 409
req - POST /api/v1/org-units -H "Authorization: Bearer $TOKEN" \
    -H "Content-Type: application/json" \
    --data-binary '{"parent_id":'"$RE_ID"',"code":"bad code!","name":"","kind":"x"}'
expect "token: invalid unit" 422
check "422 has error.fields" grep -q '"fields"' "$T/b"
req - GET /api/v1/openapi.json
expect "openapi.json" 200
sed 's|\\/|/|g' "$T/b" >"$T/openapi.json"
grep ' /api/v1/' "$ROUTES" | while read -r m p; do
    grep -qF "\"$p\"" "$T/openapi.json" || echo "$m $p"
done >"$T/missing"
check "openapi.json lists every /api/v1 route (missing: $(cat "$T/missing"))" [ ! -s "$T/missing" ]

# ---- audit, backup, CLI (server running) ----
check "ska check while serving" "$SKA" check --db "$DB" >/dev/null 2>&1
check "ska backup" "$SKA" backup --db "$DB" --to "$T/backup.db" >/dev/null 2>&1
check "ska check on the backup" "$SKA" check --db "$T/backup.db" >/dev/null 2>&1
check "ska version" "$SKA" version >/dev/null 2>&1
check "ska init --help" "$SKA" init --help >/dev/null 2>&1
"$SKA" user add >/dev/null 2>&1
check "ska user add without args exits 2 (got $?)" [ $? -eq 2 ]
"$SKA" demo --db "$DB" >/dev/null 2>&1
check "ska demo on a non-empty db exits 1 (got $?)" [ $? -eq 1 ]
check "SKA_DB=... ska check" env SKA_DB="$DB" "$SKA" check >/dev/null 2>&1

# ---- stop the server ----
kill -TERM "$SRV_PID"
wait "$SRV_PID"
RC=$?
SRV_PID=
check "server exits 0 on SIGTERM (got $RC)" [ "$RC" -eq 0 ]
if grep -q 'ERROR: \(Address\|Leak\|Undefined\)Sanitizer\|runtime error:' "$T/server.log"; then
    bad "sanitizer report in the server log:"
    sed -n '/Sanitizer\|runtime error/,+20p' "$T/server.log" | head -n 40
else ok; fi

# ---- tampering is detected ----
sqlite3 "$DB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='x' WHERE id=2"
"$SKA" check --db "$DB" >"$T/check.out" 2>&1
RC=$?
check "ska check after tampering exits 1 (got $RC)" [ "$RC" -eq 1 ]
check "ska check names the entry" grep -q 'entry 2' "$T/check.out"

echo "http: $NREQ requests"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
