#!/bin/sh
# cases.sh: deviation management over HTTP: a staff member reports from
# the short form, the handler of the unit assesses, gives feedback and
# closes; the rules stop a close until they hold; others are kept out
# (staff reading others' cases, a handler outside the unit); the patient
# identity is shown only to handlers and every view is logged.
# Run from the repository root: SKA_BIN=build/ska tests/http/cases.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init cases
server_start
ECT=$(unit_id LVPS-ECT)
KARD=$(unit_id KARD-HSV)

P=$(login personal)
JP=$T/personal
# ---- reporting ----
expect "report form" 200 "$(st "$JP" "$B/report")"
has "the form asks what happened" 'name="what"'
has "the reporter's unit is preselected" "value=\"$ECT\" selected"
expect "empty report is refused" 422 "$(st "$JP" --data-urlencode "_csrf=$P" \
    -d "type=deviation&what=&unit=$ECT&pnr=19121212-1213" "$B/report")"
has "what is marked" 'id="e-what"'
has "a bad personnummer is explained" "Kontrollsiffran"
has "the typed number is kept" 'value="19121212-1213"'
expect "a time in the future is refused" 422 "$(st "$JP" \
    --data-urlencode "_csrf=$P" -d "type=deviation&what=x&unit=$ECT" \
    -d "occurred_at=2999-01-01T10:00" "$B/report")"
has "the time is marked" "framtiden"
expect "a report is filed" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Patienten fick fel dos av läkemedel vid kvällsmedicineringen" \
    -d "type=deviation&unit=$ECT&patient_affected=1&pnr=191212121212" \
    "$B/report")"
CASE=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
NUMBER=$(sqlite3 "$DB" "SELECT number FROM cases WHERE id = $CASE")
expect "the reporter sees the case" 200 "$(st "$JP" "$B/cases/$CASE?reported=1")"
has "with its number" "$NUMBER"
hasnt "but not the identity number" "19121212"
expect "my reports list it" 200 "$(st "$JP" "$B/cases?view=mine")"
has "in the list" "$NUMBER"

# ---- others are kept out ----
# (chef.kard deputises for chef.psyk in the demo, so ask another provider)
K=$(login vce.chef)
expect "another care provider's manager does not see it" 404 \
    "$(st "$T/vce.chef" "$B/cases/$CASE")"
expect "nor find it in a list" 200 "$(st "$T/vce.chef" "$B/cases?view=units")"
hasnt "not listed" "$NUMBER"
expect "staff cannot handle" 403 "$(st "$JP" --data-urlencode "_csrf=$P" \
    -d "consequence=2" "$B/cases/$CASE")"
G=$(login granskare)
expect "the auditor reads it" 200 "$(st "$T/granskare" "$B/cases/$CASE")"
expect "but may not see the identity" 403 "$(st "$T/granskare" \
    --data-urlencode "_csrf=$G" -X POST "$B/cases/$CASE/patient")"
# a case in another unit that personal did not report
A=$(login admin)
expect "admin reports at kardiologi" 303 "$(st "$T/admin" \
    --data-urlencode "_csrf=$A" -d "type=risk&what=Trasig+sladd&unit=$KARD" \
    "$B/report")"
OTHER=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
expect "staff do not read others' cases" 404 "$(st "$JP" "$B/cases/$OTHER")"

# ---- handling ----
H=$(login handl.ect)
JH=$T/handl.ect
expect "the unit's handler sees it" 200 "$(st "$JH" "$B/cases?view=units")"
has "in the unit list" "$NUMBER"
expect "a handler outside the unit" 404 "$(st "$JH" "$B/cases/$OTHER")"
expect "case page for the handler" 200 "$(st "$JH" "$B/cases/$CASE")"
has "closing rules are stated" "Återkoppling till rapportören saknas"
hasnt "the identity is not shown by default" "19121212-1212"
expect "closing too early" 422 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=close" "$B/cases/$CASE/step")"
has "says why" "Konsekvens och sannolikhet är inte bedömda"
before=$(sqlite3 "$DB" "SELECT count(*) FROM patient_access_log")
expect "show the identity" 200 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -X POST "$B/cases/$CASE/patient")"
has "the identity" "19121212-1212"
after=$(sqlite3 "$DB" "SELECT count(*) FROM patient_access_log")
expect "the view is logged" $((before + 1)) "$after"
expect "assess and give feedback" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "consequence=2&probability=3&system_fault=1&care_injury=none&take=1" \
    --data-urlencode "feedback=Tack! Vi har infört dubbelkontroll." \
    "$B/cases/$CASE")"
