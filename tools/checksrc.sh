#!/bin/sh
# checksrc.sh: source gate run by `make check` from the repository root
# (curl's checksrc idea). Checks the C files under src/, tests/ and tools/:
#   - banned functions (src/, tests/): strcpy strcat sprintf vsprintf strncpy
#     strtok atoi atol atoll gets; vsnprintf outside src/lib/buf.c;
#   - include layering (src/): lib <- core <- store <- web, cli; web and cli
#     must not include each other's headers;
#   - sqlite3.h and sqlite3_exec only in src/store/; sqlite3_mprintf,
#     sqlite3_vmprintf and "%q"/"%Q" nowhere (src/, tests/, tools/);
#   - microhttpd.h only in src/web/ and src/cli/;
#   - html_raw( only in src/web/;
#   - no TODO, FIXME or XXX in src/;
#   - clang-format --dry-run -Werror when .clang-format exists: REPORT-ONLY
#     for now (counts files that would change; CHECKSRC_VERBOSE=1 lists them).
# Code checks ignore comments (string literals are kept); the TODO check reads
# comments and code. Prints "file:line: message" per violation and exits 1, or a
# one-line summary and exits 0.
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 2

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

find src tests tools \( -name build -o -name node_modules \) -prune -o \
    -type f \( -name '*.c' -o -name '*.h' \) -print 2>/dev/null |
    sort >"$tmp/files"
nfiles=$(wc -l <"$tmp/files" | tr -d ' ')
[ "$nfiles" -gt 0 ] || { echo "checksrc: no C files found"; exit 2; }

# Split every file into "path<TAB>line<TAB>text" records: code.txt holds the
# code with comments blanked (strings and char literals kept), comments.txt
# the comment text.
: >"$tmp/code.txt"
: >"$tmp/comments.txt"
xargs awk '
function flush() {
    printf "%s\t%d\t%s\n", FILENAME, FNR, code >> codef
    if (comm != "")
        printf "%s\t%d\t%s\n", FILENAME, FNR, comm >> commf
}
FNR == 1 { incomment = 0 }
{
    code = ""; comm = ""; line = $0; n = length(line); i = 1
    instr = ""  # quote character while inside a literal
    while (i <= n) {
        c = substr(line, i, 1); c2 = substr(line, i, 2)
        if (incomment) {
            if (c2 == "*/") { incomment = 0; code = code "  "; i += 2 }
            else { comm = comm c; code = code " "; i++ }
        } else if (instr != "") {
            code = code c
            if (c == "\\") { code = code substr(line, i + 1, 1); i += 2 }
            else { if (c == instr) instr = ""; i++ }
        } else if (c2 == "/*") {
            incomment = 1; code = code "  "; i += 2
        } else if (c2 == "//") {
            comm = comm substr(line, i + 2); break
        } else {
            if (c == "\"" || c == "\047") instr = c
            code = code c; i++
        }
    }
    flush()
}' codef="$tmp/code.txt" commf="$tmp/comments.txt" <"$tmp/files"

: >"$tmp/out"

# rule FILE SCOPE EXEMPT REGEX MESSAGE: report records of FILE (code.txt or
# comments.txt) whose path matches SCOPE and not EXEMPT ("" = none) and whose
# text matches REGEX. Regexes are POSIX ERE passed through awk -v, so they
# use bracket expressions instead of backslashes.
rule() {
    awk -v scope="$2" -v exempt="$3" -v re="$4" -v msg="$5" '
    {
        t = index($0, "\t"); path = substr($0, 1, t - 1)
        rest = substr($0, t + 1); t = index(rest, "\t")
        line = substr(rest, 1, t - 1); text = substr(rest, t + 1)
        if (path !~ scope || (exempt != "" && path ~ exempt))
            next
        if (text ~ re)
            printf "%s:%s: %s\n", path, line, msg
    }' "$tmp/$1" >>"$tmp/out"
}

B='(^|[^A-Za-z0-9_])'   # start of an identifier
P='[[:space:]]*[(]'     # a call's parenthesis
SRC_TESTS='^(src|tests)/'
for f in strcpy strcat sprintf vsprintf strncpy strtok atoi atol atoll gets; do
    rule code.txt "$SRC_TESTS" '' "$B$f$P" "banned function $f()"
done
rule code.txt "$SRC_TESTS" '^src/lib/buf[.]c$' "${B}vsnprintf$P" \
    'vsnprintf() only in src/lib/buf.c (use buf_vaddf)'

