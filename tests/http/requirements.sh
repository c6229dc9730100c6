#!/bin/sh
# requirements.sh: the legal-requirements register over HTTP: the seeded
# provisions and the register's filters, a requirement's page, assessments
# with bad input marked and kept, every role's rights (quality coordinator
# and manager assess in their scope, handlers, staff and auditors do not),
# a provider's own requirement (invisible to another provider), linking
# and unlinking processes and documents, the audit log, the history page
# (each provider sees its own entries of a shared provision), and the API.
# Run from the repository root: SKA_BIN=build/ska tests/http/requirements.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init requirements
RE=$(unit_id RE)
VCE=$(unit_id VCE)
ECT=$(unit_id LVPS-ECT)
KARD=$(unit_id KARD)
ADMIN=$(user_id admin)
TODAY=$(TZ=Europe/Stockholm date +%F)
TOMORROW=$(TZ=Europe/Stockholm date -d '+1 day' +%F)
# fixture processes and a document (their modules are built elsewhere)
sqlite3 "$DB" "INSERT INTO process (provider_id, unit_id, path, kind, code,
  name, created_at, updated_at) VALUES ($RE, $(unit_id HSF), '/t1/', 'management',
  'T-KVAL', 'Testprocess kvalitet', 0, 0), ($VCE, $VCE, '/t2/', 'core',
  'T-VCE', 'Annan vårdgivares process', 0, 0), ($RE, $KARD, '/t3/', 'core',
  'T-KARD', 'Kardiologins process', 0, 0);
  INSERT INTO document (provider_id, unit_id, code, title, doc_type,
  owner_id, approver_id, state, review_due, created_at, updated_at) VALUES
  ($RE, $ECT, 'T-RUT-1', 'Testrutin ECT', 'routine', $ADMIN, $ADMIN,
  'approved', '2020-01-01', 0, 0);"
P_KVAL=$(sqlite3 "$DB" "SELECT id FROM process WHERE code = 'T-KVAL'")
P_VCE=$(sqlite3 "$DB" "SELECT id FROM process WHERE code = 'T-VCE'")
P_KARD=$(sqlite3 "$DB" "SELECT id FROM process WHERE code = 'T-KARD'")
D_ECT=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'T-RUT-1'")
rid() { sqlite3 "$DB" "SELECT id FROM requirement WHERE code = '$1'"; }
R33=$(rid 'SOSFS 2011:9 3:3')
R51=$(rid 'SOSFS 2011:9 5:1')
R54=$(rid 'SOSFS 2011:9 5:4')
server_start

# ---- the register ----
K=$(login kvalitet)
JK=$T/kvalitet
expect "the register" 200 "$(st "$JK" "$B/requirements")"
has "SOSFS 2011:9 chapter 3" "SOSFS 2011:9 3:3"
has "HSLF-FS 2017:40" "HSLF-FS 2017:40 3:4"
has "PSL duty to report" "PSL 6:4"
has "HSL" "HSL 5:4"
has "statuses for the unit" "Status för enheten"
has "the new-requirement form" 'name="statute_title"'
expect "40 national provisions" 40 "$(sqlite3 "$DB" \
    "SELECT count(*) FROM requirement WHERE provider_id IS NULL")"
expect "filter by statute" 200 "$(st "$JK" "$B/requirements?statute=SFS+2017:30")"
has "HSL kept" "HSL 5:4"
hasnt "SOSFS left out" "SOSFS 2011:9 1:1"
expect "a bad status filter" 400 "$(st "$JK" "$B/requirements?status=bogus")"
expect "met at HSF" 200 "$(st "$JK" "$B/requirements?unit=HSF&status=met")"
has "3:1 is met" "SOSFS 2011:9 3:1"
hasnt "3:3 is only partly met" "SOSFS 2011:9 3:3<"
expect "never assessed" 200 "$(st "$JK" "$B/requirements?unit=HSF&never=1")"
has "1:1 never assessed" "SOSFS 2011:9 1:1"
hasnt "3:1 was assessed" "SOSFS 2011:9 3:1<"
expect "overdue review at KARD" 200 "$(st "$JK" "$B/requirements?unit=KARD&overdue=1")"
has "5:1 overdue" "SOSFS 2011:9 5:1"
has "marked" "Översynen är försenad"
expect "a unit outside the scope" 403 "$(st "$JK" "$B/requirements?unit=VCE")"
expect "an unknown unit" 404 "$(st "$JK" "$B/requirements?unit=NOPE")"

# ---- one requirement, assessments ----
expect "a requirement" 200 "$(st "$JK" "$B/requirements/$R33?unit=HSF")"
has "its status" "Delvis uppfyllt"
has "the assessment form" 'action="/requirements/'"$R33"'/assessments"'
has "the CSRF token" 'name="_csrf"'
expect "bad input" 422 "$(st "$JK" --data-urlencode "_csrf=$K" -d "scope=HSF" \
    -d "unit=$ECT&status=met&evidence=&assessed_on=$TOMORROW" \
    "$B/requirements/$R33/assessments")"
