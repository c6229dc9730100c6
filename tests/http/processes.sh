#!/bin/sh
# processes.sh: the process map over HTTP: the demo map and its gaps, the
# rights of every role (who reads which processes, who creates and edits,
# what a process owner may change), bad input (422 with the fields marked
# and the input kept; JSON field errors), moves without cycles, linking
# indicators and cases with audit entries, deactivation, the inventory and
# the dashboard of a process; a process's history page and who reads it.
# Run from the repository root: SKA_BIN=build/ska tests/http/processes.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init processes
server_start
pid() { sqlite3 "$DB" "SELECT id FROM process WHERE code = '$1'"; }
ECT=$(pid KP-ECT)
KP=$(pid KP)
ADHD=$(pid KP-ADHD)
HSV=$(pid KP-HSV)
DIAB=$(pid KP-DIABFOT)
MTP=$(pid ST-MTP)

# ---- the map: everyone reads what applies to them ----
K=$(login kvalitet)
JK=$T/kvalitet
expect "map" 200 "$(st "$JK" "$B/processes")"
has "an SVG map" '<svg xmlns="http://www.w3.org/2000/svg" role="group"'
has "with a title" '<title id="pmap-title">Processkarta</title>'
has "the three lanes" "Ledningsprocesser"
has "core lane" "Kärnprocesser"
has "support lane" "Stödprocesser"
has "boxes link to processes" "<a href=\"/processes/$ECT\">"
has "the nested list" '<ul class="ptree">'
has "a gap is drawn" 'stroke-dasharray'
P=$(login personal)
JP=$T/personal
expect "staff see the map" 200 "$(st "$JP" "$B/processes")"
has "their own unit's process" "KP-ECT"
has "the region-wide process" "Tillgodose patientens behov"
hasnt "not another unit's" "KP-HSV"
expect "staff read their process" 200 "$(st "$JP" "$B/processes/$ECT")"
hasnt "staff get no edit link" "/processes/$ECT/edit"
expect "staff do not read heart failure" 404 "$(st "$JP" "$B/processes/$HSV")"
expect "staff create nothing" 403 "$(st "$JP" --data-urlencode "_csrf=$P" \
    -d "code=X&name=X&kind=core&unit=LVPS-ECT" "$B/processes")"
V=$(login vce.chef)
JV=$T/vce.chef
expect "another provider's manager" 404 "$(st "$JV" "$B/processes/$ECT")"
expect "their map holds none of ours" 200 "$(st "$JV" "$B/processes")"
hasnt "no Region Exempel process" "KP-ECT"
expect "nor with our unit" 403 "$(st "$JV" "$B/processes?unit=LVPS")"
expect "unit filter" 200 "$(st "$JK" "$B/processes?unit=KARD")"
has "heart failure" "KP-HSV"
hasnt "not ECT" "KP-ECT"
expect "below one process" 200 "$(st "$JK" "$B/processes?process=$ECT")"
has "its activities" "KP-ECT-BEH"
hasnt "not its siblings" "KP-ADHD"
expect "unknown unit" 404 "$(st "$JK" "$B/processes?unit=NOPE")"

# ---- the process page ----
expect "process page" 200 "$(st "$JK" "$B/processes/$ECT")"
has "the owner" "Per Holm"
has "the lead's deputy" "Erik Ek"
has "quality requirements" "Indikation och samtycke"
has "a linked indicator" 'href="/indicators/ECT-CGI"'
has "the dashboard link" "/dashboard?process=$ECT"
has "its activities" "Behandlingsserie"
has "history for maintainers" "Historik"
expect "a missing lead is flagged" 200 "$(st "$JK" "$B/processes/$ADHD")"
has "says so" "Saknas"
expect "an owner who has left" 200 "$(st "$JK" "$B/processes/$DIAB")"
has "is flagged inactive" "inaktiv"
expect "unknown process" 404 "$(st "$JK" "$B/processes/999999")"

# ---- create: bad input is marked and kept ----
expect "an empty process is refused" 422 "$(st "$JK" \
    --data-urlencode "_csrf=$K" --data-urlencode "name=Läkemedelsgenomgång" \
    -d "code=bad code&kind=&unit=" "$B/processes")"
