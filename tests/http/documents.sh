#!/bin/sh
# documents.sh: controlled documents over HTTP: the demo's documents are
# found by search and filters; a quality coordinator creates a routine
# (bad input marked and kept), its owner edits and submits the draft, a
# stranger cannot approve, the approver returns it with a comment and
# approves it, a new version archives the old one, the owner archives the
# document and its link keeps working with a banner; staff never see
# drafts, auditors read everything in scope and change nothing, another
# care provider sees nothing; read acknowledgement with the share shown to
# the owner; process links; the API lists, creates, edits and steps;
# a version's attached file: upload (types by content, 413, 422), the
# draft's file kept from staff, download with the stored checksum, kept
# across versions, the API, and `ska check` on a changed byte.
# Run from the repository root: SKA_BIN=build/ska tests/http/documents.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init documents
server_start
# the server ran the reminder sweeps before answering: every approved
# demo document past its review date was escalated to its unit's managers,
# once (escalated_for = its review date)
expect "past review dates escalated at start" 0 "$(sqlite3 "$DB" "SELECT count(*)
    FROM document WHERE state = 'approved' AND review_due < date('now')
    AND coalesce(escalated_for, '') <> review_due")"
expect "managers told" 1 "$(sqlite3 "$DB" "SELECT count(*) > 0 FROM notification
    WHERE kind = 'doc_overdue'")"
ECT=$(unit_id LVPS-ECT)
HSF=$(unit_id HSF)
HANDL=$(user_id handl.ect)
CHEF=$(user_id chef.psyk)
KVAL=$(user_id kvalitet)
DRAFT=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'RUT-ADHD-002'")
OLD=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'INF-ECT-002'")
GONE=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'RIK-RE-005'")
ECTG=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'RIK-ECT-001'")
doc_state() { sqlite3 "$DB" "SELECT state FROM document WHERE id = $1"; }

# ---- reading: search, filters, banners ----
P=$(login personal)
JP=$T/personal
expect "the list" 200 "$(st "$JP" "$B/documents")"
has "the heading" "Styrande dokument"
has "a routine of the region" "Basala hygienrutiner"
hasnt "staff never see a draft" "Kartläggning och utredning"
hasnt "nor other lines' documents" "Vårdprogram diabetesfoten"
expect "search without diacritics" 200 "$(st "$JP" "$B/documents?q=kladregl")"
has "finds the routine" "Basala hygienrutiner och klädregler"
hasnt "and nothing else" "Riktlinje för ECT"
expect "overdue filter" 200 "$(st "$JP" "$B/documents?overdue=1")"
has "lists the overdue leaflet" "Patientinformation inför ECT-behandling"
hasnt "not the current guideline" "Riktlinje för ECT-behandling"

expect "type filter" 200 "$(st "$JP" "$B/documents?type=policy")"
has "the quality policy" "Kvalitetspolicy"
hasnt "no routines" "Basala hygienrutiner"
expect "a bad filter" 400 "$(st "$JP" "$B/documents?type=memo")"
expect "a document past its review date" 200 "$(st "$JP" "$B/documents/$OLD")"
has "stays readable" "fastande från midnatt"
has "with the banner" "Revisionsdatumet har passerat"
expect "an archived document" 200 "$(st "$JP" "$B/documents/$GONE")"
has "is marked archived" "Arkiverat."
expect "staff cannot open a draft" 404 "$(st "$JP" "$B/documents/$DRAFT")"
expect "nor its version" 404 "$(st "$JP" "$B/documents/$DRAFT/versions/1")"
expect "staff cannot create" 403 "$(st "$JP" "$B/documents/new")"
expect "staff cannot edit" 403 "$(st "$JP" "$B/documents/$ECTG/edit")"
expect "staff cannot archive" 403 "$(st "$JP" --data-urlencode "_csrf=$P" \
    -d "event=archive" "$B/documents/$ECTG/step")"
expect "the document stays approved" approved "$(doc_state "$ECTG")"

