#!/bin/sh
# run.sh BUILD SECONDS: for each libFuzzer binary in BUILD/fuzz, replay its
# committed corpus (tests/fuzz/corpus/NAME) and fuzz for SECONDS more. New
# inputs go to a scratch directory; crashes fail the run.
set -e
dir=$1 secs=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for bin in "$dir"/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin"); name=${name#fuzz_}
    corpus=tests/fuzz/corpus/$name
    mkdir -p "$scratch/$name"
    set -- "$scratch/$name"
    [ -d "$corpus" ] && set -- "$@" "$corpus"
    if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
            -artifact_prefix="$scratch/" "$@" >"$scratch/$name.log" 2>&1; then
        tail -n 40 "$scratch/$name.log"
        echo "fuzz: $name FAILED (crash input kept in $scratch? copy it to tests/fuzz/corpus/$name)"
        ls "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* 2>/dev/null
        trap - EXIT
        exit 1
    fi
    echo "fuzz: $name ok ($(grep -o 'Done [0-9]* runs' "$scratch/$name.log" || echo 'ran'))"
done