has "the code is marked" 'href="#f-code"'
has "the kind is marked" 'href="#f-kind"'
has "the unit is marked" 'href="#f-unit"'
has "the name is kept" 'value="Läkemedelsgenomgång"'
has "Swedish message" "Ange 1–32 tecken"
expect "a unit outside the scope" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "code=ST-X&name=X&kind=support&unit=VCE-MOTT" "$B/processes")"
has "the unit is marked" 'href="#f-unit"'
expect "a taken code" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "code=KP-ECT&name=X&kind=core&unit=LVPS-ECT&parent=$KP" "$B/processes")"
has "says so" "Koden används redan"
expect "a sub-process of another kind" 422 "$(st "$JK" \
    --data-urlencode "_csrf=$K" \
    -d "code=KP-Y&name=Y&kind=support&unit=LVPS-ECT&parent=$KP" "$B/processes")"
has "says so" "samma processtyp"
expect "an inactive owner is refused" 422 "$(st "$JK" \
    --data-urlencode "_csrf=$K" \
    -d "code=KP-Z&name=Z&unit=LVPS-ECT&parent=$KP&owner_id=$(user_id fd.processagare)" \
    "$B/processes")"
has "the owner is marked" 'href="#f-owner_id"'
expect "the quality coordinator creates a sub-process" 303 "$(st "$JK" \
    --data-urlencode "_csrf=$K" --data-urlencode "name=Elbehandling på avdelning" \
    -d "code=KP-ECT-AVD&unit=LVPS-ECT&parent=$ECT&lead_id=$(user_id handl.ect)" \
    "$B/processes")"
NEW=$(pid KP-ECT-AVD)
expect "stored below ECT with its kind" "/4/$ECT/$NEW/|core" \
    "$(sqlite3 "$DB" "SELECT path, kind FROM process WHERE id = $NEW" | sed 's|^/[0-9]*/|/4/|')"
expect "audited" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'process' AND entity_id = $NEW AND action = 'create'")"
expect "a top process needs an admin at the region" 422 "$(st "$JK" \
    --data-urlencode "_csrf=$K" -d "code=LED-NY&name=Ny&kind=management&unit=RE" \
    "$B/processes")"

# ---- edit: the owner changes only their own fields ----
C=$(login chef.kard)
JC=$T/chef.kard
expect "owner of KP-HSV edits it" 200 "$(st "$JC" "$B/processes/$HSV/edit")"
A=$(login admin)
JA=$T/admin
expect "admin edits a region process" 303 "$(st "$JA" --data-urlencode "_csrf=$A" \
    -d "code=ST-MTP&name=Medicinteknik&unit=RE&owner_id=$(user_id chef.kard)&sort_order=15" \
    "$B/processes/$MTP")"
expect "the owner is set" "$(user_id chef.kard)" \
    "$(sqlite3 "$DB" "SELECT owner_id FROM process WHERE id = $MTP")"
expect "chef.kard owns ST-MTP but is no maintainer at RE" 200 \
    "$(st "$JC" "$B/processes/$MTP/edit")"
hasnt "the owner's form has no code field" 'id="f-code"'
has "but the description" 'id="f-description"'
expect "the owner saves the description" 303 "$(st "$JC" \
    --data-urlencode "_csrf=$C" --data-urlencode "description=Inventering av utrustning" \
    -d "described=1&code=HACK" "$B/processes/$MTP")"
expect "description saved, code untouched" "Inventering av utrustning|ST-MTP|1" \
    "$(sqlite3 "$DB" "SELECT description, code, described FROM process WHERE id = $MTP")"
TOK=$("$SKA" token create --db "$DB" --username chef.kard)
expect "the owner may not rename by API" 403 "$(api PATCH /api/v1/processes/$MTP '{"name":"X"}')"
expect "but may set targets" 200 "$(api PATCH /api/v1/processes/$MTP '{"target_levels":"Alla apparater kontrollerade årligen","described":true}')"
has "the JSON" '"target_levels":"Alla apparater kontrollerade årligen"'

# ---- moves: no cycles, depth ----
expect "a move below its own sub-process" 422 "$(st "$JK" \
    --data-urlencode "_csrf=$K" -d "parent=$NEW" "$B/processes/$ECT/move")"
has "says so" "under sig själv"
expect "a move below another core process" 303 "$(st "$JK" \
    --data-urlencode "_csrf=$K" -d "parent=$(pid KP-SLUTEN)" "$B/processes/$NEW/move")"
expect "the path follows" "$(sqlite3 "$DB" "SELECT path FROM process WHERE code = 'KP-SLUTEN'")$NEW/" \
    "$(sqlite3 "$DB" "SELECT path FROM process WHERE id = $NEW")"

