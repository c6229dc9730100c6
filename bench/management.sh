#!/bin/sh
# bench/management.sh: `make bench-management`. The management system at
# scale:
#  a. a demo database grown with the sqlite3 CLI to BENCH_DOCS_N (50,000)
#     controlled documents with 5 versions each (4 archived, 1 approved;
#     Swedish titles and Markdown bodies from word lists, a rare word in one
#     document of 500), spread over the region's units, linked to one of
#     BENCH_PROCS_N (5,000) generated processes each, review dates spread
#     over six years (about a third past), and the FTS index filled;
#  b. document search against the real server with curl, BENCH_DOCS_REQ
#     (30) requests each after a warm-up, p50/p95 of time_total on loopback
#     (target p95 < 30 ms): as the quality coordinator `kvalitet` (scope: the
#     whole administration) the default list, a common word, a rare word,
#     a prefix, a type (whose titles sort together), type + unit, the few
#     archived, latest changed, overdue by review date, a process, one
#     owner's (the responsibility page's link), a far page; as `personal`
#     (staff of one enhet) a common word;
#  c. the status of the management system for the whole region,
#     GET /status?unit=RE as the auditor `granskare` (read scope: the
#     region), with and without the comparison with a saved snapshot, and
#     the list behind one figure, and the responsibility page of the
#     region (target p95 < 100 ms each).
# Environment: SKA_BIN (build/ska), BENCH_DOCS_N, BENCH_PROCS_N,
# BENCH_DOCS_REQ, BENCH_KEEP_DB (keep the generated database at that path),
# BENCH_DOCS_DB (measure a database kept earlier instead of generating one).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
SKA=${SKA_BIN:-build/ska}
N=${BENCH_DOCS_N:-50000}
NP=${BENCH_PROCS_N:-5000}
NREQ=${BENCH_DOCS_REQ:-30}
for t in curl sqlite3; do
    command -v $t >/dev/null || { echo "bench: $t is missing" >&2; exit 1; }
done
TMP=$(mktemp -d)
SKA_PID=
cleanup() {
    [ -n "$SKA_PID" ] && kill "$SKA_PID" 2>/dev/null && wait "$SKA_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
DB=$TMP/management.db

if [ -n "${BENCH_DOCS_DB:-}" ]; then
echo "== a. (skipped: copying $BENCH_DOCS_DB)"
cp "$BENCH_DOCS_DB" "$DB"
"$SKA" init --db "$DB" >/dev/null
else
echo "== a. $N documents x 5 versions, $NP processes"
t0=$(date +%s.%N)
"$SKA" init --db "$DB" >/dev/null
"$SKA" demo --db "$DB" >/dev/null
t1=$(date +%s.%N)
sqlite3 "$DB" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -500000;
BEGIN;
CREATE TEMP TABLE topic(k INTEGER PRIMARY KEY, t TEXT);
INSERT INTO topic(t) VALUES ('läkemedelshantering'), ('vårdhygien'),
  ('fallprevention'), ('trycksårsprevention'), ('nutrition'),
  ('smärtskattning'), ('suicidriskbedömning'), ('tvångsvård'),
  ('ECT-behandling'), ('ADHD-utredning'), ('hjärtsviktsuppföljning'),
  ('diabetesfotvård'), ('insulinbehandling'), ('blodtransfusion'),
  ('sepsislarm'), ('utskrivning'), ('inskrivning'), ('journalföring'),
  ('informationssäkerhet'), ('avvikelsehantering'), ('riskanalys'),
  ('egenkontroll'), ('klagomålshantering'), ('hot och våld'),
  ('brandskydd'), ('medicinteknik'), ('kompetensförsörjning'),
  ('introduktion av nyanställda'), ('delegering'), ('basala hygienrutiner'),
  ('provtagning'), ('remisshantering'), ('samordnad individuell plan'),
  ('palliativ vård'), ('barn som anhöriga'), ('tolkanvändning'),
  ('identitetskontroll'), ('läkemedelsgenomgång'), ('vårdplanering'),
  ('patientinformation');
CREATE TEMP TABLE kindw(k INTEGER PRIMARY KEY, t TEXT, ty TEXT);
INSERT INTO kindw(t, ty) VALUES ('Rutin för', 'routine'),
  ('Riktlinje för', 'guideline'), ('Instruktion för', 'instruction'),
  ('Checklista för', 'checklist'), ('Vårdprogram för', 'care_programme'),
  ('Policy för', 'policy'), ('Blankett för', 'form');
CREATE TEMP TABLE sent(k INTEGER PRIMARY KEY, t TEXT);
INSERT INTO sent(t) VALUES
  ('Patienten informeras muntligt och skriftligt innan åtgärden påbörjas.'),
  ('Ansvarig sjuksköterska dokumenterar bedömningen i journalen.'),
  ('Enhetschefen ansvarar för att rutinen är känd och följs.'),
  ('Vid avvikelse rapporteras händelsen i avvikelsesystemet samma dag.'),
  ('Läkaren ordinerar och följer upp effekten inom en vecka.'),
  ('Kontrollen signeras av den som utför den.'),
  ('Uppföljning sker vid nästa besök eller senast inom tre månader.'),
  ('Material och utrustning kontrolleras före användning.'),
  ('Anhöriga involveras när patienten samtycker till det.'),
  ('Resultatet följs upp i verksamhetens ledningsgrupp varje kvartal.');
CREATE TEMP TABLE u AS SELECT row_number() OVER (ORDER BY id) AS k, id, path
  FROM org_unit WHERE provider_id = (SELECT id FROM org_unit WHERE code = 'RE')
  OR code = 'RE';
CREATE TEMP TABLE us AS SELECT row_number() OVER (ORDER BY id) AS k, id
  FROM app_user WHERE home_unit_id IN (SELECT id FROM u);
-- processes: ids after the demo's, a flat list under the provider
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $NP)
INSERT INTO process (id, provider_id, unit_id, parent_id, path, kind, code,
    name, sort_order, created_at, updated_at)
