#!/bin/sh
# ind_import.sh: the web import of indicator values (issue 4) over HTTP:
# a CSV file uploaded as multipart/form-data; Preview writes nothing,
# Import writes the values with one audit entry, the same file again
# changes nothing, a file with errors lists each by line and column and
# writes nothing, units outside the coordinator's subtree are unknown, and
# roles without quality or admin rights are kept out.
# Run from the repository root: SKA_BIN=build/ska tests/http/ind_import.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init ind_import
server_start
F=$T/files
mkdir -p "$F"
cat >"$F/good.csv" <<'CSV'
indicator,unit,period,numerator,denominator,value
HSV-RAAS,LVPS-ECT,2035-01,3,4,
HSV-RAAS,LVPS-ECT,2035-02,5,10,
HSV-RAAS,RIKET,2035-01,,,71.5
CSV
cat >"$F/bad.csv" <<'CSV'
indicator;unit;period;numerator;denominator;value
HSV-RAAS;LVPS-ECT;2035-13;3;4;
NOPE;LVPS-ECT;2035-03;1;2;
HSV-RAAS;VCE;2035-04;1;2;
HSV-RAAS;LVPS-ECT;2035-05;x;2;
HSV-RAAS;LVPS-ECT;2035-06;1;2;
CSV
cat >"$F/catalogue.csv" <<'CSV'
code,name,direction,dimension
WEB-NEW,Ny indikator från webben,higher,safe
CSV
n2035() {
    sqlite3 "$DB" "SELECT count(*) FROM indicator_value v
      JOIN indicator i ON i.id = v.indicator_id
      WHERE i.code = 'HSV-RAAS' AND v.period LIKE '2035-%'"
}
nimport() { sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'import'"; }

Q=$(login kvalitet)
JQ=$T/kvalitet
expect "the catalogue links to the import" 200 "$(st "$JQ" "$B/indicators")"
has "for the quality coordinator" 'href="/indicators/import"'
expect "the import page" 200 "$(st "$JQ" "$B/indicators/import")"
has "takes a file" 'type="file" id="f-file" name="file"'
has "as multipart" 'enctype="multipart/form-data"'
# ---- preview ----
A0=$(nimport)
expect "a preview" 200 "$(st "$JQ" -F "_csrf=$Q" -F preview=1 \
    -F "file=@$F/good.csv" "$B/indicators/import")"
has "says it wrote nothing" 'Förhandsgranskning utan fel'
has "and what would be new" 'nya: 3, ändrade: 0, oförändrade: 0'
expect "nothing written by the preview" 0 "$(n2035)"
expect "and nothing audited" "$A0" "$(nimport)"
# ---- errors by line and column ----
expect "a file with errors" 422 "$(st "$JQ" -F "_csrf=$Q" \
    -F "file=@$F/bad.csv" "$B/indicators/import")"
has "the bad period: line 2, column 3" 'Rad 2, kolumn 3'
has "the unknown indicator: line 3, column 1" 'Rad 3, kolumn 1'
has "a unit outside the coordinator's subtree: line 4, column 2" 'Rad 4, kolumn 2'
has "the bad number: line 5, column 4" 'Rad 5, kolumn 4'
has "with the offending cell" '”NOPE”'
has "and that nothing was saved" 'Ingenting har sparats'
expect "nothing written, not even the good line 6" 0 "$(n2035)"
expect "the CSRF token must come in the body" 403 "$(st "$JQ" \
    -F "_csrf=nope" -F "file=@$F/good.csv" "$B/indicators/import")"
# ---- import and re-import ----
expect "the import" 200 "$(st "$JQ" -F "_csrf=$Q" -F "file=@$F/good.csv" \
    "$B/indicators/import")"
has "is done" 'Importen är klar'
has "with three new rows" 'nya: 3, ändrade: 0, oförändrade: 0'
expect "the values are there" 2 "$(n2035)"
expect "with their numbers" "3.0|4.0" "$(sqlite3 "$DB" "SELECT v.numerator || '|' ||
  v.denominator FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id
  WHERE i.code = 'HSV-RAAS' AND v.period = '2035-01'")"
expect "one audit entry" $((A0 + 1)) "$(nimport)"
expect "the same file again" 200 "$(st "$JQ" -F "_csrf=$Q" \
    -F "file=@$F/good.csv" "$B/indicators/import")"
has "changes nothing" 'nya: 0, ändrade: 0, oförändrade: 3'
expect "still two values" 2 "$(n2035)"
# ---- the catalogue is the provider's ----
expect "a coordinator below the provider may not import the catalogue" 422 \
    "$(st "$JQ" -F "_csrf=$Q" -F "file=@$F/catalogue.csv" "$B/indicators/import")"
has "and is told why" 'hela vårdgivaren'
AD=$(login admin)
expect "the provider's administrator previews it" 200 "$(st "$T/admin" \
    -F "_csrf=$AD" -F preview=1 -F "file=@$F/catalogue.csv" \
    "$B/indicators/import")"
has "one new entry" 'nya: 1'
expect "not written" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM indicator WHERE code = 'WEB-NEW'")"
expect "an empty choice" 422 "$(st "$T/admin" -F "_csrf=$AD" \
    -F "file=@/dev/null;filename=" "$B/indicators/import")"
has "asks for a file" 'Välj en fil'
# ---- others are kept out ----
P=$(login personal)
expect "staff may not open the import" 403 "$(st "$T/personal" "$B/indicators/import")"
C=$(login chef.psyk)
expect "a manager may not import" 403 "$(st "$T/chef.psyk" -F "_csrf=$C" \
    -F "file=@$F/good.csv" "$B/indicators/import")"
expect "nor sees the link" 200 "$(st "$T/chef.psyk" "$B/indicators")"
hasnt "in the catalogue" 'href="/indicators/import"'
suite_end
