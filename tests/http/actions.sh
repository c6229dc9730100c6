#!/bin/sh
# actions.sh: the action register over HTTP: the handler adds an action to
# a case, closing is blocked until it is done and evaluated, the
# responsible person sees it under "my actions" and completes it, the
# follow-up person evaluates it, the case then closes; overdue actions are
# marked and filtered; one unit subtree's actions (?unit=CODE, as the
# status page counts them); staff of other units and care providers are
# kept out; the API lists, creates and steps actions.
# Run from the repository root: SKA_BIN=build/ska tests/http/actions.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init actions
server_start
# the demo's cases that reached "actions" carry actions: evaluated ones on
# closed cases, open ones (some overdue) on open cases, none open on a
# closed case
expect "demo: evaluated actions" 1 "$(sqlite3 "$DB" "SELECT count(*) > 100 FROM action WHERE state = 'evaluated' AND evaluation <> ''")"
expect "demo: overdue open actions" 1 "$(sqlite3 "$DB" "SELECT count(*) > 0 FROM action WHERE state IN ('planned', 'in_progress') AND due_date < date('now')")"
expect "demo: no open action on a closed case" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM action a JOIN cases c ON c.id = a.source_id WHERE a.source = 'case' AND c.state = 'closed' AND a.state NOT IN ('evaluated', 'cancelled')")"
ECT=$(unit_id LVPS-ECT)
KARD=$(unit_id KARD-HSV)
TODAY=$(TZ=Europe/Stockholm date +%F)
DUE=$(TZ=Europe/Stockholm date -d '+7 days' +%F)
PERSONAL=$(user_id personal)
HANDLER=$(user_id handl.ect)
CLOSE_BLOCK="Det finns åtgärder som inte är genomförda och utvärderade."

P=$(login personal)
JP=$T/personal
expect "a report is filed" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Larmet på ECT-salen hördes inte" \
    -d "type=deviation&unit=$ECT" "$B/report")"
CASE=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
expect "staff cannot add actions" 403 "$(st "$JP" --data-urlencode "_csrf=$P" \
    -d "what=x&responsible=$PERSONAL&due_date=$DUE" "$B/cases/$CASE/actions")"

# ---- the handler adds an action ----
H=$(login handl.ect)
JH=$T/handl.ect
expect "case page" 200 "$(st "$JH" "$B/cases/$CASE")"
has "the action section" 'id="actions"'
has "the rule is stated" "varje åtgärd är genomförd och utvärderad"
has "the unit's staff are offered" "<option value=\"$PERSONAL\">"
expect "an empty action is refused" 422 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "what=&responsible=&due_date=" \
    "$B/cases/$CASE/actions")"
has "what is marked" 'href="#f-what"'
has "the responsible person is marked" 'href="#f-responsible"'
has "the due date is marked" 'href="#f-due_date"'
expect "a due date in the past is refused" 422 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "what=Byt+larm&responsible=$PERSONAL" \
    -d "due_date=2020-01-01" "$B/cases/$CASE/actions")"
has "says so" "Datumet får inte ha passerat"
has "the typed text is kept" ">Byt larm</textarea>"
expect "a bad date is refused" 422 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "what=x&responsible=$PERSONAL" \
    -d "due_date=2026-02-30" "$B/cases/$CASE/actions")"
has "an invalid date" "giltigt datum"
expect "an action is added" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    --data-urlencode "what=Byt ut larmhögtalaren i ECT-salen" \
    -d "responsible=$PERSONAL&follow_up=$HANDLER&due_date=$DUE" \
    "$B/cases/$CASE/actions")"
ACT=$(sqlite3 "$DB" "SELECT max(id) FROM action")
expect "stored as planned" "planned|case|$CASE" \
    "$(sqlite3 "$DB" "SELECT state, source, source_id FROM action WHERE id = $ACT")"
expect "the case page lists it" 200 "$(st "$JH" "$B/cases/$CASE")"
has "the action" "Byt ut larmhögtalaren"
has "planned" "Planerad"

