#!/bin/sh
# settings.sh: a care provider's case settings and categories (the admin
# pages), and the clocks of a case in the API (Lex Maria decision,
# complaint answer), with their forbidden paths.
# Run from the repository root: SKA_BIN=build/ska tests/http/settings.sh
set -u
HERE=$(dirname "$0")
. "$HERE/lib.sh"
suite_init settings
q() { sqlite3 "$DB" "$1"; }
server_start
RE=$(unit_id RE)
VCE=$(unit_id VCE)

# ---- time limits and reminder days ----
K=$(login kvalitet)
JK=$T/kvalitet
expect "the quality coordinator's settings" 200 "$(st "$JK" "$B/admin/case-settings")"
has "the form" 'name="state_new"'
has "the default reminder lead" 'id="f-remind_lead" name="remind_lead" type="number" inputmode="numeric" min="0" max="365" required value="2"'
expect "a bad value" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "provider=$RE&state_new=abc&state_assessed=14&state_investigating=60&state_actions=90&state_transferred=7&lex_maria=60&complaint=28&remind_lead=2&remind_escalate=0" \
    "$B/admin/case-settings")"
has "is marked in Swedish" "Ange ett helt antal dagar"
has "the input is kept" 'value="abc"'
expect "nothing stored" 0 "$(q "SELECT count(*) FROM provider_time_limit")"
expect "saved" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "provider=$RE&state_new=10&state_assessed=14&state_investigating=60&state_actions=90&state_transferred=7&lex_maria=45&complaint=28&remind_lead=3&remind_escalate=5" \
    "$B/admin/case-settings")"
expect "only the changed values stored" "lex_maria|45 remind.escalate|5 remind.lead|3 state.new|10" \
    "$(q "SELECT key || '|' || days FROM provider_time_limit WHERE provider_id = $RE ORDER BY key" | tr '\n' ' ' | sed 's/ $//')"
expect "each change audited" 4 \
    "$(q "SELECT count(*) FROM audit_log WHERE entity = 'provider_time_limit' AND entity_id = $RE")"
expect "shown again" 200 "$(st "$JK" "$B/admin/case-settings?provider=$RE")"
has "with the new value" 'name="lex_maria" type="number" inputmode="numeric" min="1" max="3650" required value="45"'
expect "another provider's settings" 403 "$(st "$JK" "$B/admin/case-settings?provider=$VCE")"
expect "nor saved" 403 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "provider=$VCE&state_new=1" "$B/admin/case-settings")"
expect "without CSRF" 403 "$(st "$JK" -d "provider=$RE&state_new=1" "$B/admin/case-settings")"
C=$(login chef.psyk)
expect "a manager may not" 403 "$(st "$T/chef.psyk" "$B/admin/case-settings")"
A=$(login admin)
expect "the administrator may" 200 "$(st "$T/admin" "$B/admin/case-settings")"
has "the nav links it" 'href="/admin/case-settings"'

# ---- categories ----
expect "the categories" 200 "$(st "$JK" "$B/admin/categories")"
MAIN=$(q "SELECT id FROM case_category WHERE provider_id = $RE AND parent_id IS NULL ORDER BY id LIMIT 1")
expect "an empty name" 422 "$(st "$JK" --data-urlencode "_csrf=$K" -d "provider=$RE&name=" "$B/admin/categories")"
has "marked" "Obligatoriskt\|måste fyllas i\|Fyll i"
expect "a subcategory" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    --data-urlencode "name=Testkategori för påminnelser" -d "provider=$RE&parent=$MAIN" "$B/admin/categories")"
CAT=$(q "SELECT id FROM case_category WHERE name = 'Testkategori för påminnelser'")
expect "under its main category" "$MAIN" "$(q "SELECT parent_id FROM case_category WHERE id = $CAT")"
expect "a parent of another provider" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "provider=$RE&name=X&parent=$(q "SELECT id FROM case_category WHERE provider_id = $VCE LIMIT 1")" \
    "$B/admin/categories")"
expect "renamed" 303 "$(st "$JK" --data-urlencode "_csrf=$K" -d "op=rename" \
    --data-urlencode "name=Påminnelser" "$B/admin/categories/$CAT")"
expect "the new name" "Påminnelser" "$(q "SELECT name FROM case_category WHERE id = $CAT")"
P=$(login personal)
ECT=$(unit_id LVPS-ECT)
expect "offered when reporting" 200 "$(st "$T/personal" "$B/report")"
has "the category" "Påminnelser"
expect "a report in it" 303 "$(st "$T/personal" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Påminnelsen kom inte" -d "type=deviation&unit=$ECT&category=$CAT" "$B/report")"
CASE=$(q "SELECT max(id) FROM cases")
expect "deactivated" 303 "$(st "$JK" --data-urlencode "_csrf=$K" -d "op=deactivate" "$B/admin/categories/$CAT")"
expect "kept, inactive" "0" "$(q "SELECT active FROM case_category WHERE id = $CAT")"
expect "audited" 3 "$(q "SELECT count(*) FROM audit_log WHERE entity = 'case_category' AND entity_id = $CAT")"
expect "not offered any more" 200 "$(st "$T/personal" "$B/report")"
hasnt "the inactive category" "Påminnelser"
expect "nor accepted" 422 "$(st "$T/personal" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=X" -d "type=deviation&unit=$ECT&category=$CAT" "$B/report")"
expect "the old case still shows it" 200 "$(st "$T/personal" "$B/cases/$CASE")"
has "its category" "Påminnelser"
VCAT=$(q "SELECT id FROM case_category WHERE provider_id = $VCE LIMIT 1")
expect "another provider's category" 404 "$(st "$JK" --data-urlencode "_csrf=$K" -d "op=deactivate" "$B/admin/categories/$VCAT")"
expect "a manager may not" 403 "$(st "$T/chef.psyk" --data-urlencode "_csrf=$C" -d "provider=$RE&name=X" "$B/admin/categories")"
expect "reactivated" 303 "$(st "$JK" --data-urlencode "_csrf=$K" -d "op=activate" "$B/admin/categories/$CAT")"

