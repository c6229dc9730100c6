#!/bin/sh
# bench/cases.sh: `make bench-cases` (also run by bench/run.sh when
# BENCH_CASES=1). Deviation management with 1,000,000 cases:
#  a. a demo database (ska demo: about 5,500 cases) grown to BENCH_CASES_N
#     (1,000,000) cases with the sqlite3 CLI: copies of the demo cases with
#     new numbers and report times spread over ten years, inserted through
#     the cases table so that the FTS5 index is kept by its triggers;
#  b. as the quality coordinator `kvalitet` (scope: the whole region),
#     BENCH_CASES_REQ (30) requests each of the filtered list
#     /cases?view=units&state=investigating&type=deviation and of full-text
#     searches (/cases?view=units&q=insulindos, a selective word, and
#     q=patienten, a word in about a third of all cases): p50/p95 of curl's
#     time_total on loopback (target p95 < 50 ms);
#  c. report submission: POST /report with wrk (bench/report.lua), 8
#     connections, BENCH_DURATION (10s).
# Environment: SKA_BIN (build/ska), BENCH_CASES_N, BENCH_CASES_REQ,
# BENCH_DURATION, BENCH_KEEP_DB (a path: keep the generated database there),
# BENCH_CASES_DB (a path: measure a database kept earlier instead of
# generating one; it is copied first, since c. writes).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
SKA=${SKA_BIN:-build/ska}
N=${BENCH_CASES_N:-1000000}
NREQ=${BENCH_CASES_REQ:-30}
DUR=${BENCH_DURATION:-10s}
OUT=build/bench
mkdir -p $OUT
for t in wrk curl sqlite3; do
    command -v $t >/dev/null || { echo "bench: $t is missing" >&2; exit 1; }
done
TMP=$(mktemp -d)
SKA_PID=
cleanup() {
    [ -n "$SKA_PID" ] && kill "$SKA_PID" 2>/dev/null && wait "$SKA_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
DB=$TMP/cases.db

if [ -n "${BENCH_CASES_DB:-}" ]; then
echo "== a. (skipped: copying $BENCH_CASES_DB)"
cp "$BENCH_CASES_DB" "$DB"
"$SKA" init --db "$DB" >/dev/null # migrations newer than the kept database
else
echo "== a. $N cases"
t0=$(date +%s.%N)
"$SKA" init --db "$DB" >/dev/null
"$SKA" demo --db "$DB" >/dev/null
t1=$(date +%s.%N)
sqlite3 "$DB" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -500000;
BEGIN;
CREATE TEMP TABLE src AS SELECT row_number() OVER (ORDER BY id) AS k, *
  FROM cases;
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i
  WHERE n < $N - (SELECT count(*) FROM cases))
INSERT INTO cases (provider_id, number, type, state, unit_id, reporter_id,
    reporter_unit_id, confidential, handler_id, category_id, what,
    immediate_action, suggestion, occurred_at, discovered_at, reported_at,
    patient_affected, consequence, probability, system_fault, care_injury,
    serious, feedback, feedback_at, reason, state_since, closed_at,
    created_at, updated_at)
SELECT s.provider_id, printf('%04d-%06d', 2000 + i.n / 100000, i.n % 100000),
       s.type, s.state, s.unit_id, s.reporter_id, s.reporter_unit_id,
       s.confidential, s.handler_id, s.category_id, s.what,
       s.immediate_action, s.suggestion, t.r - 3600, t.r - 1800, t.r,
       s.patient_affected, s.consequence, s.probability, s.system_fault,
       s.care_injury, s.serious, s.feedback, s.feedback_at, s.reason,
       t.r + 86400, CASE WHEN s.closed_at IS NULL THEN NULL ELSE t.r + 86400
       END, t.r, t.r
FROM i JOIN src s ON s.k = 1 + i.n % (SELECT count(*) FROM src)
JOIN (SELECT n, unixepoch() - 3600 - abs(random() % (10 * 365 * 86400)) AS r
      FROM i) t ON t.n = i.n;
COMMIT;
PRAGMA optimize;
SQL
t2=$(date +%s.%N)
sqlite3 "$DB" "SELECT printf('   %d cases (%d in FTS), %d MB', (SELECT count(*) FROM cases),
    (SELECT count(*) FROM case_fts_docsize),
    (SELECT page_count * page_size / 1048576 FROM pragma_page_count, pragma_page_size));" 2>/dev/null ||
  sqlite3 "$DB" "SELECT count(*) FROM cases"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "   demo %.1f s, SQL growth %.1f s\n", b - a, c - b }'
"$SKA" check --db "$DB" | sed 's/^/   /'
if [ -n "${BENCH_KEEP_DB:-}" ]; then cp "$DB" "$BENCH_KEEP_DB"; fi
fi

: >"$TMP/ska.log"
"$SKA" serve --db "$DB" --listen 127.0.0.1:0 >"$TMP/ska.log" 2>&1 &
SKA_PID=$!
PORT=$(bench_wait_port "$TMP/ska.log" $SKA_PID)
URL=http://127.0.0.1:$PORT
COOKIE=$(bench_session kvalitet)

# timed NAME PATH: bench_timed as kvalitet with the list's hit count
timed() {
    bench_timed "$1" "$COOKIE" "$2" 50 's/.*data-total="\([0-9]*\)".*/\1/p'
}
echo "== b. as kvalitet, $NREQ requests each (target p95 < 50 ms)"
timed list "/cases?view=units&state=investigating&type=deviation"
timed list-all "/cases?view=units"
timed search "/cases?view=units&q=insulindos"
timed search2 "/cases?view=units&q=patienten"

echo "== c. POST /report with wrk -t2 -c8 -d$DUR"
curl -s -o "$TMP/report.html" -H "Cookie: $COOKIE" "$URL/report"
FORM_CSRF=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$TMP/report.html" | head -n 1)
UNIT=$(sqlite3 "$DB" "SELECT id FROM org_unit WHERE code = 'MED-AVD2'")
before=$(sqlite3 "$DB" "SELECT count(*) FROM cases")
BENCH_CSRF=$FORM_CSRF BENCH_COOKIE=$COOKIE BENCH_UNIT=$UNIT \
    wrk -t2 -c8 -d$DUR --latency -s bench/report.lua "$URL/report" >"$TMP/wrk.txt"
cp "$TMP/wrk.txt" $OUT/cases-report.txt
after=$(sqlite3 "$DB" "SELECT count(*) FROM cases")
awk '/^Requests\/sec:/ { r = $2 } $1 == "50%" { a = $2 } $1 == "99%" { b = $2 }
     /^status/ { s = s " " $0 } END { printf "   %s req/s, p50 %s, p99 %s;%s\n", r, a, b, s }' "$TMP/wrk.txt"
echo "   cases filed: $((after - before))"
