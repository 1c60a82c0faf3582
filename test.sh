#!/usr/bin/env bash
# Runs every Switchboard test on a fresh machine that has only the .NET SDK, Node 20 and npm.
# It installs whatever else the tests need first (Node packages for the interop tests, Debian
# packages such as redis-server and postgresql: see test/services), starts the services, then runs the suite.
# Nothing is skipped silently: a missing tool or service fails the run with a message naming it.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

say() { printf '\n== %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET SDK is missing: install .NET SDK 10.0 (see README.md)"
command -v node >/dev/null || die "node is missing: install Node.js 20 with npm"
command -v npm >/dev/null || die "npm is missing: install Node.js 20 with npm"

say "Node packages for the interop tests (test/interop)"
(cd test/interop && npm ci --no-audit --no-fund --loglevel=error)

say "Services the tests need (test/services)"
# common.sh first, then each service in name order; each exports the address its tests read
# (SWITCHBOARD_TEST_REDIS, SWITCHBOARD_TEST_POSTGRES, ...) and stops its server when this script exits.
source test/services/common.sh
for service in test/services/*.sh; do
  [ "$service" = test/services/common.sh ] || source "$service"
done

say "Build (Release, warnings are errors)"
dotnet build Switchboard.slnx -c Release -nologo -v quiet

say "Tests"
log=$(mktemp)
set +e
dotnet test Switchboard.slnx -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

say "Packages: pack, restore from a folder feed into test/PackageConsumer, build and test it"
set +e
test/package-consumer.sh --no-build 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" = 0 ] || { status=1; echo "test.sh: test/package-consumer.sh failed" >&2; }
set -e

# One closing line for the whole run, summed over the test projects.
awk '
  /(Passed|Failed)! +- +Failed:/ {
    line = $0
    gsub(/[^0-9,]/, " ", line)
    split(line, n, ",")
    f += n[1]; p += n[2]; s += n[3]
    projects++
  }
  END {
    if (projects == 0) { print "no test project reported results"; exit 1 }
    printf "total: %d passed, %d failed, %d skipped\n", p, f, s
  }' "$log" || status=1
rm -f "$log"
exit "$status"
