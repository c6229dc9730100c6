#!/bin/sh
# indicators.sh: the dashboard judges each indicator as the indicator page
# and the API do (one function, ind_web_chart, charts all three): for every
# row of a unit's dashboard the variation and assurance verdicts equal
# those of GET /api/v1/indicators/{code}/spc for that unit, and a governed
# baseline counts on both: a new phase at the latest period leaves one
# point in the last part, too few to judge, so a special-cause verdict
# becomes "none" on the dashboard as in the API, and comes back when the
# baseline is withdrawn.
# Run from the repository root: SKA_BIN=build/ska tests/http/indicators.sh
set -u
. "$(dirname "$0")/lib.sh"
suite_init indicators
server_start
Q=$(login kvalitet)
JQ=$T/kvalitet

rows() { # rows [UNIT]: "CODE UNIT VARIATION ASSURANCE" per dashboard row
    st "$JQ" "$B/dashboard${1:+?unit=$1}" >/dev/null
    grep -o 'class="dash-row dash-[a-z_]* dash-[a-z_]*"><th scope="row"><a href="/indicators/[^"?]*?unit=[^"]*"' "$T/body" |
        sed 's|class="dash-row dash-\([a-z_]*\) dash-\([a-z_]*\)".*/indicators/\([^"?]*\)?unit=\([^"]*\)"|\3 \4 \1 \2|'
}

api_verdicts() { # CODE UNIT: "VARIATION ASSURANCE" of the SPC API
    st "$JQ" "$B/api/v1/indicators/$1/spc?unit=$2" >/dev/null
    printf '%s %s\n' \
        "$(sed -n 's/.*"variation":"\([a-z_]*\)".*/\1/p' "$T/body")" \
        "$(sed -n 's/.*"assurance":"\([a-z_]*\)".*/\1/p' "$T/body")"
}

same_as_api() { # DESC [UNIT]: every dashboard row agrees with the API
    rows "${2:-}" >"$T/rows"
    n=0
    bad=0
    while read -r code unit var as; do
        n=$((n + 1))
        got=$(api_verdicts "$code" "$unit")
        if [ "$got" != "$var $as" ]; then
            bad=$((bad + 1))
            echo "  $code at $unit: dashboard $var $as, API $got"
        fi
    done <"$T/rows"
    expect "$1: dashboard rows agree with the API" "0 of $n" "$bad of $n"
    [ "$n" -gt 0 ] || expect "$1: the dashboard has rows" "> 0" "$n"
}

row_of() { # CODE: "VARIATION ASSURANCE" of CODE's row in $T/rows
    sed -n "s/^$1 [^ ]* //p" "$T/rows"
}

same_as_api "the coordinator's widest unit"
same_as_api "a clinic" KARD
same_as_api "a unit deep in the tree" LVPS-ECT

# a special-cause indicator of the widest unit's dashboard
rows >"$T/rows"
set -- $(grep -m 1 ' \(concerning\|improving\|neutral\) ' "$T/rows")
CODE=$1 UNIT=$2 VAR0=$3 AS0=$4
expect "the demo has a special-cause verdict" 1 "$([ -n "$CODE" ] && echo 1)"
st "$JQ" "$B/api/v1/indicators/$CODE/values?unit=$UNIT" >/dev/null
LAST=$(grep -o '"period":"[^"]*"' "$T/body" | tail -n 1 | cut -d'"' -f4)

expect "a new phase at the latest period" 303 "$(st "$JQ" \
    --data-urlencode "_csrf=$Q" --data-urlencode "unit=$UNIT" \
    --data-urlencode "b_kind=phase" --data-urlencode "b_period=$LAST" \
    --data-urlencode "b_reason=Ny rutin" "$B/indicators/$CODE/baselines")"
PH=$(sqlite3 "$DB" "SELECT max(id) FROM indicator_phase")
expect "the API has no variation verdict for one point" none \
    "$(api_verdicts "$CODE" "$UNIT" | cut -d' ' -f1)"
rows >"$T/rows"
expect "nor has the dashboard" none "$(row_of "$CODE" | cut -d' ' -f1)"
same_as_api "with the baseline"

expect "the baseline withdrawn" 303 "$(st "$JQ" --data-urlencode "_csrf=$Q" \
    --data-urlencode "unit=$UNIT" "$B/indicators/$CODE/baselines/$PH/withdraw")"
expect "the API's verdict is back" "$VAR0 $AS0" "$(api_verdicts "$CODE" "$UNIT")"
rows >"$T/rows"
expect "and the dashboard's" "$VAR0 $AS0" "$(row_of "$CODE")"
same_as_api "after the withdrawal"
suite_end
