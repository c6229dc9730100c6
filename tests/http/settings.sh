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
has "the nav marks the hub current" '<a href="/admin" aria-current="page">Administration</a>'

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

# ---- the risk matrix ----
expect "the quality coordinator's risk matrix" 200 "$(st "$JK" "$B/admin/risk-matrix")"
has "the default labels" 'name="consequence_1" type="text" maxlength="60" required value="Mindre"'
has "the grid" '<td class="cell-high">16 Hög</td>'
has "linked back" 'href="/admin/case-settings?provider='
expect "the settings link to it" 200 "$(st "$JK" "$B/admin/case-settings")"
has "the link" "href=\"/admin/risk-matrix?provider=$RE\""
OLD=$(q "SELECT c.id FROM cases c JOIN org_unit u ON u.id = c.unit_id WHERE u.path LIKE '/$RE/%' AND c.consequence = 2 AND c.probability = 2 ORDER BY c.id LIMIT 1")
expect "a recorded assessment" "4|medium" "$(q "SELECT risk_score || '|' || risk_band FROM cases WHERE id = $OLD")"
LABELS="consequence_1=Försumbar&consequence_2=Lindrig&consequence_3=Betydande&consequence_4=Katastrofal&probability_1=Osannolik&probability_2=Möjlig&probability_3=Trolig"
expect "bad thresholds and labels" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "provider=$RE&low_max=6&medium_max=5&analysis_score=40&analysis_consequence=3" \
    --data-urlencode "consequence_1=Försumbar" --data-urlencode "consequence_2= " \
    --data-urlencode "consequence_3=Betydande" --data-urlencode "consequence_4=Katastrofal" \
    --data-urlencode "probability_1=Osannolik" --data-urlencode "probability_2=Möjlig" \
    --data-urlencode "probability_3=Trolig" --data-urlencode "probability_4=möjlig" \
    "$B/admin/risk-matrix")"
has "the thresholds marked in Swedish" "Ange ett riskvärde högre än gränsen för låg risk"
has "the rule marked" "Ange ett riskvärde mellan 1 och det högsta riskvärdet"
has "an empty label marked" 'id="e-consequence_2"'
has "a repeated label marked" "Två nivåer kan inte ha samma benämning"
has "the field invalid" 'id="f-probability_4" name="probability_4" type="text" maxlength="60" required value="möjlig" aria-describedby="e-probability_4" aria-invalid="true"'
has "the input kept" 'name="low_max" type="number" inputmode="numeric" min="1" required value="6"'
has "the summary links the field" 'href="#f-medium_max"'
expect "nothing stored" 0 "$(q "SELECT count(*) FROM risk_matrix")"
expect "saved" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "provider=$RE&low_max=4&medium_max=9&analysis_score=12&analysis_consequence=4" \
    --data-urlencode "consequence_1=Försumbar" --data-urlencode "consequence_2=Lindrig" \
    --data-urlencode "consequence_3=Betydande" --data-urlencode "consequence_4=Katastrofal" \
    --data-urlencode "probability_1=Osannolik" --data-urlencode "probability_2=Möjlig" \
    --data-urlencode "probability_3=Trolig" --data-urlencode "probability_4= Nästan säker " \
    "$B/admin/risk-matrix")"
expect "the thresholds stored" "4|9|12|4" \
    "$(q "SELECT low_max || '|' || medium_max || '|' || analysis_score || '|' || analysis_consequence FROM risk_matrix WHERE provider_id = $RE")"
expect "own labels stored, trimmed; defaults left to the catalogue" \
    "consequence1Försumbar consequence2Lindrig probability1Osannolik probability2Möjlig probability3Trolig probability4Nästan säker" \
    "$(q "SELECT axis || level || label FROM risk_matrix_label WHERE provider_id = $RE ORDER BY axis, level" | tr '\n' ' ' | sed 's/ $//')"