has "evidence marked" 'href="#f-evidence"'
has "date marked" 'href="#f-assessed_on"'
has "in Swedish" "Datumet får inte ligga i framtiden."
has "the status is kept" 'value="met" checked'
has "the date is kept" "value=\"$TOMORROW\""
expect "an invalid date and status" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "unit=$ECT&status=perhaps&assessed_on=2026-02-30" \
    "$B/requirements/$R33/assessments")"
has "status marked" 'href="#f-status"'
has "an invalid date" "giltigt datum"
expect "no unit" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "unit=&status=not_met&assessed_on=$TODAY" "$B/requirements/$R33/assessments")"
has "unit marked" 'href="#f-unit"'
expect "without the CSRF token" 403 "$(st "$JK" \
    -d "unit=$ECT&status=not_met&assessed_on=$TODAY" "$B/requirements/$R33/assessments")"
expect "an assessment" 303 "$(st "$JK" --data-urlencode "_csrf=$K" -d "scope=HSF" \
    -d "unit=$ECT&status=partly_met&assessed_on=$TODAY" \
    --data-urlencode "evidence=Rutin finns men följs inte alltid" \
    "$B/requirements/$R33/assessments")"
NEXT=$(TZ=Europe/Stockholm date -d '+12 months' +%F)
expect "stored with its next review" "partly_met|$NEXT|$(user_id kvalitet)" \
    "$(sqlite3 "$DB" "SELECT status, next_review, assessor_id FROM
    requirement_assessment WHERE requirement_id = $R33 AND unit_id = $ECT")"
expect "audited" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE
    entity = 'requirement' AND entity_id = $R33 AND action = 'assess' AND
    actor = 'kvalitet' AND after LIKE '%Rutin finns%'")"
expect "the history shows it" 200 "$(st "$JK" "$B/requirements/$R33?unit=LVPS-ECT")"
has "the evidence" "Rutin finns men följs inte alltid"
has "the assessor" "Karin Kvist"

C=$(login chef.psyk)
JC=$T/chef.psyk
expect "a manager assesses his unit" 303 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "unit=$ECT&status=not_met&assessed_on=$TODAY" "$B/requirements/$R54/assessments")"
expect "not another unit" 422 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "unit=$KARD&status=not_met&assessed_on=$TODAY" "$B/requirements/$R54/assessments")"
has "the unit is refused" "Välj en enhet som du ansvarar för."
expect "nor another provider's unit" 422 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "unit=$VCE&status=not_met&assessed_on=$TODAY" "$B/requirements/$R54/assessments")"
expect "his register defaults to his unit" 200 "$(st "$JC" "$B/requirements")"
has "his unit" "Länsvuxenpsykiatri slutenvård"
expect "a unit he cannot read" 403 "$(st "$JC" "$B/requirements?unit=KARD")"

H=$(login handl.ect)
expect "a handler reads" 200 "$(st "$T/handl.ect" "$B/requirements/$R33")"
hasnt "but gets no form" 'action="/requirements/'"$R33"'/assessments"'
expect "and may not assess" 403 "$(st "$T/handl.ect" --data-urlencode "_csrf=$H" \
    -d "unit=$ECT&status=met&evidence=x&assessed_on=$TODAY" "$B/requirements/$R33/assessments")"
G=$(login granskare)
expect "the auditor reads everything" 200 "$(st "$T/granskare" "$B/requirements?unit=RE")"
has "with statuses" "Status för enheten"
hasnt "but cannot add" 'name="statute_title"'
expect "the auditor may not assess" 403 "$(st "$T/granskare" --data-urlencode "_csrf=$G" \
    -d "unit=$ECT&status=met&evidence=x&assessed_on=$TODAY" "$B/requirements/$R33/assessments")"
S=$(login personal)
expect "staff read the provisions" 200 "$(st "$T/personal" "$B/requirements")"
has "the provisions" "SOSFS 2011:9 3:3"
hasnt "without statuses" "Status för enheten"
expect "and one requirement" 200 "$(st "$T/personal" "$B/requirements/$R33")"
hasnt "without assessments" "Bedömningshistorik"
expect "staff may not assess" 403 "$(st "$T/personal" --data-urlencode "_csrf=$S" \
    -d "unit=$ECT&status=met&evidence=x&assessed_on=$TODAY" "$B/requirements/$R33/assessments")"

