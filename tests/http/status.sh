#!/bin/sh
# status.sh: the status of the management system and the responsibility
# page over HTTP, on the demo plus fixture processes and documents written
# with SQL: every figure checked through a saved snapshot's JSON, the lists
# behind the figures, the comparison with last year's report, saving a
# report (bad input marked and kept), the snapshot pages, the
# responsibility gaps with the document owners summarised per person and
# their document list (?owner=), and every role's rights.
# Run from the repository root: SKA_BIN=build/ska tests/http/status.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init status
RE=$(unit_id RE)
LVPS=$(unit_id LVPS)
# the fixture lives in a unit subtree of its own under LVPS (TST with TST-A
# and TST-B), apart from the demo's processes and documents
for u in "TST Testverksamhet unit LVPS" "TST-A Testenhet_A unit TST" \
    "TST-B Testenhet_B unit TST"; do
    set -- $u
    "$SKA_BIN" unit add --db "$DB" --code "$1" --name "$(echo "$2" | tr _ ' ')" \
        --kind "$3" --parent "$4" >/dev/null || exit 1
done
TST=$(unit_id TST)
ECT=$(unit_id TST-A)
AVD=$(unit_id TST-B)
HOLM=$(user_id chef.psyk)
BERG=$(user_id handl.ect)
EK=$(user_id personal)
# fixture under TST: three core processes (one complete, one whose owner
# will leave, one with nobody), one support process; documents: current,
# past review, draft
sqlite3 "$DB" "INSERT INTO process (provider_id, unit_id, path, kind, code,
  name, owner_id, lead_id, owner_deputy_id, lead_deputy_id,
  quality_requirements, target_levels, created_at, updated_at) VALUES
  ($RE, $ECT, '/s1/', 'core', 'S-ECT', 'ECT-behandling', $HOLM, $BERG, $EK,
   $EK, 'Behandling inom 14 dagar', '90 %', 0, 0),
  ($RE, $AVD, '/s2/', 'core', 'S-AVD', 'Heldygnsvård', $EK, NULL, NULL,
   NULL, NULL, NULL, 0, 0),
  ($RE, $TST, '/s3/', 'core', 'S-TOM', 'Process utan ansvariga', NULL, NULL,
   NULL, NULL, NULL, NULL, 0, 0),
  ($RE, $TST, '/s4/', 'support', 'S-STOD', 'Stödprocess', NULL, NULL, NULL,
   NULL, NULL, NULL, 0, 0);
  INSERT INTO document (provider_id, unit_id, code, title, doc_type,
  owner_id, deputy_id, approver_id, state, review_due, created_at,
  updated_at) VALUES
  ($RE, $ECT, 'S-RUT-1', 'Rutin ECT', 'routine', $HOLM, $BERG, $HOLM,
   'approved', '2099-01-01', 0, 0),
  ($RE, $AVD, 'S-RUT-2', 'Rutin avdelning', 'routine', $EK, NULL, $HOLM,
   'approved', '2020-01-01', 0, 0),
  ($RE, $TST, 'S-RUT-3', 'Utkast', 'routine', $HOLM, NULL, $HOLM, 'draft',
   NULL, 0, 0);
  INSERT INTO document_process SELECT d.id, p.id FROM document d, process p
  WHERE (d.code, p.code) IN (VALUES ('S-RUT-1', 'S-ECT'), ('S-RUT-2',
  'S-AVD'), ('S-RUT-3', 'S-TOM'));"
server_start
# figrow KEY: the text of the status table's row of figure KEY
figrow() {
    sed -n "/<tr id=\"fig-$1\">/,/<\/tr>/p" "$T/body" | sed 's/<[^>]*>/ /g' |
        tr -s ' \n' ' '
}

S=$(login personal)
expect "staff: no status" 403 "$(st "$T/personal" "$B/status")"
expect "staff: no responsibility" 403 "$(st "$T/personal" "$B/responsibility")"
expect "staff: no snapshots" 403 "$(st "$T/personal" "$B/status/snapshots")"
K=$(login kvalitet)
JK=$T/kvalitet
expect "the status page" 200 "$(st "$JK" "$B/status")"
has "the title" "Ledningssystemets status"
has "the date for print" "Datum: "
has "compared with last year's report" "Årsrapport 20"
has "the change column" "Förändring"
has "the save form" 'action="/status/snapshots"'
expect "a unit subtree" 200 "$(st "$JK" "$B/status?unit=TST&compare=none")"
expect "owner and lead, 1 of 3" " Kärnprocesser med processägare och processledare 1 av 3 (33 %) Visa lista – Kärnprocesser med processägare och processledare " "$(figrow core_owner_lead)"
hasnt "no comparison" "Förändring"
has "the list behind a figure" "/status/items?figure=core_no_owner_lead"
has "the register's filter" "/requirements?never=1"

