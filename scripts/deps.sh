#!/bin/sh
# deps.sh: installs what ska needs to build, run and test, and does nothing
# when everything is there. Debian packages via apt-get (with sudo when not
# root); npm packages for the browser tests into tests/browser/node_modules.
set -e
cd "$(dirname "$0")/.."

PKGS="build-essential pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev
libcmark-gfm-dev libcmark-gfm-extensions-dev libcsv-dev libxlsxwriter-dev
libcurl4-openssl-dev libzip-dev libexpat1-dev sqlite3 curl wrk chromium nodejs npm
python3-aiosmtpd"

missing=
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
# nodejs may come from elsewhere than Debian; accept a working npm.
case "$missing" in *" npm"*) command -v npm >/dev/null && missing=$(echo "$missing" | sed 's/ npm//') ;; esac
case "$missing" in *" nodejs"*) command -v node >/dev/null && missing=$(echo "$missing" | sed 's/ nodejs//') ;; esac

if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    SUDO=
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

if [ -f tests/browser/package.json ] &&
   { [ ! -d tests/browser/node_modules ] ||
     [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; }; then
    echo "deps: installing browser-test packages (npm ci)"
    (cd tests/browser && npm ci --no-audit --no-fund --silent && touch node_modules)
fi
exit 0