expect "audited" 1 "$(q "SELECT count(*) FROM audit_log WHERE entity = 'risk_matrix' AND entity_id = $RE AND action = 'create'")"
expect "shown again" 200 "$(st "$JK" "$B/admin/risk-matrix?provider=$RE&saved=1")"
has "with a flash" "Ändringarna är sparade"
has "the new band of 4" '<td class="cell-low">4 Låg</td>'
has "the new label" '<th scope="col">4 Nästan säker</th>'
has "and a reset" 'name="op" value="reset"'
expect "the recorded assessment unchanged" "4|medium" "$(q "SELECT risk_score || '|' || risk_band FROM cases WHERE id = $OLD")"
expect "another provider's matrix" 403 "$(st "$JK" "$B/admin/risk-matrix?provider=$VCE")"
expect "nor saved" 403 "$(st "$JK" --data-urlencode "_csrf=$K" -d "provider=$VCE&low_max=1" "$B/admin/risk-matrix")"
expect "without CSRF" 403 "$(st "$JK" -d "provider=$RE&low_max=1" "$B/admin/risk-matrix")"
expect "a manager may not see it" 403 "$(st "$T/chef.psyk" "$B/admin/risk-matrix")"
expect "nor save it" 403 "$(st "$T/chef.psyk" --data-urlencode "_csrf=$C" -d "provider=$RE&low_max=1" "$B/admin/risk-matrix")"
expect "staff may not" 403 "$(st "$T/personal" "$B/admin/risk-matrix")"
expect "the administrator may" 200 "$(st "$T/admin" "$B/admin/risk-matrix")"

# a case assessed under the changed matrix
H=$(login handl.ect)
expect "the case page" 200 "$(st "$T/handl.ect" "$B/cases/$CASE")"
has "offers the own labels" '<option value="2">2 Lindrig</option>'
has "and the grid" '<th scope="row">1 Försumbar</th>'
expect "assessed" 303 "$(st "$T/handl.ect" --data-urlencode "_csrf=$H" \
    -d "consequence=2&probability=2&system_fault=0&care_injury=none" "$B/cases/$CASE")"
expect "recorded with the provider's band" "4|low" "$(q "SELECT risk_score || '|' || risk_band FROM cases WHERE id = $CASE")"
expect "shown" 200 "$(st "$T/handl.ect" "$B/cases/$CASE")"
has "with the configured labels" '<option value="2" selected>2 Lindrig</option>'
has "the band" '<span class="band band-low">Låg (4)</span>'
has "its cell" '<td class="cell-low current"><strong>4 Låg</strong>'
hasnt "no note of another matrix" "Bedömningen gjordes med en tidigare riskmatris"
expect "an assessment out of the matrix" 422 "$(st "$T/handl.ect" --data-urlencode "_csrf=$H" \
    -d "consequence=5&probability=2" "$B/cases/$CASE")"
TOK=$("$SKA" token create --db "$DB" --username handl.ect)
expect "in the API" 200 "$(api GET "/api/v1/cases/$CASE")"
has "the recorded band" '"risk_band": *"low"'
expect "an old case in the list" 200 "$(st "$JK" "$B/cases?view=units&sort=risk")"
expect "reset to the defaults" 303 "$(st "$JK" --data-urlencode "_csrf=$K" -d "provider=$RE&op=reset" "$B/admin/risk-matrix")"
expect "nothing left" "0 0" "$(q "SELECT (SELECT count(*) FROM risk_matrix), (SELECT count(*) FROM risk_matrix_label)" | tr '|' ' ')"
expect "audited" 1 "$(q "SELECT count(*) FROM audit_log WHERE entity = 'risk_matrix' AND entity_id = $RE AND action = 'delete'")"
expect "the case under the default matrix" 200 "$(st "$T/handl.ect" "$B/cases/$CASE")"
has "keeps its band" '<span class="band band-low">Låg (4)</span>'
has "says today's matrix judges otherwise" "Bedömningen gjordes med en tidigare riskmatris. Med den nuvarande matrisen blir risknivån: Medel."
has "the default labels again" '<option value="2" selected>2 Måttlig</option>'
has "offers to assess again" 'name="reassess"'
expect "saved without re-assessing" 303 "$(st "$T/handl.ect" --data-urlencode "_csrf=$H" \
    -d "consequence=2&probability=2&system_fault=0&care_injury=none" "$B/cases/$CASE")"
expect "still its band" "4|low" "$(q "SELECT risk_score || '|' || risk_band FROM cases WHERE id = $CASE")"
expect "assessed again" 303 "$(st "$T/handl.ect" --data-urlencode "_csrf=$H" \
    -d "consequence=2&probability=2&system_fault=0&care_injury=none&reassess=1" "$B/cases/$CASE")"