# ---- a provider's own requirement ----
expect "missing fields" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "unit=HSF&code=&statute=Regional+riktlinje&review_months=0" "$B/requirements")"
has "code marked" 'href="#f-code"'
has "review marked" 'href="#f-review_months"'
has "the statute is kept" 'value="Regional riktlinje"'
expect "an own requirement" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "unit=HSF&code=RE-LAK-1&statute=Regional+riktlinje" \
    --data-urlencode "statute_title=Riktlinje för läkemedelshantering" \
    --data-urlencode "summary=Läkemedel förvaras låst och signeras." \
    -d "review_months=6" "$B/requirements")"
OWN=$(rid RE-LAK-1)
expect "stored for the provider" "$RE|6" "$(sqlite3 "$DB" \
    "SELECT provider_id, review_months FROM requirement WHERE id = $OWN")"
expect "a taken code" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "unit=HSF&code=RE-LAK-1&statute=x&statute_title=y&summary=z" "$B/requirements")"
has "says so" "Beteckningen används redan"
expect "a manager may not add" 403 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "unit=LVPS&code=X-1&statute=x&statute_title=y&summary=z" "$B/requirements")"
V=$(login vce.chef)
expect "another provider's register" 200 "$(st "$T/vce.chef" "$B/requirements")"
hasnt "without RE's own" "RE-LAK-1"
expect "nor its page" 404 "$(st "$T/vce.chef" "$B/requirements/$OWN")"
expect "nor RE's assessments" 200 "$(st "$T/vce.chef" "$B/requirements/$R33")"
hasnt "none shown" "Rutin finns men följs inte alltid"

# ---- links ----
# the demo links provisions to the documents that fulfil them
expect "the demo's links" "POL-RE-001 RUT-RE-004" "$(sqlite3 "$DB" "SELECT
    group_concat(code, ' ') FROM (SELECT d.code FROM requirement_document x
    JOIN document d ON d.id = x.document_id WHERE x.requirement_id =
    $(rid 'HSL 5:4') ORDER BY d.code)")"
expect "a requirement with the demo's documents" 200 \
    "$(st "$JK" "$B/requirements/$(rid 'SOSFS 2011:9 5:1')?unit=HSF")"
has "the routine that fulfils it" "Rutin för riskhantering"
expect "HSL 5:1 at the ECT unit" 200 "$(st "$JK" "$B/requirements/$(rid 'HSL 5:1')?unit=LVPS-ECT")"
has "the care programmes" "Vårdprogram hjärtsvikt"
has "and a leaflet past its review date" "Patientinformation inför ECT-behandling"
has "marked" "Passerat revisionsdatum"
expect "link a process" 303 "$(st "$JK" --data-urlencode "_csrf=$K" -d "scope=HSF" \
    -d "kind=process&op=add&target=$P_KVAL" "$B/requirements/$R51/links")"
expect "stored" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM requirement_process
    WHERE requirement_id = $R51 AND process_id = $P_KVAL")"
expect "shown" 200 "$(st "$JK" "$B/requirements/$R51?unit=HSF")"
has "the process" "Testprocess kvalitet"
expect "twice" 409 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "kind=process&op=add&target=$P_KVAL" "$B/requirements/$R51/links")"
expect "link a document" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "kind=document&op=add&target=$D_ECT" "$B/requirements/$R51/links")"
expect "the document shows as past review" 200 "$(st "$JK" "$B/requirements/$R51?unit=LVPS-ECT")"
has "banner" "Passerat revisionsdatum"
expect "not another provider's process" 404 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "kind=process&op=add&target=$P_VCE" "$B/requirements/$R51/links")"
expect "a manager may not link outside his units" 404 "$(st "$JC" \
    --data-urlencode "_csrf=$C" -d "kind=process&op=add&target=$P_KARD" \
    "$B/requirements/$R51/links")"
expect "the auditor may not link" 403 "$(st "$T/granskare" --data-urlencode "_csrf=$G" \
    -d "kind=process&op=add&target=$P_KARD" "$B/requirements/$R51/links")"
expect "a bad kind" 400 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "kind=risk&op=add&target=1" "$B/requirements/$R51/links")"
expect "unlink" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "kind=process&op=remove&target=$P_KVAL" "$B/requirements/$R51/links")"
expect "unlink again" 404 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "kind=process&op=remove&target=$P_KVAL" "$B/requirements/$R51/links")"
# (the demo's own links were made by "cli")
expect "links audited" "link|link|unlink" "$(sqlite3 "$DB" "SELECT
    group_concat(action, '|') FROM (SELECT action FROM audit_log WHERE
    entity = 'requirement' AND entity_id = $R51 AND action LIKE '%link'
    AND actor <> 'cli' ORDER BY id)")"
expect "an unknown requirement" 404 "$(st "$JK" "$B/requirements/999999")"