SELECT (SELECT coalesce(max(id), 0) FROM process) + i.n,
       (SELECT id FROM org_unit WHERE code = 'RE'),
       (SELECT id FROM u WHERE k = 1 + i.n % (SELECT count(*) FROM u)),
       NULL, '/' || ((SELECT coalesce(max(id), 0) FROM process) + i.n) || '/',
       CASE i.n % 3 WHEN 0 THEN 'management' WHEN 1 THEN 'core'
            ELSE 'support' END,
       printf('BP-%05d', i.n),
       'Process ' || (SELECT t FROM topic WHERE k = 1 + i.n % 40) || ' ' || i.n,
       i.n, unixepoch(), unixepoch()
FROM i;
-- documents
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $N)
INSERT INTO document (provider_id, unit_id, code, title, doc_type,
    owner_id, approver_id, review_months, state, review_due, created_at,
    updated_at)
SELECT (SELECT id FROM org_unit WHERE code = 'RE'),
       (SELECT id FROM u WHERE k = 1 + (i.n * 7) % (SELECT count(*) FROM u)),
       printf('BD-%06d', i.n),
       (SELECT t FROM kindw WHERE k = 1 + i.n % 7) || ' ' ||
         (SELECT t FROM topic WHERE k = 1 + (i.n / 7) % 40) ||
         CASE WHEN i.n % 500 = 0 THEN ' vid ketaminbehandling' ELSE '' END ||
         ' ' || i.n,
       (SELECT ty FROM kindw WHERE k = 1 + i.n % 7),
       (SELECT id FROM us WHERE k = 1 + i.n % (SELECT count(*) FROM us)),
       (SELECT id FROM us WHERE k = 1 + (i.n + 3) % (SELECT count(*) FROM us)),
       24, 'approved', date('now', '-2 years', '+' || (i.n % 2190) || ' days'),
       unixepoch() - i.n * 600, unixepoch() - i.n * 600
FROM i WHERE NOT EXISTS (SELECT 1 FROM document WHERE code = 'BD-000001');
CREATE TEMP TABLE gen AS SELECT id, title FROM document WHERE code LIKE 'BD-%';
WITH RECURSIVE v(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM v WHERE n < 5)
INSERT INTO document_version (document_id, version_no, state, body_md,
    change_note, approved_on, review_date, archived_at, created_at,
    updated_at)
SELECT g.id, v.n, CASE WHEN v.n = 5 THEN 'approved' ELSE 'archived' END,
       '# ' || g.title || char(10) || char(10) || '## Syfte' || char(10) ||
       (SELECT t FROM sent WHERE k = 1 + (g.id + v.n) % 10) || ' ' ||
       (SELECT t FROM sent WHERE k = 1 + (g.id * 3 + v.n) % 10) || char(10) ||
       char(10) || '## Ansvar' || char(10) || '- ' ||
       (SELECT t FROM sent WHERE k = 1 + (g.id * 7 + v.n) % 10) || char(10) ||
       '- ' || (SELECT t FROM sent WHERE k = 1 + (g.id * 11 + v.n) % 10),
       'Version ' || v.n, date('now', '-' || (6 - v.n) || ' years'),
       date('now', '-' || (4 - v.n) || ' years'),
       CASE WHEN v.n = 5 THEN NULL ELSE unixepoch() END, unixepoch(),
       unixepoch()
