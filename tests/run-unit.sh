#!/bin/sh
# run-unit.sh: runs each unit-test binary given as an argument and prints the
# summed "N passed, N failed" line CI reads. Exit 1 when anything failed.
passed=0 failed=0 status=0
for t in "$@"; do
    out=$("$t" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -v '^[0-9]* passed, [0-9]* failed$' | grep -v '^== '
    line=$(printf '%s\n' "$out" | grep '^[0-9]* passed, [0-9]* failed$' | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $t: no summary (crashed? exit $rc)"
        failed=$((failed + 1)); status=1; continue
    fi
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed}
    passed=$((passed + p)); failed=$((failed + f))
    [ "$rc" -ne 0 ] && status=1
    echo "$(basename "$t"): $line"
done
echo "unit: $passed passed, $failed failed"
exit $status
