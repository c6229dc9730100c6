#!/bin/sh
# attachments.sh: files on cases over HTTP (multipart/form-data): attached
# on the report form and on the case page, listed and downloaded with the
# stored SHA-256, refused when too large (413) or of a type outside the
# allow-list (422), kept from users who may not see the case, the API, a
# corrupted attachment that is not served, and `ska backup` / `ska check`.
# Run from the repository root: SKA_BIN=build/ska tests/http/attachments.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init attachments
server_start
ECT=$(unit_id LVPS-ECT)
KARD=$(unit_id KARD-HSV)
F=$T/files
mkdir -p "$F"
printf '%%PDF-1.4\n%% ska test\n1 0 obj << >> endobj\n%%%%EOF\n' >"$F/rapport.pdf"
printf '\211PNG\r\n\032\n\0\0\0\rIHDRbild' >"$F/foto.png"
printf 'Anteckning om händelsen\nrad två\n' >"$F/anteckning.txt"
printf 'MZ\220\0\3\0\0\0\4\0' >"$F/program.exe"
head -c $((10 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$F/big.txt"
head -c $((13 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$F/huge.txt"
sha() { sha256sum "$1" | cut -d' ' -f1; }
hdr() { tr -d '\r' <"$T/h" | sed -n "s/^$1: *//Ip" | head -n 1; }

P=$(login personal)
JP=$T/personal
# ---- on the report form ----
expect "the report form takes files" 200 "$(st "$JP" "$B/report")"
has "as multipart" 'enctype="multipart/form-data"'
has "with a file input for phones" 'type="file" id="f-files" name="files" multiple accept='
expect "a failed report keeps its text" 422 "$(st "$JP" -F "_csrf=$P" \
    -F type=deviation -F what= -F "suggestion=Mitt förslag" -F unit="$ECT" \
    -F "files=@$F/rapport.pdf" "$B/report")"
has "the suggestion is kept" 'Mitt förslag'
has "and the files must be chosen again" 'välj dem igen\|Välj filerna igen'
expect "a report with two files" 303 "$(st "$JP" -F "_csrf=$P" \
    -F type=deviation -F "what=Golvet var blött vid entrén" -F unit="$ECT" \
    -F "files=@$F/rapport.pdf" -F "files=@$F/foto.png;filename=IMG 0001.png" \
    -F "files=@/dev/null;filename=" "$B/report")"
CASE=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
expect "both are stored, the empty input is not" 2 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM case_attachment WHERE case_id = $CASE")"
expect "with the sniffed types" "pdf png" \
    "$(sqlite3 "$DB" "SELECT group_concat(type, ' ') FROM case_attachment WHERE case_id = $CASE")"
expect "each with an audit entry on the case" 2 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'case' AND entity_id = $CASE AND action = 'attach'")"
A1=$(sqlite3 "$DB" "SELECT min(id) FROM case_attachment WHERE case_id = $CASE")
expect "a report with a forbidden type is refused" 422 "$(st "$JP" \
    -F "_csrf=$P" -F type=deviation -F "what=Med program" -F unit="$ECT" \
    -F "files=@$F/program.exe;type=application/pdf" "$B/report")"
has "the type is explained" 'typ som inte tas emot'
has "the text is kept" 'Med program'
expect "a report with a too large file" 413 "$(st "$JP" -F "_csrf=$P" \
    -F type=deviation -F "what=Stor fil" -F unit="$ECT" -F "files=@$F/big.txt" \
    "$B/report")"
has "says so" 'större än 10 MB'
expect "nothing was filed" "$CASE" "$(sqlite3 "$DB" "SELECT max(id) FROM cases")"
expect "a body over 12 MB" 413 "$(st "$JP" -F "_csrf=$P" -F type=deviation \
    -F "what=Enorm" -F unit="$ECT" -F "files=@$F/huge.txt" "$B/report")"
has "is explained" '12 MB'
expect "the CSRF token is still required" 403 "$(st "$JP" -F "_csrf=wrong" \
    -F type=deviation -F "what=x" -F unit="$ECT" -F "files=@$F/rapport.pdf" \
    "$B/report")"

# ---- the case page ----
expect "the reporter sees the list" 200 "$(st "$JP" "$B/cases/$CASE")"
has "with the file name" '>rapport.pdf</a>'
has "and the cleaned phone name" '>IMG 0001.png</a>'
H=$(login handl.ect)
JH=$T/handl.ect
expect "the handler sees the upload form" 200 "$(st "$JH" "$B/cases/$CASE")"
has "on the case page" "action=\"/cases/$CASE/attachments\""
expect "the handler attaches a text file" 303 "$(st "$JH" -F "_csrf=$H" \
    -F "files=@$F/anteckning.txt;filename=../../anteckning.txt" \
    "$B/cases/$CASE/attachments")"
A3=$(sqlite3 "$DB" "SELECT max(id) FROM case_attachment")
expect "named without its path" anteckning.txt \
    "$(sqlite3 "$DB" "SELECT name FROM case_attachment WHERE id = $A3")"
expect "a forbidden type on the case page" 422 "$(st "$JH" -F "_csrf=$H" \
    -F "files=@$F/program.exe;filename=bild.jpg;type=image/jpeg" \
    "$B/cases/$CASE/attachments")"
has "is marked" 'id="e-files"'
expect "a too large file on the case page" 413 "$(st "$JH" -F "_csrf=$H" \
    -F "files=@$F/big.txt" "$B/cases/$CASE/attachments")"
expect "no file chosen" 422 "$(st "$JH" -F "_csrf=$H" \
    -F "files=@/dev/null;filename=" "$B/cases/$CASE/attachments")"
expect "still three" 3 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM case_attachment WHERE case_id = $CASE")"

# ---- download ----
code=$(curl -s -b "$JH" -D "$T/h" -o "$T/dl" -w '%{http_code}' \
    "$B/cases/$CASE/attachments/$A1")
expect "the handler downloads" 200 "$code"
expect "the same bytes" "$(sha "$F/rapport.pdf")" "$(sha "$T/dl")"
expect "as the stored checksum" "$(sha "$F/rapport.pdf")" \
    "$(sqlite3 "$DB" "SELECT lower(hex(sha256)) FROM case_attachment WHERE id = $A1")"
expect "with the sniffed type" application/pdf "$(hdr Content-Type)"
expect "as an attachment" \
    "attachment; filename=\"rapport.pdf\"; filename*=UTF-8''rapport.pdf" \
    "$(hdr Content-Disposition)"
expect "never sniffed by the browser" nosniff "$(hdr X-Content-Type-Options)"
G=$(login granskare)
expect "the auditor reads the case, so downloads" 200 \
    "$(st "$T/granskare" "$B/cases/$CASE/attachments/$A1")"
expect "an attachment id of another case" 404 \
    "$(st "$JH" "$B/cases/1/attachments/$A1")"
# a case at kardiologi with a file: personal (staff) did not report it
AD=$(login admin)
expect "admin reports at kardiologi with a file" 303 "$(st "$T/admin" \
    -F "_csrf=$AD" -F type=risk -F "what=Trasig sladd" -F unit="$KARD" \
    -F "files=@$F/foto.png" "$B/report")"
OTHER=$(sqlite3 "$DB" "SELECT max(id) FROM cases")
AO=$(sqlite3 "$DB" "SELECT max(id) FROM case_attachment")
expect "staff cannot download another's attachment" 404 \
    "$(st "$JP" "$B/cases/$OTHER/attachments/$AO")"
expect "nor through the API" 404 \
    "$(st "$JP" "$B/api/v1/cases/$OTHER/attachments/$AO")"
expect "nor attach to it" 404 "$(st "$JP" -F "_csrf=$P" \
    -F "files=@$F/foto.png" "$B/cases/$OTHER/attachments")"
expect "the auditor may not attach" 403 "$(st "$T/granskare" -F "_csrf=$G" \
    -F "files=@$F/foto.png" "$B/cases/$CASE/attachments")"

# ---- the API ----
TOK=$("$SKA" token create --db "$DB" --username handl.ect | tail -n 1)
expect "the case carries its attachments" 200 "$(api GET "/api/v1/cases/$CASE")"
has "with the checksum" "\"sha256\":\"$(sha "$F/rapport.pdf")\""
has "and the download URL" "\"url\":\"[^\"]*cases..$CASE..attachments..$A1\""
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    -F "files=@$F/anteckning.txt;filename=api.txt" \
    "$B/api/v1/cases/$CASE/attachments")
expect "the API attaches" 201 "$code"
has "and answers the list" '"name":"api.txt"'
A4=$(sqlite3 "$DB" "SELECT max(id) FROM case_attachment")
code=$(curl -s -o "$T/dl" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    "$B/api/v1/cases/$CASE/attachments/$A4")
expect "the API downloads" 200 "$code"
expect "the same bytes" "$(sha "$F/anteckning.txt")" "$(sha "$T/dl")"
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    -F "files=@$F/program.exe" "$B/api/v1/cases/$CASE/attachments")
expect "the API refuses a forbidden type" 422 "$code"
has "naming the field" '"files":'
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    -F "files=@$F/big.txt" "$B/api/v1/cases/$CASE/attachments")
expect "the API refuses a too large file" 413 "$code"
has "as JSON" '"status":413'
printf -- '--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nno end' >"$T/trunc"
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOK" \
    -H 'Content-Type: multipart/form-data; boundary=xyz' \
    --data-binary "@$T/trunc" "$B/api/v1/cases/$CASE/attachments")
expect "a truncated multipart body" 400 "$code"
expect "the OpenAPI document describes the upload" 200 \
    "$(st "$JH" "$B/api/v1/openapi.json")"
has "as multipart" '"multipart\\/form-data"'

# ---- backup and check ----
"$SKA" backup --db "$DB" --to "$T/backup.db" >/dev/null 2>&1
expect "the backup holds the attachments" 5 \
    "$(sqlite3 "$T/backup.db" "SELECT count(*) FROM case_attachment")"
sqlite3 "$T/backup.db" "SELECT writefile('$T/fromb', data) FROM case_attachment WHERE id = $AO" >/dev/null
expect "with their bytes" "$(sha "$F/foto.png")" "$(sha "$T/fromb")"
"$SKA" check --db "$T/backup.db" >"$T/check" 2>&1
expect "ska check verifies the backup's checksums" 0 $?
expect "and says so" 1 "$(grep -c '^attachments: ok (5 checksums)' "$T/check")"
# a changed byte: not served, and ska check fails
sqlite3 "$DB" "DROP TRIGGER case_attachment_no_update;
  UPDATE case_attachment SET data = CAST('%PDF-1.4 changed' AS BLOB)
  WHERE id = $A1"
expect "a corrupted attachment is not served" 500 \
    "$(st "$JH" "$B/cases/$CASE/attachments/$A1")"
hasnt "not a byte of it" 'changed'
"$SKA" check --db "$DB" >"$T/check" 2>&1
expect "ska check fails on it" 1 $?
expect "naming it" 1 "$(grep -c "attachment $A1 does not match" "$T/check")"
grep -q "attachment $A1 of case $CASE does not match" "$T/err"
expect "the server logged it" 0 $?
suite_end