# ---- a requirement's history: each provider sees its own entries ----
expect "the requirement links its history" 200 "$(st "$JK" "$B/requirements/$R33?unit=HSF")"
has "for the quality coordinator" "href=\"/history/requirement/$R33\""
expect "another provider assesses the same provision" 303 "$(st "$T/vce.chef" \
    --data-urlencode "_csrf=$V" -d "unit=$VCE&status=met&assessed_on=$TODAY" \
    --data-urlencode "evidence=Egen rutin hos VCE" "$B/requirements/$R33/assessments")"
expect "the history page" 200 "$(st "$JK" "$B/history/requirement/$R33")"
has "names the record" "Historik: Lagkrav $R33"
has "the region's assessment" "Rutin finns men följs inte alltid"
has "labelled" "bedömd"
hasnt "not the other provider's" "Egen rutin hos VCE"
printf 'exempel-2026\n' | "$SKA" user add --db "$DB" --username vce.granskare \
    --name "Vera Granskare" --role auditor --unit VCE --password-stdin >/dev/null
login vce.granskare >/dev/null
JVG=$T/vce.granskare
expect "another provider's auditor" 200 "$(st "$JVG" "$B/history/requirement/$R33")"
has "sees its own assessment" "Egen rutin hos VCE"
hasnt "not the region's" "Rutin finns men följs inte alltid"
expect "nor the region's links" 200 "$(st "$JVG" "$B/history/requirement/$R51")"
hasnt "none" "koppling tillagd"
expect "the region's links" 200 "$(st "$T/granskare" "$B/history/requirement/$R51")"
has "for the region's auditor" "koppling tillagd"
expect "the region's own requirement is not found" 404 \
    "$(st "$JVG" "$B/history/requirement/$OWN")"
expect "the region's auditor reads it" 200 "$(st "$T/granskare" "$B/history/requirement/$OWN")"
has "its creation" "RE-LAK-1"
expect "a manager reads the requirement" 200 "$(st "$JC" "$B/requirements/$R33")"
hasnt "without the link" "/history/requirement/"
expect "but not the audit log" 403 "$(st "$JC" "$B/history/requirement/$R33")"
expect "nor staff" 403 "$(st "$T/personal" "$B/history/requirement/$R33")"
expect "an unknown requirement's history" 404 "$(st "$JK" "$B/history/requirement/999999")"

# ---- the API ----
TOK=$("$SKA" token create --db "$DB" --username kvalitet)
expect "API list" 200 "$(api GET "/api/v1/requirements?unit=HSF&status=partly_met")"
has "3:3" '"code":"SOSFS 2011:9 3:3"'
hasnt "only partly met" '"code":"SOSFS 2011:9 3:1"'
has "the subtree counts" '"subtree":{'
expect "API bad status" 400 "$(api GET "/api/v1/requirements?status=bogus")"
expect "API one" 200 "$(api GET "/api/v1/requirements/$R33?unit=HSF")"
has "its assessments" '"assessments":\[{'
has "the evidence" "Rutin finns men följs inte alltid"
expect "API assess" 201 "$(api POST "/api/v1/requirements/$R33/assessments" \
    "{\"unit\":\"LVPS-ECT\",\"status\":\"met\",\"evidence\":\"Åtgärdat\",\"assessed_on\":\"$TODAY\"}")"
has "the next review" "\"next_review\":\"$NEXT\""
expect "API bad input" 422 "$(api POST "/api/v1/requirements/$R33/assessments" \
    "{\"unit\":\"NOPE\",\"status\":\"met\",\"assessed_on\":\"$TOMORROW\"}")"
has "fields" '"unit":'
has "the date" '"assessed_on":'
has "the evidence" '"evidence":'
expect "API not JSON" 415 "$(curl -s -o "$T/body" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $TOK" -H 'Content-Type: text/plain' --data 'x' \
    "$B/api/v1/requirements/$R33/assessments")"
expect "API unknown" 404 "$(api GET /api/v1/requirements/999999)"
TOK=$("$SKA" token create --db "$DB" --username granskare)
expect "API auditor reads" 200 "$(api GET "/api/v1/requirements?unit=RE&never=1")"
expect "API auditor may not assess" 403 "$(api POST \
    "/api/v1/requirements/$R33/assessments" \
    "{\"unit\":\"LVPS-ECT\",\"status\":\"met\",\"evidence\":\"x\",\"assessed_on\":\"$TODAY\"}")"
TOK=$("$SKA" token create --db "$DB" --username personal)
expect "API staff read" 200 "$(api GET /api/v1/requirements)"
hasnt "no statuses" '"unit_status"'
expect "API staff may not filter by status" 403 "$(api GET "/api/v1/requirements?status=met")"
expect "the audit chain holds" 0 "$("$SKA" check --db "$DB" >/dev/null 2>&1; echo $?)"
suite_end