expect "assess" 303 "$(st "$JH" --data-urlencode "_csrf=$H" -d "event=assess" \
    "$B/cases/$CASE/step")"
expect "close" 303 "$(st "$JH" --data-urlencode "_csrf=$H" -d "event=close" \
    "$B/cases/$CASE/step")"
expect "closed twice" 422 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=close" "$B/cases/$CASE/step")"
expect "the reporter sees the outcome" 200 "$(st "$JP" "$B/cases/$CASE")"
has "closed" "Avslutad"
has "with the feedback" "Vi har infört dubbelkontroll"
expect "a reason is needed to reopen" 403 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "event=reopen" "$B/cases/$CASE/step")"
C=$(login chef.psyk)
expect "the manager must give a reason" 422 "$(st "$T/chef.psyk" \
    --data-urlencode "_csrf=$C" -d "event=reopen" "$B/cases/$CASE/step")"
expect "the manager reopens" 303 "$(st "$T/chef.psyk" \
    --data-urlencode "_csrf=$C" -d "event=reopen&reason=Ny+information" \
    "$B/cases/$CASE/step")"

# ---- search and the record ----
expect "full-text search without å/ä/ö" 200 "$(st "$JH" \
    "$B/cases?view=units&q=lakemedel")"
has "finds it" "$NUMBER"
expect "search that matches nothing" 200 "$(st "$JH" \
    "$B/cases?view=units&q=%22OR%20NEAR(")"
hasnt "finds nothing" "$NUMBER"
steps=$(sqlite3 "$DB" "SELECT group_concat(kind, ',') FROM (SELECT kind FROM case_event WHERE case_id = $CASE ORDER BY id)")
expect "the timeline" "reported,updated,assess,close,reopen" "$steps"
"$SKA" check --db "$DB" >/dev/null
expect "audit chain intact" 0 $?

# ---- the API, with a token ----
TOK=$("$SKA" token create --db "$DB" --username handl.ect)
expect "API list" 200 "$(api GET '/api/v1/cases?view=units&q=lakemedel')"
has "lists the case" "\"number\":\"$NUMBER\""
hasnt "never the identity number" "19121212"
expect "API report with a bad personnummer" 422 \
    "$(api POST /api/v1/cases "{\"what\":\"x\",\"unit_id\":$ECT,\"pnr\":\"121212-1213\"}")"
has "names the field" '"pnr"'
expect "API report" 201 \
    "$(api POST /api/v1/cases "{\"type\":\"risk\",\"what\":\"Halt golv vid entrén\",\"unit_id\":$ECT,\"occurred_at\":\"2026-01-10T08:30:00Z\"}")"
has "a new case" '"state":"new"'
NEW=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
expect "API close too early" 422 \
    "$(api POST "/api/v1/cases/$NEW/transitions" '{"event":"close"}')"
has "lists the rules" '"code":"case.block.feedback"'
expect "API assessment" 200 "$(api PATCH "/api/v1/cases/$NEW" \
    '{"consequence":1,"probability":2,"system_fault":false,"feedback":"Åtgärdat: halkskydd på plats."}')"
has "the risk band" '"risk_band":"low"'
expect "API close" 200 \
    "$(api POST "/api/v1/cases/$NEW/transitions" '{"event":"close"}')"
has "closed" '"state":"closed"'
expect "API unknown step" 400 \
    "$(api POST "/api/v1/cases/$NEW/transitions" '{"event":"explode"}')"
expect "API case outside the scope" 404 "$(api GET "/api/v1/cases/$OTHER")"


# ---- clocks: Lex Maria, complaints, overdue; statistics; exports ----
expect "a serious event is reported" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Patienten föll i duschen och bröt höften" \
    -d "type=deviation&unit=$ECT&patient_affected=1" "$B/report")"
SER=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
SERNO=$(sqlite3 "$DB" "SELECT number FROM cases WHERE id = $SER")
expect "assessed as serious" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "consequence=4&probability=2&system_fault=0&care_injury=caused&serious=1" \
    --data-urlencode "feedback=Tack, händelsen utreds." "$B/cases/$SER")"
inv=""
for item in course times consequences causes actions responsible schedule \
    followup staff_informed; do
    inv="$inv&$item=Ifyllt"