# ---- the auditor reads everything in scope, changes nothing ----
G=$(login granskare)
JG=$T/granskare
expect "the auditor searches the region" 200 "$(st "$JG" "$B/documents?q=vardprogram+diabetesfot")"
has "finds the care programme" "Vårdprogram diabetesfoten"
expect "the auditor reads a draft" 200 "$(st "$JG" "$B/documents/$DRAFT")"
has "marked as not approved" "Inte fastställt"
hasnt "no forms for the auditor" 'action="/documents/'"$DRAFT"'/step"'
expect "the auditor cannot submit" 403 "$(st "$JG" --data-urlencode "_csrf=$G" \
    -d "event=submit" "$B/documents/$DRAFT/step")"
expect "the auditor cannot edit the draft" 403 "$(st "$JG" \
    --data-urlencode "_csrf=$G" -d "body=x" "$B/documents/$DRAFT/draft")"
expect "the auditor reads the history" 200 "$(st "$JG" "$B/history/document/$ECTG")"
has "labelled" "fastställd"
expect "the auditor reads a draft's history" 200 "$(st "$JG" "$B/history/document/$DRAFT")"
expect "staff cannot read a draft's history" 404 "$(st "$JP" "$B/history/document/$DRAFT")"
expect "nor an approved document's" 403 "$(st "$JP" "$B/history/document/$ECTG")"

# ---- another care provider sees nothing ----
V=$(login vce.chef)
JV=$T/vce.chef
expect "other provider: list" 200 "$(st "$JV" "$B/documents")"
hasnt "no region documents" "Kvalitetspolicy"
expect "other provider: no document" 404 "$(st "$JV" "$B/documents/$ECTG")"

# ---- creating: bad input is marked and kept ----
K=$(login kvalitet)
JK=$T/kvalitet
expect "the new form" 200 "$(st "$JK" "$B/documents/new")"
has "the Markdown help" "Hjälp med formatering"
expect "bad input" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    --data-urlencode "title=Rutin för fasta före ECT" \
    -d "code=rut+1&doc_type=memo&unit=$ECT&owner=$HANDL&approver=&review_months=200" \
    -d "body=" "$B/documents")"
has "the code is marked" 'href="#f-code"'
has "the type is marked" 'href="#f-doc_type"'
has "the approver is marked" 'href="#f-approver"'
has "the interval is marked" "1–120"
has "the body is marked" 'href="#f-body"'
has "the title is kept" 'value="Rutin för fasta före ECT"'
expect "a unit elsewhere is refused" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "code=RUT-X-1&title=X&doc_type=routine&unit=$(unit_id VCE-MOTT)" \
    -d "owner=$HANDL&approver=$CHEF&review_months=12&body=x" "$B/documents")"
has "says so" "Välj en enhet där du får skapa dokument"
expect "created" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    --data-urlencode "title=Rutin för fasta före ECT" \
    -d "code=RUT-ECT-009&doc_type=routine&unit=$ECT&owner=$HANDL" \
    -d "approver=$CHEF&review_months=12&ack_required=1" \
    --data-urlencode "body=# Fasta
Patienten ska vara **fastande** från midnatt. <script>alert(1)</script>" \
    -d "change_note=Ny+rutin" "$B/documents")"
D=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'RUT-ECT-009'")
expect "stored as a draft" "draft|1" \
    "$(sqlite3 "$DB" "SELECT d.state, v.version_no FROM document d JOIN document_version v ON v.id = d.current_version_id WHERE d.id = $D")"
expect "the same code again" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "code=RUT-ECT-009&title=X&doc_type=routine&unit=$ECT&owner=$HANDL" \
    -d "approver=$CHEF&review_months=12&body=x" "$B/documents")"
has "the code is taken" "Det finns redan ett dokument med det id:t"
expect "the audit log has it" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'document' AND entity_id = $D AND action = 'create'")"

# ---- the owner works on the draft ----
H=$(login handl.ect)
JH=$T/handl.ect
expect "the owner reads the draft" 200 "$(st "$JH" "$B/documents/$D")"
has "rendered Markdown" "<strong>fastande</strong>"
hasnt "never raw HTML" "<script>alert"
expect "staff still cannot" 404 "$(st "$JP" "$B/documents/$D")"
expect "an empty draft is refused" 422 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "body=+" "$B/documents/$D/draft")"
has "the body is marked" 'href="#f-body"'
expect "the owner edits" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    --data-urlencode "body=# Fasta
Fastande från midnatt; klara drycker till klockan sex." \
    -d "change_note=Klara+drycker" "$B/documents/$D/draft")"