# ---- saving a report: every figure of LVPS ----
expect "no label" 422 "$(st "$JK" --data-urlencode "_csrf=$K" -d "unit=TST&label=+" \
    "$B/status/snapshots")"
has "marked" 'href="#f-label"'
has "in Swedish" "Fyll i det här fältet."
LONG=$(printf '%0201d' 0)
expect "a long label" 422 "$(st "$JK" --data-urlencode "_csrf=$K" -d "unit=TST" \
    -d "label=$LONG" "$B/status/snapshots")"
has "kept" "value=\"$LONG\""
expect "without CSRF" 403 "$(st "$JK" -d "unit=TST&label=x" "$B/status/snapshots")"
expect "saved" 303 "$(st "$JK" --data-urlencode "_csrf=$K" -d "unit=TST" \
    --data-urlencode "label=Årsrapport LVPS" "$B/status/snapshots")"
SNAP=$(sqlite3 "$DB" "SELECT max(id) FROM status_snapshot")
fig() { sqlite3 "$DB" "SELECT json_extract(figures, '\$.figures.$1') FROM
    status_snapshot WHERE id = $SNAP"; }
expect "core processes" 3 "$(fig core_total)"
expect "with owner and lead" 1 "$(fig core_owner_lead)"
expect "with current documents" 1 "$(fig core_current_docs)"
expect "with quality requirements and targets" 1 "$(fig core_quality_targets)"
expect "with indicator data" 0 "$(fig core_indicator_data)"
expect "approved documents" 2 "$(fig docs_approved)"
expect "past review" 1 "$(fig docs_overdue)"
expect "requirements" 40 "$(fig req_total)"
# a process anywhere in the care provider fulfils a requirement; the demo
# links 13 of the 40 to its processes
expect "without a process" 27 "$(fig req_no_process)"
# the demo assesses 4:2 and 6:1 at LVPS and 5:3 at LVPS-ECT: none in TST
expect "never assessed" 40 "$(fig req_never_assessed)"
expect "overdue review" 0 "$(fig req_overdue)"
expect "taken by" "$(user_id kvalitet)|$TST" "$(sqlite3 "$DB" \
    "SELECT taken_by, unit_id FROM status_snapshot WHERE id = $SNAP")"
expect "audited" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE
    entity = 'status_snapshot' AND entity_id = $SNAP AND actor = 'kvalitet'")"
expect "the snapshot" 200 "$(st "$JK" "$B/status/snapshots/$SNAP")"
has "its label" "Årsrapport LVPS"
has "its figures" "1 av 3 (33 %)"
expect "the list" 200 "$(st "$JK" "$B/status/snapshots?unit=HSF")"
has "this one" "Årsrapport LVPS"
has "last year's" "Årsrapport 20"

# things change; the comparison shows it
sqlite3 "$DB" "UPDATE process SET owner_id = $HOLM, lead_id = $BERG WHERE
  code = 'S-TOM'"
expect "compared" 200 "$(st "$JK" "$B/status?unit=TST&compare=$SNAP")"
expect "now 2 of 3, then 1 of 3" " Kärnprocesser med processägare och processledare 2 av 3 (67 %) Visa lista – Kärnprocesser med processägare och processledare 1 av 3 (33 %) +34 procentenheter " "$(figrow core_owner_lead)"
expect "documents past review: unchanged" " Dokument som passerat revisionsdatum 1 av 2 (50 %) Visa lista – Dokument som passerat revisionsdatum 1 av 2 (50 %) +0 procentenheter " "$(figrow docs_overdue)"
expect "an unknown snapshot" 404 "$(st "$JK" "$B/status?compare=999999")"

# ---- the lists behind the figures ----
expect "without owner or lead" 200 "$(st "$JK" \
    "$B/status/items?figure=core_no_owner_lead&unit=TST")"
has "the process" "S-AVD"
hasnt "the complete one" "S-ECT<"
expect "past review" 200 "$(st "$JK" "$B/status/items?figure=docs_overdue&unit=TST")"
has "the document" "S-RUT-2"
has "its date" "2020-01-01"
expect "an unknown figure" 400 "$(st "$JK" "$B/status/items?figure=nope&unit=TST")"

# ---- responsibility ----
sqlite3 "$DB" "UPDATE app_user SET active = 0 WHERE id = $EK"
expect "responsibility" 200 "$(st "$JK" "$B/responsibility?unit=LVPS")"
has "the manager" "Per Holm"
has "a core process nobody leads" "Ingen har rollen"
has "the owner who left" "Innehavaren är inaktiv"
has "no deputy" "Ingen ersättare"
has "the deputies" "Maria Lind"
has "a process owner" "ECT-behandling"
has "gaps first" 'id="h-gaps"'
has "counts" "Utan innehavare"
# document owners summarised per person, not one row per document
# text CLASS: the tag-stripped text of the table of that class
text() {
    sed -n "/<table class=\"$1\">/,/<\/table>/p" "$T/body" |
        sed 's/<[^>]*>/ /g' | tr -s ' \n' ' '
}
contains() { # DESC TEXT HAYSTACK
    case "$3" in
    *"$2"*) expect "$1" 0 0 ;;
    *) expect "$1" "$2" "$3" ;;
    esac
}
NDOCS=$(sqlite3 "$DB" "SELECT count(*) FROM document d JOIN org_unit u ON
    u.id = d.unit_id WHERE d.state <> 'archived' AND u.path LIKE
    (SELECT path FROM org_unit WHERE code = 'LVPS') || '%'")
has "the documents counted" "Dokumentägare ($NDOCS dokument)"
hasnt "no row per document" "S-RUT-1"
has "Per Holm's documents linked" "/documents?owner=$HOLM&amp;unit=$LVPS"
contains "an owner: documents, without a deputy, all his roles" \
    "Per Holm 2 dokument 1 0 11 Personen har för många ansvar" \
    "$(text resp-owners)"
contains "the owner who left, among the gaps" \
    "Erik Ek 1 dokument Innehavaren är inaktiv Ingen ersättare: 1 dokument" \
    "$(text resp-gap-owners)"
contains "too many: one person, once" "Per Holm 11 2 dokument" \
    "$(text resp-overloaded)"
has "counted as people" "Person med för många ansvar (8)</dt><dd>1</dd>"
expect "the owner's documents" 200 \
    "$(st "$JK" "$B/documents?owner=$HOLM&unit=$LVPS")"
has "his routine" "Rutin ECT"
hasnt "not Erik Ek's" "Rutin avdelning"
has "the filter named" "Filtrerat på dokumentägare: Per Holm"
has "the form keeps it" "name=\"owner\" value=\"$HOLM\""
expect "a bad owner" 400 "$(st "$JK" "$B/documents?owner=x")"
G=$(login granskare)
expect "the auditor reads it" 200 "$(st "$T/granskare" "$B/responsibility?unit=RE")"
has "the region's units" "Hjärtsviktsmottagningen"
has "the region's document owners" 'class="resp-owners"'

# ---- rights ----
C=$(login chef.psyk)
JC=$T/chef.psyk
expect "a manager's own unit" 200 "$(st "$JC" "$B/status")"
has "LVPS by default" "Länsvuxenpsykiatri slutenvård"
hasnt "no save form" 'action="/status/snapshots"'
expect "a manager may not save" 403 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "unit=LVPS&label=x" "$B/status/snapshots")"
expect "nor see HSF" 403 "$(st "$JC" "$B/status?unit=HSF")"
expect "nor its responsibility" 403 "$(st "$JC" "$B/responsibility?unit=KARD")"
expect "nor HSF's snapshots" 404 "$(st "$JC" "$B/status/snapshots/1")"
expect "but his own" 200 "$(st "$JC" "$B/status/snapshots/$SNAP")"
expect "an unknown unit" 404 "$(st "$JC" "$B/status?unit=NOPE")"
expect "the auditor reads the region" 200 "$(st "$T/granskare" "$B/status?unit=RE")"
expect "the auditor may not save" 403 "$(st "$T/granskare" --data-urlencode "_csrf=$G" \
    -d "unit=RE&label=x" "$B/status/snapshots")"
A=$(login admin)
expect "the admin saves the region's" 303 "$(st "$T/admin" --data-urlencode "_csrf=$A" \
    -d "unit=RE&label=Styrelsen+2026" "$B/status/snapshots")"
V=$(login vce.chef)
expect "another provider" 200 "$(st "$T/vce.chef" "$B/status")"
has "its own unit" "Vårdcentralen Exempelby AB"
hasnt "not RE's reports" "Årsrapport 20"
expect "not RE's snapshot" 404 "$(st "$T/vce.chef" "$B/status/snapshots/$SNAP")"
expect "the audit chain holds" 0 "$("$SKA" check --db "$DB" >/dev/null 2>&1; echo $?)"
suite_end
