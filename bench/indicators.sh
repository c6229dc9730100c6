#!/bin/sh
# bench/indicators.sh: `make bench-indicators` (also run by bench/run.sh
# when BENCH_INDICATORS=1). Three measurements, figures in bench/README.md:
#  a. build/bench/spc_bench: spc_compute over BENCH_SPC_SERIES (100,000)
#     series of 60 points for every chart type, pinned to one core;
#  b. the dashboard of a region with 1,000 indicators x 300 units x 60
#     months (18 million value rows, generated with the sqlite3 CLI):
#     BENCH_DASH_N (20) requests of GET /dashboard?unit=RE as the auditor
#     granskare (read scope: the whole region), p50/p95 of curl's
#     time_total on loopback;
#  c. `ska import indicators` of 1,000,000 value rows, when the command
#     exists.
# Environment: SKA_BIN (build/ska), BENCH_SPC_SERIES, BENCH_DASH_N,
# BENCH_IND (1000), BENCH_MONTHS (60), BENCH_SKIP_DASH=1.
set -eu
cd "$(dirname "$0")/.."
SKA=${SKA_BIN:-build/ska}
OUT=build/bench
NSERIES=${BENCH_SPC_SERIES:-100000}
NREQ=${BENCH_DASH_N:-20}
NIND=${BENCH_IND:-1000}
MONTHS=${BENCH_MONTHS:-60}
mkdir -p $OUT
TMP=$(mktemp -d)
SKA_PID=
cleanup() {
    [ -n "$SKA_PID" ] && kill "$SKA_PID" 2>/dev/null && wait "$SKA_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

echo "== a. SPC: $NSERIES series x 60 points per chart type, one core"
PKGS="libmicrohttpd sqlite3 jansson libsodium libcmark-gfm xlsxwriter libcurl"
LIBSKA=${LIBSKA:-$(dirname "$SKA")/libska.a}
cc -std=c17 -O2 -g -Wall -Wextra -D_GNU_SOURCE -Isrc -Isrc/lib \
    -o $OUT/spc_bench bench/spc_bench.c "$LIBSKA" \
    $(pkg-config --libs $PKGS) -lcmark-gfm-extensions -lcsv -lm -lpthread
taskset -c 0 $OUT/spc_bench "$NSERIES" | tee $OUT/spc_bench.txt | sed 's/^/   /'

[ "${BENCH_SKIP_DASH:-0}" = 1 ] && exit 0

echo "== b. dashboard: $NIND indicators x 300 units x $MONTHS months"
t0=$(date +%s.%N)
BENCH_USERS=100 bench/gen.sh "$TMP/ind.db" "$SKA"
sqlite3 "$TMP/ind.db" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -500000;
BEGIN;
-- the demo's 18 indicators plus generated ones up to $NIND, all of Region
-- Exempel; a third each p (%), u (per 1 000) and i charts
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k
  WHERE i < $NIND - (SELECT count(*) FROM indicator))
INSERT INTO indicator (provider_id, code, name, unit, direction, dimension,
    chart, multiply, target_moderate, created_at, updated_at)
SELECT (SELECT id FROM org_unit WHERE code = 'RE'), printf('BENCH-%04d', i),
       printf('Bänkindikator %d', i),
       CASE i % 3 WHEN 0 THEN '%' WHEN 1 THEN 'per 1 000' ELSE 'dagar' END,
       CASE i % 2 WHEN 0 THEN 'higher' ELSE 'lower' END, 'safe',
       CASE i % 3 WHEN 0 THEN 'p' WHEN 1 THEN 'u' ELSE 'i' END,
       CASE i % 3 WHEN 0 THEN 100 WHEN 1 THEN 1000 ELSE 1 END,
       CASE i % 3 WHEN 0 THEN 50 WHEN 1 THEN 40 ELSE 25 END, 0, 0
FROM k;
INSERT INTO indicator_focus
SELECT i.id, f.id FROM indicator i JOIN focus_area f
  ON f.id = (SELECT min(id) FROM focus_area) + i.id % 9
WHERE i.code LIKE 'BENCH-%';
-- every indicator has a value for every unit of the region and month,
-- inserted in primary-key order
DELETE FROM indicator_value;
DELETE FROM indicator_national;
CREATE TEMP TABLE m AS WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL
  SELECT i + 1 FROM m WHERE i < $MONTHS - 1)
  SELECT printf('%04d-%02d', 2021 + i / 12, 1 + i % 12) AS period FROM m;
CREATE TEMP TABLE ru AS SELECT id FROM org_unit
  WHERE path LIKE (SELECT path FROM org_unit WHERE code = 'RE') || '%'
  ORDER BY id;
INSERT INTO indicator_value
SELECT i.id, u.id, m.period,
       CASE WHEN i.chart = 'i' THEN NULL ELSE abs(random() % 60) END,
       CASE WHEN i.chart = 'i' THEN NULL ELSE 120 END,
       CASE WHEN i.chart = 'i' THEN 20 + abs(random() % 10) END, 0
FROM indicator i CROSS JOIN ru u CROSS JOIN m ORDER BY 1, 2, 3;
INSERT INTO indicator_national
SELECT i.id, m.period, 30 + abs(random() % 10) FROM indicator i CROSS JOIN m;
COMMIT;
SQL
t1=$(date +%s.%N)
# the values went around store_value_upsert, so the rollup (migration 008)
# is rebuilt with the statement of store_indicator_rollup_rebuild
sqlite3 "$TMP/ind.db" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -500000;
BEGIN;
DELETE FROM indicator_rollup;
WITH RECURSIVE x(aid, ind, period, nu, de, va) AS (SELECT unit_id,
    indicator_id, period, numerator, denominator, value FROM indicator_value
    UNION ALL SELECT o.parent_id, ind, period, nu, de, va FROM x
    JOIN org_unit o ON o.id = x.aid WHERE o.parent_id IS NOT NULL)