C=$(login chef.psyk)
JC=$T/chef.psyk
expect "the approver cannot edit the text" 403 "$(st "$JC" \
    --data-urlencode "_csrf=$C" -d "body=x" "$B/documents/$D/draft")"
expect "the approver cannot approve a draft" 422 "$(st "$JC" \
    --data-urlencode "_csrf=$C" -d "event=approve" "$B/documents/$D/step")"
expect "the owner submits" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=submit&version=1" "$B/documents/$D/step")"
expect "the owner cannot approve" 403 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=approve" "$B/documents/$D/step")"
expect "a quality coordinator cannot approve" 403 "$(st "$JK" \
    --data-urlencode "_csrf=$K" -d "event=approve" "$B/documents/$D/step")"
expect "editing under review is refused" 409 "$(st "$JH" \
    --data-urlencode "_csrf=$H" -d "body=x" "$B/documents/$D/draft")"
expect "the approver sees the decision form" 200 "$(st "$JC" "$B/documents/$D")"
has "approve button" 'value="approve"'
expect "returning needs a comment" 422 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "event=return&comment=" "$B/documents/$D/step")"
has "the comment is marked" "Skriv vad som behöver ändras"
expect "returned" 303 "$(st "$JC" --data-urlencode "_csrf=$C" \
    --data-urlencode "comment=Ange vem som kontrollerar fastan" \
    -d "event=return" "$B/documents/$D/step")"
expect "the owner sees why" 200 "$(st "$JH" "$B/documents/$D")"
has "the comment" "Ange vem som kontrollerar fastan"
expect "resubmitted" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=submit" "$B/documents/$D/step")"
expect "a validity date in the past is refused" 422 "$(st "$JC" \
    --data-urlencode "_csrf=$C" -d "event=approve&valid_until=2020-01-01" \
    "$B/documents/$D/step")"
has "the date is marked" "Datumet måste ligga efter i dag"
has "the date is kept" 'value="2020-01-01"'
expect "approved" 303 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "event=approve" "$B/documents/$D/step")"
DUE=$(TZ=Europe/Stockholm date -d '+12 months' +%F)
expect "approved with the review date" "approved|$DUE" \
    "$(sqlite3 "$DB" "SELECT state, review_due FROM document WHERE id = $D")"
expect "the approval is audited" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'document' AND entity_id = $D AND action = 'approve'")"

# ---- staff read the approved version and acknowledge it ----
expect "staff read it now" 200 "$(st "$JP" "$B/documents/$D")"
has "the text" "klara drycker"
has "the acknowledgement button" "Jag har läst"
hasnt "staff do not see the share" "Har läst i målgruppen"
expect "acknowledged" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    "$B/documents/$D/ack")"
expect "once" 303 "$(st "$JP" --data-urlencode "_csrf=$P" "$B/documents/$D/ack")"
expect "one acknowledgement" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM document_ack WHERE document_id = $D")"
expect "the owner sees the share" 200 "$(st "$JH" "$B/documents/$D")"
has "the share" "Har läst i målgruppen: 1 /"
expect "search finds the new text" 200 "$(st "$JP" "$B/documents?q=drycker")"
has "by its body" "Rutin för fasta före ECT"

# ---- a new version archives the old one ----
expect "the owner starts version 2" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    --data-urlencode "body=# Fasta
Version två." -d "change_note=Version+2" "$B/documents/$D/draft")"
expect "staff still read version 1" 200 "$(st "$JP" "$B/documents/$D")"
has "the approved text" "klara drycker"
expect "but not version 2" 404 "$(st "$JP" "$B/documents/$D/versions/2")"
st "$JH" --data-urlencode "_csrf=$H" -d "event=submit" "$B/documents/$D/step" >/dev/null
expect "version 2 approved" 303 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "event=approve&valid_until=2030-06-30" "$B/documents/$D/step")"
expect "v1 archived, v2 approved" "archived approved" \
    "$(sqlite3 "$DB" "SELECT group_concat(state, ' ') FROM (SELECT state FROM document_version WHERE document_id = $D ORDER BY version_no)")"
expect "valid until sets the review date" 2030-06-30 \
    "$(sqlite3 "$DB" "SELECT review_due FROM document WHERE id = $D")"
