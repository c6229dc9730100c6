#!/bin/sh
# admin.sh: the administration commands of the CLI contract on a new
# installation without the demo: ska init, unit add (the first care
# provider and its units), user add, token create, check, backup; their
# errors and exit codes (0 ok, 1 failure, 2 usage).
# Run from the repository root: SKA_BIN=build/ska tests/cli/admin.sh
set -u
SKA=${SKA_BIN:-build/ska}
PASS=0
FAIL=0
T=$(mktemp -d "${TMPDIR:-/tmp}/ska-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
DB=$T/ska.db

run() { # run WANT_EXIT DESC ARGS...: runs ska, output in $T/out
    want=$1 desc=$2
    shift 2
    "$SKA" "$@" >"$T/out" 2>&1 </dev/null
    got=$?
    if [ "$got" -eq "$want" ]; then
        PASS=$((PASS + 1))
    else
        FAIL=$((FAIL + 1))
        echo "FAIL: $desc: exit $got, want $want"
        sed 's/^/    /' "$T/out"
    fi
}
says() { # says DESC TEXT: the last output contains TEXT
    if grep -q -- "$2" "$T/out"; then
        PASS=$((PASS + 1))
    else
        FAIL=$((FAIL + 1))
        echo "FAIL: $1: no \"$2\" in: $(cat "$T/out")"
    fi
}

run 0 "init" init --db "$DB"
run 0 "init again changes nothing" init --db "$DB"
run 1 "user add needs a care provider first" user add --db "$DB" \
    --username a.admin --name "A" --role admin --password-stdin
run 2 "unit add without arguments" unit add --db "$DB"
run 0 "unit add --help" unit add --help
run 1 "a provider needs an organisation number" unit add --db "$DB" \
    --code KOM --name "Exempels kommun" --kind provider
says "and says so" "--org-nr"
run 1 "a wrong check digit" unit add --db "$DB" --code KOM \
    --name "Exempels kommun" --kind provider --org-nr 212000-0143
run 0 "the first care provider" unit add --db "$DB" --code KOM \
    --name "Exempels kommun" --kind provider --org-nr 212000-0142
run 1 "a unit needs a parent" unit add --db "$DB" --code HT \
    --name "Hemtjänst" --kind unit
run 1 "an unknown parent" unit add --db "$DB" --code HT --name "Hemtjänst" \
    --kind unit --parent NOPE
run 0 "a unit under it" unit add --db "$DB" --code HT --name "Hemtjänst" \
    --kind department --parent KOM --hsa-id SE2120000142-0001
run 1 "the same code again" unit add --db "$DB" --code HT --name "x" \
    --kind unit --parent KOM
run 1 "an unknown kind" unit add --db "$DB" --code X --name "x" \
    --kind ward --parent KOM
run 1 "a bad HSA-id" unit add --db "$DB" --code HT2 --name "x" --kind unit \
    --parent KOM --hsa-id SE123
run 2 "an unknown option" unit add --db "$DB" \
    --code X --name "x" --kind ward --parent KOM --bogus
printf 'kort\n' >"$T/pw"
"$SKA" user add --db "$DB" --username mas --name "Medicinskt ansvarig" \
    --role quality --unit KOM --password-stdin <"$T/pw" >"$T/out" 2>&1
if [ $? -eq 1 ]; then PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); echo "FAIL: a short password"; fi
printf 'ett-langt-losenord\n' >"$T/pw"
"$SKA" user add --db "$DB" --username mas --name "Medicinskt ansvarig" \
    --role quality --unit KOM --password-stdin <"$T/pw" >"$T/out" 2>&1
if [ $? -eq 0 ]; then PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); echo "FAIL: user add: $(cat "$T/out")"; fi
run 1 "a token for an unknown user" token create --db "$DB" --username nobody
run 0 "a token" token create --db "$DB" --username mas
if [ "$(wc -c <"$T/out")" -ge 43 ]; then PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); echo "FAIL: token printed"; fi
run 0 "check" check --db "$DB"
says "the audit chain" "audit chain: ok"
run 0 "backup" backup --db "$DB" --to "$T/b.db"
run 1 "backup refuses to overwrite" backup --db "$DB" --to "$T/b.db"
SKA_DB=$T/b.db run 0 "SKA_DB names the database" check
run 1 "a database that does not exist" check --db "$T/none.db"
says "one plain sentence" "does not exist"
run 2 "an unknown command" frobnicate

# A migration merged from another branch with a lower number than the
# newest applied one is still applied: simulate a database made without
# 012 (the attachments) but with everything after it.
cp "$DB" "$T/gap.db"
sqlite3 "$T/gap.db" "DROP TABLE case_attachment;
    DELETE FROM schema_version WHERE version = 12"
run 1 "a database lacking a migration is refused" check --db "$T/gap.db"
says "which one" "lacks 1 of this ska's schema migrations (the first is 12"
run 0 "init applies the missing one" init --db "$T/gap.db"
run 0 "then the database is whole" check --db "$T/gap.db"
if [ "$(sqlite3 "$T/gap.db" "SELECT count(*) FROM sqlite_master WHERE name = 'case_attachment'")" = 1 ]; then
    PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); echo "FAIL: 012 applied again"; fi
sqlite3 "$T/gap.db" "INSERT INTO schema_version VALUES (9999, 0)"
run 1 "a newer database is refused" check --db "$T/gap.db"
says "in a sentence" "newer than this ska"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