# ---- closing is blocked until the action is evaluated ----
expect "assess and give feedback" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "consequence=2&probability=2&care_injury=none&take=1" \
    --data-urlencode "feedback=Tack, larmet byts ut." "$B/cases/$CASE")"
expect "assess" 303 "$(st "$JH" --data-urlencode "_csrf=$H" -d "event=assess" \
    "$B/cases/$CASE/step")"
expect "closing is blocked" 422 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=close" "$B/cases/$CASE/step")"
has "says why" "$CLOSE_BLOCK"

# ---- my actions: the responsible person completes it ----
expect "my actions" 200 "$(st "$JP" "$B/actions")"
has "the heading" "Mina åtgärder"
has "lists the action" "Byt ut larmhögtalaren"
has "with a link to the case" "href=\"/cases/$CASE#actions\""
hasnt "staff see no unit list" "Enhetens åtgärder"
expect "evaluating too early" 422 "$(st "$JP" --data-urlencode "_csrf=$P" \
    -d "event=evaluate&text=Bra" "$B/actions/$ACT")"
has "the step is refused" "kan inte ta det steget"
expect "start" 303 "$(st "$JP" --data-urlencode "_csrf=$P" -d "event=start" \
    "$B/actions/$ACT")"
expect "complete" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    -d "event=complete&back=case" "$B/actions/$ACT")"
expect "done" "done" "$(sqlite3 "$DB" "SELECT state FROM action WHERE id = $ACT")"
expect "still blocked when done but not evaluated" 422 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "event=close" "$B/cases/$CASE/step")"
has "says why" "$CLOSE_BLOCK"
expect "an evaluation needs a text" 422 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "event=evaluate&text=+" "$B/actions/$ACT")"
has "asks for the effect" "Beskriv åtgärdens effekt"
expect "the follow-up person evaluates" 303 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "event=evaluate&back=case" \
    --data-urlencode "text=Larmet hörs nu i hela salen; testat vid tre ECT-pass." \
    "$B/actions/$ACT")"
expect "evaluated" "evaluated" \
    "$(sqlite3 "$DB" "SELECT state FROM action WHERE id = $ACT")"
expect "the case closes" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=close" "$B/cases/$CASE/step")"
expect "closed" "closed" "$(sqlite3 "$DB" "SELECT state FROM cases WHERE id = $CASE")"
expect "no actions on a closed case" 409 "$(st "$JH" \
    --data-urlencode "_csrf=$H" \
    -d "what=x&responsible=$PERSONAL&due_date=$DUE" "$B/cases/$CASE/actions")"
expect "no steps on an evaluated action" 422 "$(st "$JP" \
    --data-urlencode "_csrf=$P" -d "event=cancel&text=x" "$B/actions/$ACT")"
expect "the audit log has each step" "create,in_progress,done,evaluated" \
    "$(sqlite3 "$DB" "SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE entity = 'action' AND entity_id = $ACT ORDER BY id)")"

# ---- overdue ----
expect "a second report" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Dörren till förrådet går inte att låsa" \
    -d "type=risk&unit=$ECT" "$B/report")"
CASE2=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
expect "an action on it" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    --data-urlencode "what=Laga låset till förrådet" \
    -d "responsible=$PERSONAL&due_date=$DUE" "$B/cases/$CASE2/actions")"
ACT2=$(sqlite3 "$DB" "SELECT max(id) FROM action")
expect "not overdue yet" 200 "$(st "$JP" "$B/actions?overdue=1")"
hasnt "not in the overdue list" "Laga låset"
sqlite3 "$DB" "UPDATE action SET due_date = '2020-01-01' WHERE id = $ACT2"
expect "my actions" 200 "$(st "$JP" "$B/actions")"
has "marked overdue" "Försenad"
expect "overdue only" 200 "$(st "$JP" "$B/actions?overdue=1")"
has "lists the late action" "Laga låset"
hasnt "not the evaluated one" "Byt ut larmhögtalaren"
expect "the unit's actions" 200 "$(st "$JH" "$B/actions?overdue=1")"
has "the handler sees the unit list" "Enhetens åtgärder"
has "with the late action" "Laga låset"
has "the filter is kept" 'name="overdue" value="1" checked'
expect "closing blocked by the late action" 422 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "event=close" "$B/cases/$CASE2/step")"
has "says why" "$CLOSE_BLOCK"
expect "cancelling needs a reason" 422 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=cancel" "$B/actions/$ACT2")"
has "asks for the reason" "Ange varför"