# ---- links ----
IND=$(sqlite3 "$DB" "SELECT id FROM indicator WHERE code = 'ADHD-VANT'")
expect "link an indicator" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "indicator=$IND" "$B/processes/$NEW/indicators")"
expect "linked" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM process_indicator WHERE process_id = $NEW AND indicator_id = $IND")"
expect "an unknown indicator" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "indicator=999999" "$B/processes/$NEW/indicators")"
has "is marked" 'href="#f-indicator"'
CASE=$(sqlite3 "$DB" "SELECT number FROM cases c JOIN org_unit u ON u.id = c.unit_id WHERE u.code = 'LVPS-AVD1' AND c.type = 'risk' LIMIT 1")
CID=$(sqlite3 "$DB" "SELECT id FROM cases WHERE number = '$CASE'")
expect "link a risk" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "case=$CASE" "$B/processes/$NEW/cases")"
expect "shown" 200 "$(st "$JK" "$B/processes/$NEW")"
has "the case number" "$CASE"
expect "the case names the process" 200 "$(st "$JK" "$B/cases/$CID")"
has "a link to it" "<a href=\"/processes/$NEW\">"
expect "a case number that does not exist" 422 "$(st "$JK" \
    --data-urlencode "_csrf=$K" -d "case=2001-999999" "$B/processes/$NEW/cases")"
has "the input is kept" 'value="2001-999999"'
expect "unlink the risk" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "case_id=$CID&remove=1" "$B/processes/$NEW/cases")"
expect "the case no longer names it" 200 "$(st "$JK" "$B/cases/$CID")"
hasnt "no link" "<a href=\"/processes/$NEW\">"
expect "link and unlink audited" 3 "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'process' AND entity_id = $NEW AND action IN ('link', 'unlink')")"

# ---- deactivation keeps the record ----
expect "a process with active sub-processes stays" 409 "$(st "$JK" \
    --data-urlencode "_csrf=$K" -d "active=0" "$B/processes/$(pid KP-SLUTEN)/active")"
has "says why" "Inaktivera först"
expect "a leaf is deactivated" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "active=0" "$B/processes/$NEW/active")"
expect "kept, inactive" 0 "$(sqlite3 "$DB" "SELECT active FROM process WHERE id = $NEW")"
expect "off the map" 200 "$(st "$JK" "$B/processes")"
hasnt "not drawn" "KP-ECT-AVD"

# ---- auditors read, change nothing ----
G=$(login granskare)
JG=$T/granskare
expect "auditor reads" 200 "$(st "$JG" "$B/processes/$ECT")"
has "with the history" "Historik"
hasnt "no forms" "/processes/$ECT/move"
expect "auditor cannot link" 403 "$(st "$JG" --data-urlencode "_csrf=$G" \
    -d "indicator=$IND" "$B/processes/$ECT/indicators")"
expect "nor edit" 403 "$(st "$JG" "$B/processes/$ECT/edit")"
expect "no CSRF token, no change" 403 "$(st "$JK" -d "active=0" "$B/processes/$ECT/active")"

# ---- inventory ----
expect "inventory" 200 "$(st "$JK" "$B/processes/inventory?unit=DPH")"
has "the ECT process" "KP-ECT"
has "ADHD lacks a lead" "saknar processledare"
has "counts" "inte beskriven"
hasnt "not heart failure" "KP-HSV"
expect "the owner marks ADHD described" 303 "$(st "$T/chef.psyk" \
    --data-urlencode "_csrf=$(login chef.psyk)" --data-urlencode "inventory_note=Klart" \
    -d "described=1&back=DPH" "$B/processes/$ADHD/inventory")"
expect "marked" "1|Klart" "$(sqlite3 "$DB" "SELECT described, inventory_note FROM process WHERE id = $ADHD")"
sqlite3 "$DB" "INSERT INTO patient_group (provider_id, code, name) VALUES ($(unit_id RE), 'KOL', 'KOL')"
expect "a patient group without a process" 200 "$(st "$JK" "$B/processes/inventory?unit=DPH")"
has "is listed with an add link" "group=$(sqlite3 "$DB" "SELECT id FROM patient_group WHERE code = 'KOL'")"
expect "staff see their inventory" 200 "$(st "$JP" "$B/processes/inventory?unit=LVPS-ECT")"
hasnt "without the mark form" 'name="inventory_note"'