expect "today's band" "4|medium" "$(q "SELECT risk_score || '|' || risk_band FROM cases WHERE id = $CASE")"
expect "the change audited" 1 "$(q "SELECT count(*) FROM audit_log WHERE entity = 'case' AND entity_id = $CASE AND json_extract(before, '\$.risk_band') = 'low' AND json_extract(after, '\$.risk_band') = 'medium'")"

# ---- the administration hub: each link only for those who may use it ----
ALL="/admin/units /admin/users /admin/import /admin/case-settings /admin/categories /admin/risk-matrix /indicators/import"
# hub_links JAR: the hub's links, in order, as one line
hub_links() {
    sed -n 's|^<li><a href="\([^"]*\)" aria-describedby=.*|\1|p' "$T/body" | tr '\n' ' ' | sed 's/ $//'
}
# each_link JAR: every link of the hub answers 200 to its user
each_link() {
    for u in $(hub_links); do
        expect "$1 may use $u" 200 "$(st "$1" "$B$u")"
    done
}
expect "the administrator's hub" 200 "$(st "$T/admin" "$B/admin")"
expect "every administration page" "$ALL" "$(hub_links)"
has "described" 'Användare, deras roller per enhet och ersättare.'
has "grouped" '<h2 id="h-org">Organisation och behörigheter</h2>'
has "the nav entry current" '<a href="/admin" aria-current="page">Administration</a>'
hasnt "no separate admin entries in the nav" '<li><a href="/admin/users">'
each_link "$T/admin"
expect "the quality coordinator's hub (a role below the provider)" 200 "$(st "$JK" "$B/admin")"
expect "the settings and the indicator import only" \
    "/admin/case-settings /admin/categories /admin/risk-matrix /indicators/import" "$(hub_links)"
hasnt "no organisation group" 'id="h-org"'
each_link "$JK"
for p in /admin/units /admin/users /admin/import; do
    expect "which $p confirms" 403 "$(st "$JK" "$B$p")"
done
expect "the quality coordinator's start page" 200 "$(st "$JK" "$B/")"
has "has the hub in the nav" '<li><a href="/admin">Administration</a></li>'
hasnt "not the settings" '<li><a href="/admin/case-settings">'
has "its administration section links the hub" '<h2 id="h-admin">'
hasnt "but not the organisation pages it may not use" '<li><a href="/admin/units">'
expect "the administrator's start page" 200 "$(st "$T/admin" "$B/")"
has "the organisation pages" '<li><a href="/admin/units">'
G=$(login granskare)
for u in chef.psyk handl.ect personal granskare; do
    expect "$u has no hub" 403 "$(st "$T/$u" "$B/admin")"
    expect "$u's start page" 200 "$(st "$T/$u" "$B/")"
    hasnt "$u: no hub in the nav" 'href="/admin"'
done
# a deputy borrows the roles of the absent for the period, the hub too
TODAY=$(date +%F)
expect "chef.psyk deputises for kvalitet" 303 "$(st "$T/admin" --data-urlencode "_csrf=$A" \
    -d "deputy=$(user_id chef.psyk)&valid_from=$TODAY&valid_to=$TODAY" \
    "$B/admin/users/$(user_id kvalitet)/deputies")"
expect "the deputy's hub" 200 "$(st "$T/chef.psyk" "$B/admin")"
expect "as the quality coordinator's" \
    "/admin/case-settings /admin/categories /admin/risk-matrix /indicators/import" "$(hub_links)"
each_link "$T/chef.psyk"
# the catalogue has no entry of its own: the dashboard's entry stands for it
expect "the catalogue" 200 "$(st "$JK" "$B/indicators")"
has "marks Indikatorer current" '<a href="/dashboard" aria-current="page">Indikatorer</a>'
has "links the dashboard" '<a href="/dashboard">Indikatoröversikten'
expect "the dashboard" 200 "$(st "$JK" "$B/dashboard")"
has "links the catalogue" '<a href="/indicators">Indikatorkatalogen'
hasnt "no catalogue entry in the nav" '<li><a href="/indicators">'
expect "an indicator" 200 "$(st "$JK" "$B/indicators/HSV-RAAS")"
has "marks Indikatorer current" '<a href="/dashboard" aria-current="page">Indikatorer</a>'

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