rule code.txt '^src/' '^src/store/' \
    '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]sqlite3[.]h[>"]' \
    'sqlite3.h may only be included under src/store/'
rule code.txt '^src/' '^src/store/' "${B}sqlite3_exec$P" \
    'sqlite3_exec() only in src/store/ (migrations)'
rule code.txt '^(src|tests|tools)/' '' "${B}sqlite3_v?mprintf$P" \
    'sqlite3_mprintf() is banned: no SQL text is built at run time'
rule code.txt '^(src|tests|tools)/' '' '"[^"]*%[qQ]' \
    '%q/%Q SQL quoting is banned: bind parameters instead'
rule code.txt '^src/' '^src/(web|cli)/' \
    '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]microhttpd[.]h[>"]' \
    'microhttpd.h may only be included under src/web/ and src/cli/'
rule code.txt '^src/' '^src/web/' "${B}html_raw$P" \
    'html_raw() may only be called in src/web/'
for f in comments.txt code.txt; do
    rule $f '^src/' '' "${B}(TODO|FIXME|XXX)([^A-Za-z0-9_]|$)" \
        'TODO/FIXME/XXX in src/: open an issue instead'
done

# Include layering. A quoted include resolves like the compiler does with
# -Isrc -Isrc/lib: the including file's directory first, then src/lib/, then
# a path relative to src/ ("core/case.h"). Unknown names count as the
# including file's own layer (a header not written yet).
awk '
{
    t = index($0, "\t"); path = substr($0, 1, t - 1)
    rest = substr($0, t + 1); t = index(rest, "\t")
    line = substr(rest, 1, t - 1); text = substr(rest, t + 1)
    if (path !~ /^src\/(lib|core|store|web|cli)\// ||
        text !~ /^[[:space:]]*#[[:space:]]*include[[:space:]]*"/)
        next
    sub(/^[^"]*"/, "", text); sub(/".*$/, "", text)
    print path "\t" line "\t" text
}' "$tmp/code.txt" >"$tmp/includes"

layer_of() { # PATH: the layer directory of a file under src/
    l=${1#src/}
    echo "${l%%/*}"
}
allowed() { # FROM TO: may layer FROM include a header of layer TO?
    case "$1:$2" in
    lib:lib | core:lib | core:core) return 0 ;;
    store:lib | store:core | store:store) return 0 ;;
    web:cli | cli:web) return 1 ;;
    web:* | cli:*) return 0 ;;
    esac
    return 1
}
tab=$(printf '\t')
while IFS="$tab" read -r path line hdr; do
    from=$(layer_of "$path")
    dir=${path%/*}
    h=$hdr
    while :; do case $h in ./*) h=${h#./} ;; ../*) h=${h#../} ;; *) break ;; esac; done
    if [ -f "$dir/$hdr" ]; then
        case $hdr in
        ../*) to=$(layer_of "src/$h") ;;
        *) to=$from ;;
        esac
    elif [ -f "src/lib/$hdr" ]; then
        to=lib
    else
        case $h in
        */*) to=${h%%/*} ;;
        *) to=$from ;;
        esac
    fi
    case $to in lib | core | store | web | cli) ;; *) to=other ;; esac
    # the CLI starts the server through its one entry point, server.h
    if [ "$from:$hdr" = "cli:web/server.h" ]; then
        continue
    fi
    if ! allowed "$from" "$to"; then
        echo "$path:$line: src/$from/ may not include \"$hdr\" (layer $to)" \
            >>"$tmp/out"
    fi
done <"$tmp/includes"

# clang-format: every C file must be formatted (clang-format -i FILE).
fmt_note="clang-format: skipped (no .clang-format)"
if [ -f .clang-format ]; then
    if command -v clang-format >/dev/null 2>&1; then
        nfmt=0
        while IFS= read -r f; do
            if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
                nfmt=$((nfmt + 1))
                echo "$f:1: not formatted; run clang-format -i $f" >>"$tmp/out"
            fi
        done <"$tmp/files"
        fmt_note="clang-format: $nfmt of $nfiles files not formatted"
    else
        fmt_note="clang-format: not installed, skipped"
    fi
fi

if [ -s "$tmp/out" ]; then
    sort -u "$tmp/out" | sort -s -t: -k1,1 -k2,2n
    echo "checksrc: $(sort -u "$tmp/out" | wc -l | tr -d ' ') violations in $nfiles files; $fmt_note"
    exit 1
fi
echo "checksrc: $nfiles files ok; $fmt_note"
exit 0