FROM gen g CROSS JOIN v;
UPDATE document SET current_version_id = (SELECT v.id FROM document_version v
    WHERE v.document_id = document.id AND v.state = 'approved')
WHERE code LIKE 'BD-%';
INSERT INTO document_fts (rowid, title, body)
SELECT d.id, d.title, v.body_md FROM document d JOIN document_version v
  ON v.id = d.current_version_id WHERE d.code LIKE 'BD-%';
INSERT INTO document_process (document_id, process_id)
SELECT g.id, (SELECT min(id) FROM process WHERE code LIKE 'BP-%') + g.id % $NP
FROM gen g;
COMMIT;
PRAGMA optimize;
SQL
t2=$(date +%s.%N)
sqlite3 "$DB" "SELECT printf('   %d documents, %d versions, %d processes, %d MB',
    (SELECT count(*) FROM document), (SELECT count(*) FROM document_version),
    (SELECT count(*) FROM process),
    (SELECT page_count * page_size / 1048576 FROM pragma_page_count, pragma_page_size));"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "   demo %.1f s, SQL growth %.1f s\n", b - a, c - b }'
if [ -n "${BENCH_KEEP_DB:-}" ]; then cp "$DB" "$BENCH_KEEP_DB"; fi
fi

: >"$TMP/ska.log"
"$SKA" serve --db "$DB" --listen 127.0.0.1:0 >"$TMP/ska.log" 2>&1 &
SKA_PID=$!
PORT=$(bench_wait_port "$TMP/ska.log" $SKA_PID)
URL=http://127.0.0.1:$PORT

# timed NAME COOKIE PATH [TARGET_MS]: bench_timed with the document
# list's hit count, target 30 ms unless given
timed() {
    bench_timed "$1" "$2" "$3" "${4:-30}" 's/.*Antal dokument: \([^<]*\)<.*/\1/p'
}

KV=$(bench_session kvalitet)
ST=$(bench_session personal)
LVPS=$(sqlite3 "$DB" "SELECT id FROM org_unit WHERE code = 'LVPS'")
PROC=$(sqlite3 "$DB" "SELECT min(id) + 17 FROM process WHERE code LIKE 'BP-%'")
OWNER=$(sqlite3 "$DB" "SELECT owner_id FROM document GROUP BY owner_id
    ORDER BY count(*) DESC LIMIT 1")
RE=$(sqlite3 "$DB" "SELECT id FROM org_unit WHERE code = 'RE'")
echo "== b. document search, $NREQ requests each (target p95 < 30 ms)"
timed list "$KV" "/documents"
timed common "$KV" "/documents?q=patienten"
timed rare "$KV" "/documents?q=ketaminbehandling"
timed prefix "$KV" "/documents?q=hyg"
timed type "$KV" "/documents?type=routine"
timed type+unit "$KV" "/documents?type=routine&unit=$LVPS"
timed archived "$KV" "/documents?state=archived"
timed updated "$KV" "/documents?sort=updated&page=3"
timed overdue "$KV" "/documents?overdue=1&sort=review"
timed process "$KV" "/documents?process=$PROC"
timed owner "$KV" "/documents?owner=$OWNER&unit=$RE"
timed page-20 "$KV" "/documents?q=rutin&page=20"
timed staff "$ST" "/documents?q=journalen"
timed api "$KV" "/api/v1/documents?q=v%C3%A5rdhygien&limit=25"

# ---- c. the status of the management system ----
echo "== c. status page for the whole region, $NREQ requests each (target p95 < 100 ms)"
GR=$(bench_session granskare)
# a saved report to compare with, as the board's annual report would be
code=$(curl -s -o "$TMP/status.html" -w '%{http_code}' -H "Cookie: $GR" "$URL/status?unit=RE")
[ "$code" = 200 ] || { echo "bench: /status answered $code" >&2; exit 1; }
SNAP=$(sqlite3 "$DB" "SELECT max(id) FROM status_snapshot")
timed status "$GR" "/status?unit=RE&compare=none" 100
timed status+cmp "$GR" "/status?unit=RE&compare=$SNAP" 100
timed items "$GR" "/status/items?figure=docs_overdue&unit=RE" 100
timed resp "$GR" "/responsibility?unit=RE" 100