expect "version 1 stays readable" 200 "$(st "$JP" "$B/documents/$D/versions/1")"
has "marked not current" "Det här är inte den version som gäller"

# ---- process links: only those who keep the document ----
expect "staff cannot link" 403 "$(st "$JP" --data-urlencode "_csrf=$P" \
    -d "process=1" "$B/documents/$D/processes")"
expect "an unknown process" 422 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "process=999999" "$B/documents/$D/processes")"
# the demo's ECT process
PROC=$(sqlite3 "$DB" "SELECT id FROM process WHERE code = 'KP-ECT'")
PNAME=$(sqlite3 "$DB" "SELECT name FROM process WHERE code = 'KP-ECT'")
expect "the quality coordinator links a process" 303 "$(st "$JK" \
    --data-urlencode "_csrf=$K" -d "process=$PROC" "$B/documents/$D/processes")"
expect "linked and audited" "1|1" "$(sqlite3 "$DB" "SELECT (SELECT count(*)
    FROM document_process WHERE document_id = $D AND process_id = $PROC),
    (SELECT count(*) FROM audit_log WHERE entity = 'document' AND
    entity_id = $D AND action = 'link')")"
expect "the page shows it" 200 "$(st "$JP" "$B/documents/$D")"
has "the process" "KP-ECT $PNAME"
expect "the process filter finds it" 200 "$(st "$JP" "$B/documents?process=$PROC")"
has "the document" "Rutin för fasta före ECT"
expect "unlinked" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "process=$PROC&op=unlink" "$B/documents/$D/processes")"
expect "no link left" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM document_process WHERE document_id = $D")"

# ---- archive: the link never breaks ----
expect "the approver archives" 303 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "event=archive" "$B/documents/$D/step")"
expect "archived" archived "$(doc_state "$D")"
expect "the link still works" 200 "$(st "$JP" "$B/documents/$D")"
has "with the banner" "Arkiverat."
has "showing the last version" "Version två"

# ---- the API ----
TOK=$("$SKA" token create --db "$DB" --username kvalitet)
expect "API search" 200 "$(api GET '/api/v1/documents?q=hygien')"
has "the routine" '"code":"RUT-HYG-001"'
expect "API bad filter" 400 "$(api GET '/api/v1/documents?state=nope')"
OWNER=$(sqlite3 "$DB" "SELECT owner_id FROM document WHERE code = 'RUT-HYG-001'")
NOWN=$(sqlite3 "$DB" "SELECT count(*) FROM document WHERE owner_id = $OWNER")
expect "API by owner" 200 "$(api GET "/api/v1/documents?owner=$OWNER&limit=200")"
has "the owner's document" '"code":"RUT-HYG-001"'
expect "only the owner's, all of them" "$NOWN" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$T/body")"
expect "API bad owner" 400 "$(api GET '/api/v1/documents?owner=x')"
expect "API create: bad input" 422 "$(api POST /api/v1/documents '{"code":"x y","title":""}')"
has "fields" '"fields"'
expect "API create" 201 "$(api POST /api/v1/documents "{\"code\":\"RUT-HSF-100\",\"title\":\"Rutin för API\",\"doc_type\":\"routine\",\"unit_id\":$HSF,\"owner_id\":$KVAL,\"approver_id\":$CHEF,\"review_months\":24,\"body_md\":\"# API\"}")"
A=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'RUT-HSF-100'")
expect "API read" 200 "$(api GET "/api/v1/documents/$A")"
has "a draft" '"state":"draft"'
expect "API patch" 200 "$(api PATCH "/api/v1/documents/$A" '{"title":"Rutin för API, ändrad"}')"
has "the new title" "ändrad"
expect "API draft" 201 "$(api POST "/api/v1/documents/$A/versions" '{"body_md":"# API\n\nText."}')"
expect "API submit" 200 "$(api POST "/api/v1/documents/$A/versions/1/transitions" '{"event":"submit"}')"
expect "API: the owner cannot approve" 403 "$(api POST "/api/v1/documents/$A/versions/1/transitions" '{"event":"approve"}')"
expect "API versions" 200 "$(api GET "/api/v1/documents/$A/versions")"
has "under review" '"state":"review"'
TOK=$("$SKA" token create --db "$DB" --username personal)
expect "API: staff do not see the draft" 404 "$(api GET "/api/v1/documents/$A")"
expect "API: staff cannot create" 403 "$(api POST /api/v1/documents '{}')"
TOK=$("$SKA" token create --db "$DB" --username chef.psyk)
expect "API approve" 200 "$(api POST "/api/v1/documents/$A/versions/1/transitions" '{"event":"approve"}')"
has "approved" '"state":"approved"'
expect "openapi lists the documents" 200 "$(api GET /api/v1/openapi.json)"
has "the transitions" "Take a step: submit, approve, return, archive"