INSERT INTO indicator_rollup SELECT aid, ind, period, count(*), count(nu),
    coalesce(sum(nu), 0), count(de), coalesce(sum(de), 0), count(va),
    coalesce(sum(va), 0) FROM x GROUP BY aid, ind, period;
COMMIT;
SQL
t2=$(date +%s.%N)
sqlite3 "$TMP/ind.db" "SELECT printf('   %d indicators, %d value rows, %.0f MB; generated in %.0f s',
    (SELECT count(*) FROM indicator), (SELECT count(*) FROM indicator_value),
    (SELECT page_count * page_size / 1e6 FROM pragma_page_count, pragma_page_size), $t1 - $t0);
    SELECT printf('   rollup rebuilt in %.0f s: %d rows', $t2 - $t1, (SELECT count(*) FROM indicator_rollup));"

"$SKA" serve --db "$TMP/ind.db" --listen 127.0.0.1:0 >"$TMP/ska.log" 2>&1 &
SKA_PID=$!
i=0
while :; do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$TMP/ska.log")
    [ -n "$PORT" ] && break
    i=$((i + 1)); [ $i -lt 100 ] || { echo "bench: ska does not listen" >&2; exit 1; }
    sleep 0.1
done
JAR=$TMP/cookies
curl -s -c "$JAR" -b "$JAR" -o "$TMP/login.html" "http://127.0.0.1:$PORT/login"
CSRF=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$TMP/login.html" | head -n 1)
curl -s -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode "_csrf=$CSRF" \
    --data-urlencode "username=granskare" --data-urlencode "password=exempel-2026" \
    "http://127.0.0.1:$PORT/login"
URL="http://127.0.0.1:$PORT/dashboard?unit=RE"
code=$(curl -s -b "$JAR" -o "$TMP/dash.html" -w '%{http_code}' "$URL")
[ "$code" = 200 ] || { echo "bench: /dashboard answered $code" >&2; exit 1; }
echo "   /dashboard?unit=RE: $(wc -c <"$TMP/dash.html") bytes," \
     "$(grep -c 'class="dash-row' "$TMP/dash.html") rows"
: >"$TMP/times"
for k in $(seq 1 "$NREQ"); do
    curl -s -b "$JAR" -o /dev/null -w '%{time_total}\n' "$URL" >>"$TMP/times"
done
sort -g "$TMP/times" | awk -v n="$NREQ" '{ a[NR] = $1 * 1000 }
    END { p50 = a[int((n + 1) / 2)]; i95 = int(0.95 * n + 0.999); if (i95 < 1) i95 = 1
          printf "   %d requests: p50 %.0f ms, p95 %.0f ms, min %.0f, max %.0f ms\n", n, p50, a[i95], a[1], a[n]
          printf "   target p95 < 200 ms: %s\n", a[i95] < 200 ? "met" : "NOT met" }' |
    tee $OUT/dashboard.txt
kill "$SKA_PID"; wait "$SKA_PID" 2>/dev/null || true; SKA_PID=

# What a rollup maintained on import would give: the region's series of
# every indicator precomputed (one row per indicator and period), so the
# dashboard reads 60,000 rows by key instead of aggregating 18 million.
echo "== b2. the region rollup built by hand, as measured before migration 008"
sqlite3 "$TMP/ind.db" <<SQL | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' >"$TMP/rollup"
.timer on
CREATE TABLE bench_rollup (indicator_id INTEGER, unit_id INTEGER,
    period TEXT, numerator REAL, denominator REAL, value_sum REAL,
    value_n INTEGER, PRIMARY KEY (indicator_id, unit_id, period))
    WITHOUT ROWID;
INSERT INTO bench_rollup SELECT v.indicator_id,
    (SELECT id FROM org_unit WHERE code = 'RE'), v.period, sum(v.numerator),
    sum(v.denominator), sum(v.value), count(v.value)
    FROM indicator_value v GROUP BY v.indicator_id, v.period;
SELECT count(*), sum(numerator) FROM bench_rollup
    WHERE unit_id = (SELECT id FROM org_unit WHERE code = 'RE');
SQL
awk 'NR == 2 { b = $1 } NR == 3 { r = $1 }
     END { printf "   building the region rollup once: %.1f s; reading all 1,000 series from it: %.0f ms\n", b, r * 1000 }' \
    "$TMP/rollup" | tee -a $OUT/dashboard.txt

echo "== c. import of 1,000,000 value rows"
if "$SKA" import indicators --help >/dev/null 2>&1; then
    sqlite3 -csv -header "$TMP/ind.db" "SELECT i.code AS indicator, u.code AS unit,
        v.period, v.numerator, v.denominator, v.value
        FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id
        JOIN org_unit u ON u.id = v.unit_id LIMIT 1000000" >"$TMP/values.csv"
    # into the same catalogue, emptied of values (and so of rollup rows),
    # so that every row is new
    sqlite3 "$TMP/ind.db" "DELETE FROM indicator_value; DELETE FROM indicator_rollup;"
    /usr/bin/time -f '   %e s, %M kB peak' "$SKA" import indicators --db "$TMP/ind.db" "$TMP/values.csv"
else
    echo "   ska import indicators is not available in this build: not measured"
fi