# ---- one unit subtree's actions (the status page's figures link here) ----
C=$(login chef.psyk)
JC=$T/chef.psyk
OPEN=$(sqlite3 "$DB" "SELECT count(*) FROM action a JOIN org_unit u ON
    u.id = a.unit_id WHERE u.path LIKE (SELECT path FROM org_unit WHERE
    code = 'LVPS') || '%' AND a.state NOT IN ('evaluated', 'cancelled')")
expect "the status page counts the unit's open actions" 200 \
    "$(st "$JC" "$B/status?unit=LVPS")"
has "and links the list with the unit" ">$OPEN <a class=\"noprint\" href=\"/actions?unit=LVPS\">"
has "the overdue ones too" 'href="/actions?overdue=1&amp;unit=LVPS"'
expect "the unit's list" 200 "$(st "$JC" "$B/actions?unit=LVPS")"
has "names the unit" "Öppna åtgärder i Länsvuxenpsykiatri slutenvård"
has "as many as the status page" "Antal: $OPEN</p>"
has "the late action" "Laga låset"
hasnt "not the user's own list" "Mina åtgärder"
has "the unit is kept in the filter" 'name="unit" value="LVPS"'
has "and in the step forms" '<input type="hidden" name="unit" value="LVPS">'
expect "overdue in the unit" 200 "$(st "$JC" "$B/actions?unit=LVPS&overdue=1")"
has "lists the late action" "Laga låset"
TODAY=$(TZ=Europe/Stockholm date +%F)
LATE=$(sqlite3 "$DB" "SELECT count(*) FROM action a JOIN org_unit u ON
    u.id = a.unit_id WHERE u.path LIKE (SELECT path FROM org_unit WHERE
    code = 'LVPS') || '%' AND a.state IN ('planned', 'in_progress')
    AND a.due_date < '$TODAY'")
has "counted (the demo's late actions and this one)" "Antal: $LATE</p>"
expect "a unit beside it" 200 "$(st "$JC" "$B/actions?unit=LVPS-AVD1")"
hasnt "does not list it" "Laga låset"
AVD1=$(sqlite3 "$DB" "SELECT count(*) FROM action a JOIN org_unit u ON
    u.id = a.unit_id WHERE u.code = 'LVPS-AVD1' AND a.state NOT IN
    ('evaluated', 'cancelled')")
has "counts its own" "Antal: $AVD1</p>"
expect "a unit outside the manager's scope" 403 "$(st "$JC" "$B/actions?unit=KARD")"
expect "an unknown unit" 404 "$(st "$JC" "$B/actions?unit=NOPE")"
expect "staff read no unit's actions" 403 "$(st "$JP" "$B/actions?unit=LVPS-ECT")"
login granskare >/dev/null
expect "the auditor reads the whole region's" 200 "$(st "$T/granskare" "$B/actions?unit=RE&overdue=1")"
has "the late action" "Laga låset"
expect "a step from the unit's list" 422 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "event=cancel&back=list&unit=LVPS" "$B/actions/$ACT2")"
has "keeps the unit" "Öppna åtgärder i Länsvuxenpsykiatri slutenvård"

# ---- others are kept out ----
K=$(login vce.chef)
expect "another care provider's manager: no such action" 404 \
    "$(st "$T/vce.chef" --data-urlencode "_csrf=$K" -d "event=start" \
    "$B/actions/$ACT2")"
expect "nor may add to the case" 404 "$(st "$T/vce.chef" \
    --data-urlencode "_csrf=$K" \
    -d "what=x&responsible=$PERSONAL&due_date=$DUE" "$B/cases/$CASE2/actions")"
expect "nor lists it" 200 "$(st "$T/vce.chef" "$B/actions")"
hasnt "not listed" "Laga låset"
KSTAFF=$(sqlite3 "$DB" "SELECT u.username FROM app_user u JOIN org_unit o ON o.id = u.home_unit_id WHERE o.code = 'KARD-HSV' LIMIT 1")
S=$(login "$KSTAFF")
expect "staff of another unit: no such action" 404 "$(st "$T/$KSTAFF" \
    --data-urlencode "_csrf=$S" -d "event=start" "$B/actions/$ACT2")"
expect "nor may add to the case" 403 "$(st "$T/$KSTAFF" \
    --data-urlencode "_csrf=$S" \
    -d "what=x&responsible=$PERSONAL&due_date=$DUE" "$B/cases/$CASE2/actions")"
expect "their list" 200 "$(st "$T/$KSTAFF" "$B/actions")"
hasnt "does not show it" "Laga låset"
expect "a responsible person from another care provider is refused" 422 \
    "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "what=x&responsible=$(user_id vce.chef)&due_date=$DUE" \
    "$B/cases/$CASE2/actions")"
has "the person is marked" 'href="#f-responsible"'

# ---- the API ----
TOK=$("$SKA" token create --db "$DB" --username handl.ect)
expect "API: a case's actions" 200 \
    "$(api GET "/api/v1/actions?source=case&source_id=$CASE2")"
has "lists the action" "\"id\":$ACT2"
has "overdue" '"overdue":true'
expect "API: the unit's overdue actions" 200 \
    "$(api GET '/api/v1/actions?view=units&overdue=1')"
has "lists it" "\"id\":$ACT2"
hasnt "not the evaluated one" "\"id\":$ACT,"
expect "API: add with a past date" 422 "$(api POST /api/v1/actions \
    "{\"source\":\"case\",\"source_id\":$CASE2,\"what\":\"Ny nyckel\",\"responsible_id\":$PERSONAL,\"due_date\":\"2020-01-01\"}")"
has "names the field" '"due_date"'
expect "API: add" 201 "$(api POST /api/v1/actions \
    "{\"source\":\"case\",\"source_id\":$CASE2,\"what\":\"Ny nyckel\",\"responsible_id\":$PERSONAL,\"follow_up_id\":$HANDLER,\"due_date\":\"$DUE\"}")"
has "planned" '"state":"planned"'
ACT3=$(sqlite3 "$DB" "SELECT max(id) FROM action")
expect "API: one action" 200 "$(api GET "/api/v1/actions/$ACT3")"
has "the responsible person" '"responsible":{"id"'
expect "API: unknown step" 422 \
    "$(api PATCH "/api/v1/actions/$ACT3" '{"event":"explode"}')"
expect "API: complete" 200 \
    "$(api PATCH "/api/v1/actions/$ACT3" '{"event":"complete"}')"
has "done" '"state":"done"'
expect "API: evaluate" 200 "$(api PATCH "/api/v1/actions/$ACT3" \
    '{"event":"evaluate","evaluation":"Låset fungerar."}')"
has "evaluated" '"state":"evaluated"'
has "no longer open" '"open":false'
expect "API: cancel the late one" 200 "$(api PATCH "/api/v1/actions/$ACT2" \
    '{"event":"cancel","reason":"Dörren byts ut i stället."}')"
expect "the case closes once no action is open" 303 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "consequence=1&probability=1" \
    --data-urlencode "feedback=Dörren byts." "$B/cases/$CASE2")"
expect "close" 303 "$(st "$JH" --data-urlencode "_csrf=$H" -d "event=close" \
    "$B/cases/$CASE2/step")"
expect "API: staff of another unit" 404 "$(TOK=$("$SKA" token create --db "$DB" \
    --username "$KSTAFF") api GET "/api/v1/actions/$ACT3")"
"$SKA" check --db "$DB" >/dev/null
expect "audit chain intact" 0 $?

suite_end