# ---- a version's attached file ----
F=$T/files
mkdir -p "$F"
printf '%%PDF-1.4\n%% rutin fasta\n1 0 obj << >> endobj\n%%%%EOF\n' >"$F/rutin.pdf"
printf 'Rutin för fasta, version två\nrad två\n' >"$F/rutin.txt"
printf 'MZ\220\0\3\0\0\0\4\0' >"$F/program.exe"
head -c $((10 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$F/big.txt"
sha() { sha256sum "$1" | cut -d' ' -f1; }
hdr() { tr -d '\r' <"$T/h" | sed -n "s/^$1: *//Ip" | head -n 1; }
expect "the new form takes a file" 200 "$(st "$JK" "$B/documents/new")"
has "as multipart" 'enctype="multipart/form-data"'
has "with a file input" 'type="file" id="f-file" name="file"'
expect "a forbidden type on the new form" 422 "$(st "$JK" -F "_csrf=$K" \
    -F "code=RUT-ECT-010" -F "title=Fasta som PDF" -F doc_type=routine \
    -F "unit=$ECT" -F "owner=$HANDL" -F "approver=$CHEF" -F review_months=12 \
    -F "body=" -F "file=@$F/program.exe;filename=rutin.pdf;type=application/pdf" \
    "$B/documents")"
has "the file is marked" 'href="#f-file"'
has "says which types" "Skicka foto (JPEG, PNG, HEIC), PDF"
has "the title is kept" 'value="Fasta som PDF"'
expect "nothing stored" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM document WHERE code = 'RUT-ECT-010'")"
expect "a good file with a bad field" 422 "$(st "$JK" -F "_csrf=$K" \
    -F "code=RUT-ECT-010" -F "title=" -F doc_type=routine -F "unit=$ECT" \
    -F "owner=$HANDL" -F "approver=$CHEF" -F review_months=12 -F "body=" \
    -F "file=@$F/rutin.pdf" "$B/documents")"
has "asks for the file again" "Välj filen igen"
hasnt "the body is not asked for" "Skriv en text eller bifoga en fil"
expect "neither text nor file" 422 "$(st "$JK" -F "_csrf=$K" \
    -F "code=RUT-ECT-010" -F "title=Fasta som PDF" -F doc_type=routine \
    -F "unit=$ECT" -F "owner=$HANDL" -F "approver=$CHEF" -F review_months=12 \
    -F "body=" -F "file=@/dev/null;filename=" "$B/documents")"
has "asks for one of them" "Skriv en text eller bifoga en fil"
expect "created with a file and no text" 303 "$(st "$JK" -F "_csrf=$K" \
    -F "code=RUT-ECT-010" -F "title=Fasta som PDF" -F doc_type=routine \
    -F "unit=$ECT" -F "owner=$HANDL" -F "approver=$CHEF" -F review_months=12 \
    -F "body=" -F "file=@$F/rutin.pdf;filename=../Rutin fasta.pdf" "$B/documents")"
FD=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'RUT-ECT-010'")
expect "stored with its checksum" "Rutin fasta.pdf|pdf|$(wc -c <"$F/rutin.pdf")|$(sha "$F/rutin.pdf")|1" \
    "$(sqlite3 "$DB" "SELECT file_name, file_type, file_size, file_sha256, body_md IS NULL FROM document_version WHERE document_id = $FD")"
expect "the audit names the file" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log
    WHERE entity = 'document_version' AND action = 'create' AND
    after LIKE '%$(sha "$F/rutin.pdf")%'")"
expect "the owner sees the draft's file" 200 "$(st "$JH" "$B/documents/$FD")"
has "as a download" "href=\"/documents/$FD/versions/1/file\""
has "with its checksum" "$(sha "$F/rutin.pdf")"
code=$(curl -s -b "$JH" -D "$T/h" -o "$T/dl" -w '%{http_code}' \
    "$B/documents/$FD/versions/1/file")
expect "the owner downloads it" 200 "$code"
expect "the same bytes" "$(sha "$F/rutin.pdf")" "$(sha "$T/dl")"
expect "with the sniffed type" application/pdf "$(hdr Content-Type)"
expect "as an attachment" \
    "attachment; filename=\"Rutin fasta.pdf\"; filename*=UTF-8''Rutin%20fasta.pdf" \
    "$(hdr Content-Disposition)"
expect "a staff user cannot download a draft's file" 404 \
    "$(st "$JP" "$B/documents/$FD/versions/1/file")"
expect "the auditor can" 200 "$(st "$JG" "$B/documents/$FD/versions/1/file")"
expect "another provider cannot" 404 "$(st "$JV" "$B/documents/$FD/versions/1/file")"
expect "the edit form shows the file" 200 "$(st "$JH" "$B/documents/$FD/edit")"
has "with a way to remove it" 'name="remove_file"'
expect "a forbidden type on the draft" 422 "$(st "$JH" -F "_csrf=$H" -F "body=" \
    -F "file=@$F/program.exe" "$B/documents/$FD/draft")"
has "the file is marked" 'href="#f-file"'
expect "a too large file" 413 "$(st "$JH" -F "_csrf=$H" -F "body=" \
    -F "file=@$F/big.txt" "$B/documents/$FD/draft")"
has "says so" "större än 10 MB"
expect "removing the file with no text" 422 "$(st "$JH" -F "_csrf=$H" \
    -F "body=" -F remove_file=1 "$B/documents/$FD/draft")"
has "is refused" "Skriv en text eller bifoga en fil"
expect "text added, the file kept" 303 "$(st "$JH" -F "_csrf=$H" \
    -F "body=Se den bifogade rutinen." -F "change_note=Text" "$B/documents/$FD/draft")"
expect "still the same file" "$(sha "$F/rutin.pdf")|Se den bifogade rutinen." \
    "$(sqlite3 "$DB" "SELECT file_sha256, body_md FROM document_version WHERE document_id = $FD")"
st "$JH" --data-urlencode "_csrf=$H" -d "event=submit" "$B/documents/$FD/step" >/dev/null
expect "approved with its file" 303 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "event=approve" "$B/documents/$FD/step")"
expect "staff read it now" 200 "$(st "$JP" "$B/documents/$FD")"
has "with the download" "Ladda ned Rutin fasta.pdf"
expect "and download it" 200 "$(st "$JP" "$B/documents/$FD/versions/1/file")"
# a new version starts with the approved version's file
expect "version 2 started with text only" 303 "$(st "$JH" -F "_csrf=$H" \
    -F "body=Se den bifogade rutinen, version två." -F "change_note=v2" \
    "$B/documents/$FD/draft")"
expect "the file came along" "$(sha "$F/rutin.pdf")" \
    "$(sqlite3 "$DB" "SELECT file_sha256 FROM document_version WHERE document_id = $FD AND version_no = 2")"
expect "staff cannot download version 2's file" 404 \
    "$(st "$JP" "$B/documents/$FD/versions/2/file")"
expect "the owner replaces it" 303 "$(st "$JH" -F "_csrf=$H" -F "body=" \
    -F "file=@$F/rutin.txt" -F "change_note=v2" "$B/documents/$FD/draft")"
expect "version 2 has the new file, version 1 the old" "2|text|$(sha "$F/rutin.txt")
1|pdf|$(sha "$F/rutin.pdf")" "$(sqlite3 "$DB" "SELECT version_no, file_type,
    file_sha256 FROM document_version WHERE document_id = $FD ORDER BY version_no DESC")"
expect "a version without a file" 404 "$(st "$JH" "$B/documents/$D/versions/1/file")"

# ---- attached files in the API ----
TOK=$("$SKA" token create --db "$DB" --username handl.ect)
expect "API versions carry the file" 200 "$(api GET "/api/v1/documents/$FD/versions")"
has "its checksum" "\"sha256\":\"$(sha "$F/rutin.pdf")\""
has "its download" "\"url\":\"\\\\/api\\\\/v1\\\\/documents\\\\/$FD\\\\/versions\\\\/1\\\\/file\""
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    -F "body_md=" -F "file=@$F/rutin.pdf;filename=api.pdf" \
    "$B/api/v1/documents/$FD/versions")
expect "API multipart draft" 201 "$code"
has "the new file" '"name":"api.pdf"'
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    -F "file=@$F/program.exe" "$B/api/v1/documents/$FD/versions")
expect "API: a forbidden type" 422 "$code"
has "as field errors" '"file"'
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    -F "file=@$F/big.txt" "$B/api/v1/documents/$FD/versions")
expect "API: too large" 413 "$code"
has "as JSON" '"status":413'
code=$(curl -s -o "$T/dl" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    "$B/api/v1/documents/$FD/versions/2/file")
expect "API download" 200 "$code"
expect "the same bytes" "$(sha "$F/rutin.pdf")" "$(sha "$T/dl")"
expect "API JSON keeps the file" 201 "$(api POST "/api/v1/documents/$FD/versions" '{"body_md":"Text"}')"
has "still there" '"name":"api.pdf"'
TOK=$("$SKA" token create --db "$DB" --username personal)
expect "API: staff cannot download a draft's file" 404 \
    "$(api GET "/api/v1/documents/$FD/versions/2/file")"