done
expect "the investigation is filled in" 303 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "x=1$inv" "$B/cases/$SER/investigation")"
sqlite3 "$DB" "UPDATE cases SET discovered_at = reported_at - 70 * 86400 WHERE id = $SER"
expect "overdue list" 200 "$(st "$JH" "$B/cases?view=units&overdue=1")"
has "lists the serious case" "$SERNO"
has "marks the Lex Maria clock" "Lex Maria försenad"
expect "closing without a Lex Maria decision" 422 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "event=close" "$B/cases/$SER/step")"
has "says why" "Beslut om anmälan enligt lex Maria saknas"
has "the Lex Maria deadline is overdue" 'class="badge overdue"'
expect "the handler may not decide on Lex Maria" 403 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "report=0&reasoning=x" \
    "$B/cases/$SER/lexmaria")"
Q=$(login kvalitet)
JQ=$T/kvalitet
expect "a decision needs a reasoning" 422 "$(st "$JQ" \
    --data-urlencode "_csrf=$Q" -d "report=1&reasoning=&ivo_ref=IVO-1" \
    "$B/cases/$SER/lexmaria")"
has "the reasoning is marked" 'id="e-reasoning"'
has "the typed reference is kept" 'value="IVO-1"'
TODAY=$(TZ=Europe/Stockholm date +%Y-%m-%d)
expect "the quality role decides to report" 303 "$(st "$JQ" \
    --data-urlencode "_csrf=$Q" -d "report=1&decided_at=$TODAY&sent_at=$TODAY" \
    --data-urlencode "reasoning=Allvarlig vårdskada: fraktur efter fall." \
    --data-urlencode "ivo_ref=IVO 3.1.1-12345/2026" "$B/cases/$SER/lexmaria")"
expect "the decision is shown" 200 "$(st "$JH" "$B/cases/$SER")"
has "reported to IVO" "Anmäls till IVO"
has "with IVO's reference" "IVO 3.1.1-12345/2026"
expect "the serious case closes" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=close" "$B/cases/$SER/step")"
expect "decided by the quality user" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM case_lex_maria l JOIN app_user u ON u.id = l.decided_by WHERE l.case_id = $SER AND u.username = 'kvalitet'")"
expect "audited" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'lex_maria' AND entity_id = $SER")"

expect "a complaint is registered" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Anhörig klagar på bemötandet i telefon" \
    -d "type=complaint&unit=$ECT" "$B/report")"
CP=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
CPNO=$(sqlite3 "$DB" "SELECT number FROM cases WHERE id = $CP")
sqlite3 "$DB" "UPDATE cases SET reported_at = reported_at - 40 * 86400 WHERE id = $CP"
expect "overdue complaints are listed" 200 "$(st "$JH" "$B/cases?view=units&overdue=1")"
has "the complaint" "$CPNO"
expect "feedback to the complainant's reporter" 303 "$(st "$JH" \
    --data-urlencode "_csrf=$H" --data-urlencode "feedback=Besvarat per brev." \
    "$B/cases/$CP")"
expect "closing an unanswered complaint" 422 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "event=close" "$B/cases/$CP/step")"
has "says why" "Klagomålet är inte besvarat"
has "the answer is overdue" "Svar senast"
expect "a bad answer date" 422 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "answered_at=igår" "$B/cases/$CP/complaint")"
expect "the answer is recorded" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "answered_at=$TODAY&via_patientnamnd=1" "$B/cases/$CP/complaint")"
expect "no longer overdue" 200 "$(st "$JH" "$B/cases?view=units&overdue=1")"
hasnt "the answered complaint" "$CPNO"
expect "the complaint closes" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=close" "$B/cases/$CP/step")"
expect "a deviation has no complaint clock" 409 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "answered_at=$TODAY" "$B/cases/$SER/complaint")"

expect "statistics" 200 "$(st "$JQ" "$B/cases/stats?unit=LVPS-ECT&from=2000-01-01&to=$TODAY")"
want=$(sqlite3 "$DB" "SELECT count(*) FROM cases c JOIN org_unit u ON u.id = c.unit_id WHERE u.code = 'LVPS-ECT'")
has "the number of cases" "id=\"stat-total\">$want<"
has "per category" "Kumulativ andel"
has "the median handling time" 'id="stat-median">'
expect "statistics outside one's units" 403 "$(st "$JH" "$B/cases/stats?unit=KARD-HSV")"
expect "statistics need the read role" 403 "$(st "$JP" "$B/cases/stats")"
expect "a bad date" 400 "$(st "$JQ" "$B/cases/stats?from=2026-13-01")"

