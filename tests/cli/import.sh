#!/bin/sh
# import.sh: `ska import indicators` end to end on a demo database: a
# catalogue CSV, then values (CSV with ';' and decimal comma, and XLSX when
# python3 is there), re-import changes nothing, a bad file gives exit 1 with
# FILE:LINE:COL and writes nothing. Run from the repository root; SKA_BIN
# picks the binary (default build/ska).
bin=${SKA_BIN:-build/ska}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
db=$tmp/t.db

# check NAME WANT_RC PATTERN ARGS...: runs ska ARGS, expects exit code
# WANT_RC and PATTERN (grep -F) in stdout+stderr; an empty PATTERN skips it.
check() {
    name=$1 want=$2 pat=$3
    shift 3
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL $name: exit $rc, expected $want"
        sed 's/^/    /' "$tmp/out" "$tmp/err" | head -20
        failed=$((failed + 1))
    elif [ -n "$pat" ] && ! cat "$tmp/out" "$tmp/err" | grep -qF -- "$pat"; then
        echo "FAIL $name: output lacks: $pat"
        head -c 600 "$tmp/out" "$tmp/err" | sed 's/^/    /'
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}

# same NAME A B: compares two strings
same() {
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1))
    else
        echo "FAIL $1: '$2' != '$3'"
        failed=$((failed + 1))
    fi
}

[ -x "$bin" ] || { echo "import.sh: no binary $bin"; echo "0 passed, 1 failed"; exit 1; }
"$bin" init --db "$db" >/dev/null 2>&1 && "$bin" demo --db "$db" >/dev/null 2>&1 ||
    { echo "import.sh: ska init/demo failed"; echo "0 passed, 1 failed"; exit 1; }