# ---- ska check verifies the files; a changed byte is not served ----
"$SKA" check --db "$DB" >"$T/check" 2>&1
expect "ska check passes" 0 $?
expect "counting the files" 1 "$(grep -c '^document files: ok ([0-9]* checksums)' "$T/check")"
V1=$(sqlite3 "$DB" "SELECT id FROM document_version WHERE document_id = $FD AND version_no = 1")
sqlite3 "$DB" "UPDATE document_version SET file_data = CAST('%PDF-1.4 changed' AS BLOB) WHERE id = $V1"
expect "a corrupted file is not served" 500 "$(st "$JP" "$B/documents/$FD/versions/1/file")"
hasnt "not a byte of it" 'changed'
"$SKA" check --db "$DB" >"$T/check" 2>&1
expect "ska check fails on it" 1 $?
expect "naming the version" 1 "$(grep -c "document version $V1 does not match" "$T/check")"
grep -q "version 1 of document $FD does not match" "$T/err"
expect "the server logged it" 0 $?

# ---- only owners and approvers (and the quality coordinators) change a
# document: the unit's manager, neither, does not ----
KV=$(user_id kvalitet)
expect "a document the manager neither owns nor approves" 303 "$(st "$JK" \
    --data-urlencode "_csrf=$K" -d "code=RUT-ECT-077&title=Rutin+X&doc_type=routine" \
    -d "unit=$ECT&owner=$HANDL&approver=$KV&review_months=12&body=Text" "$B/documents")"