expect "CSV export" 200 "$(st "$JH" "$B/cases/export.csv?view=units")"
has "the header row" '^"Ärendenummer","Typ","Status"'
has "every case, not one page" "$CPNO"
hasnt "never a personnummer" "19121212"
hasnt "nor a masked one" "121212-"
expect "XLSX export" 200 "$(st "$JH" "$B/cases/export.xlsx?view=units&type=complaint")"
expect "a zip archive" "PK" "$(head -c 2 "$T/body")"
expect "staff may not export their units' cases" 403 \
    "$(st "$JP" "$B/cases/export.csv?view=units")"
expect "but their own reports" 200 "$(st "$JP" "$B/cases/export.csv")"
has "their report" "$SERNO"

# categories: optional when reporting, set by the handler, a list filter;
# only the categories of the case's own care provider are accepted
PROV=$(sqlite3 "$DB" "SELECT provider_id FROM org_unit WHERE id = $ECT")
CAT=$(sqlite3 "$DB" "SELECT id FROM case_category WHERE provider_id = $PROV AND parent_id IS NOT NULL AND active = 1 ORDER BY id LIMIT 1")
CAT2=$(sqlite3 "$DB" "SELECT id FROM case_category WHERE provider_id = $PROV AND parent_id IS NOT NULL AND active = 1 ORDER BY id DESC LIMIT 1")
OTHER=$(sqlite3 "$DB" "SELECT id FROM org_unit WHERE parent_id IS NULL AND id <> $PROV ORDER BY id LIMIT 1")
FOREIGN=$(sqlite3 "$DB" "SELECT id FROM case_category WHERE provider_id <> $PROV ORDER BY id LIMIT 1")
if [ -z "$FOREIGN" ]; then
    sqlite3 "$DB" "INSERT INTO case_category (provider_id, code, name) VALUES ($OTHER, 'test.foreign', 'Annan vårdgivares kategori')"
    FOREIGN=$(sqlite3 "$DB" "SELECT id FROM case_category WHERE code = 'test.foreign'")
fi
expect "the report form offers categories" 200 "$(st "$JP" "$B/report")"
has "grouped by main category" '<optgroup label="'
has "one of the provider's categories" "<option value=\"$CAT\">"
expect "a report with a category" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Fel läkemedel i dosetten" \
    -d "type=deviation&unit=$ECT&category=$CAT" "$B/report")"
CC=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
CCNO=$(sqlite3 "$DB" "SELECT number FROM cases WHERE id = $CC")
expect "the category is saved" "$CAT" "$(sqlite3 "$DB" "SELECT category_id FROM cases WHERE id = $CC")"
expect "another provider's category is refused" 422 "$(st "$JP" \
    --data-urlencode "_csrf=$P" --data-urlencode "what=Fel kategori" \
    -d "type=deviation&unit=$ECT&category=$FOREIGN" "$B/report")"
has "says why" "Välj en kategori i listan"
has "keeps the text" "Fel kategori"
expect "the handler's form offers categories" 200 "$(st "$JH" "$B/cases/$CC")"
has "the chosen one selected" "<option value=\"$CAT\" selected>"
expect "the handler may not pick another provider's category" 422 \
    "$(st "$JH" --data-urlencode "_csrf=$H" -d "category=$FOREIGN" "$B/cases/$CC")"
expect "unchanged" "$CAT" "$(sqlite3 "$DB" "SELECT category_id FROM cases WHERE id = $CC")"
expect "nor a made-up one" 422 \
    "$(st "$JH" --data-urlencode "_csrf=$H" -d "category=abc" "$B/cases/$CC")"
expect "the handler changes the category" 303 \
    "$(st "$JH" --data-urlencode "_csrf=$H" -d "category=$CAT2" "$B/cases/$CC")"
expect "saved" "$CAT2" "$(sqlite3 "$DB" "SELECT category_id FROM cases WHERE id = $CC")"
expect "the list filters by category" 200 "$(st "$JH" "$B/cases?view=units&category=$CAT2")"
has "the case" "$CCNO"
has "the filter keeps its choice" "<option value=\"$CAT2\" selected>"
want=$(sqlite3 "$DB" "SELECT count(*) FROM cases c JOIN org_unit u ON u.id = c.unit_id WHERE c.category_id = $CAT2 AND u.path LIKE (SELECT path FROM org_unit WHERE id = $ECT) || '%'")
has "the count" "data-total=\"$want\""
expect "another category" 200 "$(st "$JH" "$B/cases?view=units&category=$CAT")"
hasnt "leaves it out" "$CCNO"
expect "the API filters by category" 200 "$(api GET "/api/v1/cases?view=units&category=$CAT2")"
has "the case" "\"number\":\"$CCNO\""
has "an exact total" '"total_capped":false'
expect "a bad category filter" 400 "$(api GET '/api/v1/cases?category=x')"

suite_end