# ---- the case list offers the user's provider's categories only ----
expect "the list" 200 "$(st "$JK" "$B/cases?view=units")"
VNAME=$(q "SELECT name FROM case_category WHERE id = $VCAT")
has "own categories" "Påminnelser"
q "UPDATE case_category SET name = 'Bara hos Vårdcentralen' WHERE id = $VCAT"
expect "the list again" 200 "$(st "$JK" "$B/cases?view=units")"
hasnt "not the other provider's" "Bara hos Vårdcentralen"
expect "another provider's category as a filter" 200 "$(st "$JK" "$B/cases?view=units&category=$VCAT")"
hasnt "is ignored, not offered" "Bara hos Vårdcentralen"

# ---- the API: Lex Maria and complaint clocks ----
TOK=$("$SKA" token create --db "$DB" --username kvalitet)
SER=$(q "SELECT c.id FROM cases c JOIN org_unit u ON u.id = c.unit_id WHERE c.serious = 1 AND u.path LIKE '/$RE/%' ORDER BY c.id LIMIT 1")
expect "a decision without reasoning" 422 "$(api POST "/api/v1/cases/$SER/lexmaria" '{"report":true,"decided_at":"2026-01-10"}')"
has "the field" '"reasoning"'
expect "sent before decided" 422 "$(api POST "/api/v1/cases/$SER/lexmaria" '{"report":true,"reasoning":"Allvarlig","decided_at":"2026-01-10","sent_at":"2026-01-01"}')"
has "the field" '"sent_at"'
expect "the decision" 200 "$(api POST "/api/v1/cases/$SER/lexmaria" '{"report":true,"reasoning":"Allvarlig vårdskada","decided_at":"2026-01-10","sent_at":"2026-01-12","ivo_ref":"IVO 1.2.3"}')"
has "stored" '"ivo_ref": *"IVO 1.2.3"'
expect "in the store" "1|IVO 1.2.3" "$(q "SELECT report || '|' || ivo_ref FROM case_lex_maria WHERE case_id = $SER")"
NS=$(q "SELECT c.id FROM cases c JOIN org_unit u ON u.id = c.unit_id WHERE c.serious = 0 AND c.type = 'deviation' AND u.path LIKE '/$RE/%' ORDER BY c.id LIMIT 1")
expect "not serious" 409 "$(api POST "/api/v1/cases/$NS/lexmaria" '{"report":false,"reasoning":"x","decided_at":"2026-01-10"}')"
TOKH=$("$SKA" token create --db "$DB" --username handl.ect)
TOKQ=$TOK
TOK=$TOKH
expect "a handler may not decide" 403 "$(api POST "/api/v1/cases/$SER/lexmaria" '{"report":false,"reasoning":"x","decided_at":"2026-01-10"}')"
TOK=$TOKQ
COMP=$(q "SELECT c.id FROM cases c JOIN org_unit u ON u.id = c.unit_id WHERE c.type = 'complaint' AND u.path LIKE '/$RE/%' ORDER BY c.id DESC LIMIT 1")
expect "an answer in the future" 422 "$(api POST "/api/v1/cases/$COMP/complaint" '{"answered_at":"2099-01-01"}')"
has "the field" '"answered_at"'
expect "a bad date" 422 "$(api POST "/api/v1/cases/$COMP/complaint" '{"answer_due":"31/12"}')"
expect "the clock" 200 "$(api POST "/api/v1/cases/$COMP/complaint" '{"answer_due":"2026-12-01","via_patientnamnd":true}')"
has "via" '"via_patientnamnd": *true'
expect "stored" "1" "$(q "SELECT via_patientnamnd FROM case_complaint WHERE case_id = $COMP")"
expect "not a complaint" 409 "$(api POST "/api/v1/cases/$NS/complaint" '{}')"
TOK=$("$SKA" token create --db "$DB" --username personal)
expect "staff may not" 403 "$(api POST "/api/v1/cases/$COMP/complaint" '{}')"
expect "the OpenAPI document" 200 "$(curl -s -o "$T/body" -w '%{http_code}' "$B/api/v1/openapi.json")"
has "lists the Lex Maria endpoint" 'Record the Lex Maria decision of a serious case: report (bool)'
has "documents the category filter" 'category (a category id'
has "and total_capped" 'total_capped'

suite_end