D2=$(sqlite3 "$DB" "SELECT id FROM document WHERE code = 'RUT-ECT-077'")
expect "the manager does not even see the draft" 404 "$(st "$JC" "$B/documents/$D2")"
expect "submitted by the owner" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "event=submit" "$B/documents/$D2/step")"
expect "approved by the approver" 303 "$(st "$JK" --data-urlencode "_csrf=$K" \
    -d "event=approve" "$B/documents/$D2/step")"
expect "the manager reads it now" 200 "$(st "$JC" "$B/documents/$D2")"
hasnt "without the edit link" "/documents/$D2/edit"
expect "the manager may not change its fields" 403 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "code=RUT-ECT-077&title=Annan&doc_type=routine&unit=$ECT&owner=$CHEF" \
    -d "approver=$KV&review_months=12" "$B/documents/$D2")"
expect "nor link it" 403 "$(st "$JC" --data-urlencode "_csrf=$C" \
    -d "process=1" "$B/documents/$D2/processes")"
expect "nothing changed" "Rutin X|$HANDL" "$(sqlite3 "$DB" "SELECT title, owner_id FROM document WHERE id = $D2")"
expect "the owner may" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "code=RUT-ECT-077&title=Rutin+Y&doc_type=routine&unit=$ECT&owner=$HANDL" \
    -d "approver=$KV&review_months=12" "$B/documents/$D2")"
expect "changed by the owner" "Rutin Y" "$(sqlite3 "$DB" "SELECT title FROM document WHERE id = $D2")"

suite_end