unit=$(sqlite3 "$db" "SELECT code FROM org_unit WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1")
unit2=$(sqlite3 "$db" "SELECT code FROM org_unit WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1")
root=$(sqlite3 "$db" "SELECT code FROM org_unit WHERE parent_id IS NULL ORDER BY id LIMIT 1")
audits() { sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE entity = 'import'"; }
values() { sqlite3 "$db" "SELECT count(*) FROM indicator_value"; }

cat >"$tmp/cat.csv" <<CSV
code,name,description,numerator_def,denominator_def,unit,direction,dimension,source,periodicity,target_moderate,target_high,chart,multiply,focus_areas,patient_groups
TST-P,Testandel,En testindikator,Täljare,Nämnare,%,higher,safe,Test,month,80,90,p,100,,
TST-Q,Testkvartal,,,,dagar,lower,accessible,,quarter,"30,5",20,i,1,,
CSV
check help 0 "usage: ska import indicators" import --help
check catalogue 0 "2 created, 0 updated, 0 unchanged" import indicators --db "$db" --provider "$root" "$tmp/cat.csv"
check catalogue_again 0 "0 created, 0 updated, 2 unchanged" import indicators --db "$db" --provider "$root" "$tmp/cat.csv"
same catalogue_target "$(sqlite3 "$db" "SELECT target_moderate FROM indicator WHERE code = 'TST-Q'")" "30.5"

{
    echo "indicator;unit;period;numerator;denominator;value"
    echo "TST-P;$unit;2024-01;12;20;"
    echo "TST-P;$unit;2024-02;13;20;"
    echo "TST-P;$unit2;2024-01;1;4;"
    echo "TST-P;RIKET;2024-01;;;61,5"
    echo "TST-Q;$unit;2024-Q1;;;3,25"
} >"$tmp/val.csv"
check values 0 "5 created, 0 updated, 0 unchanged" import indicators --db "$db" "$tmp/val.csv"
n1=$(values)
a1=$(audits)
check values_again 0 "0 created, 0 updated, 5 unchanged" import indicators --db "$db" "$tmp/val.csv"
same values_again_count "$(values)" "$n1"
same audit_per_import "$(audits)" "$((a1 + 1))"
same value_decimal_comma "$(sqlite3 "$db" "SELECT value FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id WHERE i.code = 'TST-Q'")" "3.25"
same national "$(sqlite3 "$db" "SELECT value FROM indicator_national n JOIN indicator i ON i.id = n.indicator_id WHERE i.code = 'TST-P'")" "61.5"
sqlite3 "$db" "SELECT after FROM audit_log WHERE entity = 'import' ORDER BY id DESC LIMIT 1" >"$tmp/audit"
if grep -q '"sha256":"[0-9a-f]\{64\}"' "$tmp/audit" && grep -q '"file":"val.csv"' "$tmp/audit"; then
    passed=$((passed + 1))
else
    echo "FAIL audit_after: $(cat "$tmp/audit")"
    failed=$((failed + 1))
fi

# one changed value
sed 's/2024-02;13;20;/2024-02;14;20;/' "$tmp/val.csv" >"$tmp/val2.csv"
check values_update 0 "0 created, 1 updated, 4 unchanged" import indicators --db "$db" "$tmp/val2.csv"

# a bad file: every error named, nothing written
{
    echo "indicator,unit,period,numerator,denominator,value"
    echo "TST-P,$unit,2024-03,1,2,"
    echo "NOPE,$unit,2024-03,1,2,"
    echo "TST-P,NO-SUCH-UNIT,2024-03,1,2,"
    echo "TST-P,$unit,2024-Q1,1,2,"
    echo "TST-P,$unit,2024-04,x,2,"
} >"$tmp/bad.csv"
n1=$(values)
a1=$(audits)
check bad_indicator 1 "$tmp/bad.csv:3:1: unknown indicator code" import indicators --db "$db" "$tmp/bad.csv"
check bad_unit 1 "$tmp/bad.csv:4:2: unknown unit code" import indicators --db "$db" "$tmp/bad.csv"
check bad_period 1 "$tmp/bad.csv:5:3: the period does not match" import indicators --db "$db" "$tmp/bad.csv"
check bad_number 1 "$tmp/bad.csv:6:4: not a number" import indicators --db "$db" "$tmp/bad.csv"
same bad_writes_nothing "$(values)" "$n1"
same bad_no_audit "$(audits)" "$a1"
printf 'indicator,unit,period,value\nTST-P,%s,2024-05,1\nTST-P,%s,2024-05,2\n' "$unit" "$unit" >"$tmp/dup.csv"
check duplicate 1 "$tmp/dup.csv:3:1: this key occurs earlier" import indicators --db "$db" "$tmp/dup.csv"
printf 'a,b\n1,2\n' >"$tmp/what.csv"
check unknown_kind 1 "$tmp/what.csv:1:1: the header names neither" import indicators --db "$db" "$tmp/what.csv"
check no_file 1 "cannot open" import indicators --db "$db" "$tmp/none.csv"
check no_kind 2 "indicators" import --db "$db" "$tmp/val.csv"
SKA_DB=$db check env_db 0 "0 created, 1 updated, 4 unchanged" import indicators "$tmp/val.csv"

# XLSX: the same values as a workbook (python3's zipfile, inline and shared
# strings, numbers)
if command -v python3 >/dev/null 2>&1; then
    python3 - "$tmp/val.xlsx" "$unit" <<'PY'
import sys, zipfile
path, unit = sys.argv[1], sys.argv[2]
ss = ["indicator", "unit", "period", "value", "TST-Q", unit]
rows = [
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>',
    '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c>'
    '<c r="C3" t="inlineStr"><is><t>2024-Q2</t></is></c><c r="D3"><v>4.5</v></c></row>',
]
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetData>' + "".join(rows) + '</sheetData></worksheet>')
sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       + "".join("<si><t>%s</t></si>" % s for s in ss) + '</sst>')
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/worksheets/sheet1.xml", sheet)
    z.writestr("xl/sharedStrings.xml", sst)
PY
    check xlsx 0 "1 created, 0 updated, 0 unchanged" import indicators --db "$db" "$tmp/val.xlsx"
    check xlsx_again 0 "0 created, 0 updated, 1 unchanged" import indicators --db "$db" "$tmp/val.xlsx"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