# ---- dashboard of a process ----
expect "dashboard of KP-HSV" 200 "$(st "$JK" "$B/dashboard?process=$HSV")"
has "its indicator" "HSV-RAAS"
hasnt "not ECT's" "ECT-CGI"
has "names the process" "KP-HSV Hjärtsviktsvård"
expect "dashboard of KP (all sub-processes)" 200 "$(st "$JK" "$B/dashboard?process=$KP")"
has "ECT" "ECT-CGI"
has "heart failure" "HSV-RAAS"
expect "another provider's process" 404 "$(st "$JV" "$B/dashboard?process=$ECT")"

# ---- API ----
TOK=$("$SKA" token create --db "$DB" --username kvalitet)
expect "API list" 200 "$(api GET /api/v1/processes)"
has "tree order with levels" '"level":"subprocess"'
has "gaps" '"gaps":\["no_lead"'
expect "API one with links" 200 "$(api GET /api/v1/processes/$ECT)"
has "links" '"code":"ECT-CGI"'
expect "API create invalid" 422 "$(api POST /api/v1/processes '{"code":"","name":[7],"unit":"LVPS-ECT"}')"
has "field errors" '"fields":{'
has "name is the wrong type" '"name":"Wrong type of value."'
expect "API create" 201 "$(api POST /api/v1/processes "{\"code\":\"KP-ECT-API\",\"name\":\"Via API\",\"unit\":\"LVPS-ECT\",\"parent_id\":$ECT,\"owner_id\":$(user_id chef.psyk)}")"
has "created with the parent's kind" '"kind":"core"'
expect "API not JSON" 415 "$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOK" -d 'x' "$B/api/v1/processes")"
expect "API unknown" 404 "$(api GET /api/v1/processes/999999)"
expect "OpenAPI lists processes" 200 "$(api GET /api/v1/openapi.json)"
has "the path" '"\\/api\\/v1\\/processes\\/{id}"'

# ---- an indicator names the processes it measures (issue 4) ----
expect "API indicator" 200 "$(api GET /api/v1/indicators/ECT-CGI)"
has "with its process" "\"processes\":\\[{\"id\":$ECT,\"code\":\"KP-ECT\""
expect "API indicator without process" 200 "$(api GET /api/v1/indicators/VRI)"
has "an empty list" '"processes":\[\]'
expect "indicator page" 200 "$(st "$JK" "$B/indicators/ECT-CGI?unit=LVPS-ECT")"
has "links its process" "<a href=\"/processes/$ECT\">Elektrokonvulsiv behandling (ECT)</a>"

# ---- a process's history (/history/process/{id}) ----
expect "the process page links its history" 200 "$(st "$JK" "$B/processes/$ECT")"
has "for the quality coordinator" "href=\"/history/process/$ECT\""
expect "the history page" 200 "$(st "$JK" "$B/history/process/$ECT")"
has "names the record" "Historik: Process $ECT"
has "its creation" "skapad"
G=$(login granskare)
expect "the auditor reads it" 200 "$(st "$T/granskare" "$B/history/process/$ECT")"
C=$(login chef.psyk)
expect "the manager sees the recent changes" 200 "$(st "$T/chef.psyk" "$B/processes/$ECT")"
hasnt "but no link to the audit log" "/history/process/$ECT"
expect "nor the audit log" 403 "$(st "$T/chef.psyk" "$B/history/process/$ECT")"
expect "staff who read the process" 403 "$(st "$JP" "$B/history/process/$ECT")"
expect "a process staff cannot read is not found" 404 "$(st "$JP" "$B/history/process/$HSV")"
V=$(login vce.chef)
expect "nor another provider's" 404 "$(st "$T/vce.chef" "$B/history/process/$ECT")"
expect "an unknown process" 404 "$(st "$JK" "$B/history/process/999999")"
expect "an unknown kind of record" 404 "$(st "$JK" "$B/history/nothing/1")"

# ---- a failed read is an error page, never a page with a part missing ----
sqlite3 "$DB" "DROP TABLE process_case"
expect "the case page answers 500" 500 "$(st "$JK" "$B/cases/$CID")"
hasnt "not the case without its processes" "<h2 id=\"h-processes\">"
sqlite3 "$DB" "DROP TABLE process_indicator"
expect "the API too, not an indicator without its processes" 500 \
    "$(api GET /api/v1/indicators/ECT-CGI)"

suite_end
