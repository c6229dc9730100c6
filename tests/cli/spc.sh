#!/bin/sh
# spc.sh: `ska spc` end to end: reference inputs give the expected numbers,
# bad input fails with exit 1 and a message naming the line and column.
# Run from the repository root; SKA_BIN picks the binary (default build/ska).
bin=${SKA_BIN:-build/ska}
data=${SPC_DATA:-../shared/spc-data}/inputs
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# check NAME WANT_RC PATTERN [ARGS...]: runs ska spc ARGS, expects exit code
# WANT_RC and PATTERN (grep -F) in stdout+stderr; an empty PATTERN skips it.
check() {
    name=$1 want=$2 pat=$3
    shift 3
    "$bin" spc "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL $name: exit $rc, expected $want"
        sed 's/^/    /' "$tmp/err"
        failed=$((failed + 1))
    elif [ -n "$pat" ] && ! cat "$tmp/out" "$tmp/err" | grep -qF -- "$pat"; then
        echo "FAIL $name: output lacks: $pat"
        head -c 600 "$tmp/out" "$tmp/err" | sed 's/^/    /'
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}

[ -x "$bin" ] || { echo "spc.sh: no binary $bin"; echo "0 passed, 1 failed"; exit 1; }

check help 0 "usage: ska spc" --help
check p_freeze 0 '"x":"2011-07-01","y":0.26923076923076922,"cl":0.20106524633821571' \
    --chart p --y y --n n --x x --freeze 12 "$data/P20_p_cabg_readmissions_freeze.csv"
check u_parts 0 '{"part":2,"n_useful":12,"longest_run":4,"longest_run_max":7,"n_crossings":6,"n_crossings_min":3,"runs_signal":false,"sigma_signal":false}' \
    --chart u --y y --n n --x x --part 24 --multiply 10000 "$data/P05_u_cdi_part_labels.csv"
check i_exclude_csv 0 '45,36.679000000000002,67.233724489795918,43.233861581263341,91.233587398328496,1,true,false,true' \
    --chart i --y y --x x --exclude 45,70 --format csv "$data/P17_i_cabg100_exclude.csv"
check g_missing_first 0 '{"x":"1","y":null,"cl":24,"lcl":0,' \
    --chart g --y y --x x "$data/P21_g_cabg_deaths.csv"

printf 'x,y\n1,2\n2,abc\n' >"$tmp/nan.csv"
printf 'x,y\n1,3\n2,-1\n' >"$tmp/neg.csv"
printf 'x,y,n\n1,0,0\n2,1,4\n3,NA,5\n' >"$tmp/zero.csv"
printf 'x;y\n2024-02;1,5\n2024-01;2,5\n' >"$tmp/semi.csv"
printf 'x,y\n1,\377\n' >"$tmp/utf8.csv"
: >"$tmp/empty.csv"
check missing_column 1 'line 1: no column "nope"' --y nope "$tmp/nan.csv"
check missing_n_column 1 'no column "n"' --chart p --y y --n n "$tmp/neg.csv"
check not_a_number 1 'line 3, column "y"' --y y "$tmp/nan.csv"
check t_not_positive 1 'line 3, column "y": time between events must be greater than zero' \
    --chart t --y y "$tmp/neg.csv"
check unknown_chart 1 "unknown chart 'zz'" --chart zz --y y "$tmp/neg.csv"
check unknown_option 1 "unknown option '--bogus'" --bogus --y y "$tmp/neg.csv"
check bad_freeze 1 "--freeze" --freeze x --y y "$tmp/neg.csv"
check no_y 1 "--y" "$tmp/neg.csv"
check no_file 1 "" --y y
check no_such_file 1 "cannot open" --y y "$tmp/does-not-exist.csv"
check p_needs_n 1 "denominator" --chart p --y y "$tmp/neg.csv"
check bad_utf8 1 "line 2, column 3: invalid UTF-8" --y y "$tmp/utf8.csv"
check empty_file 1 "no column" --y y "$tmp/empty.csv"
check zero_denominator 0 '{"x":"1","y":null,"cl":0.25,"lcl":null,"ucl":null' \
    --chart p --y y --n n --x x "$tmp/zero.csv"
check semicolon_decimal_comma 0 '"points":[{"x":"2024-01","y":2.5' \
    --y y --x x "$tmp/semi.csv"
check stdin 0 '"chart":"run"' --y y - <"$tmp/neg.csv"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
