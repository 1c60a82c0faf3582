#!/usr/bin/env bash
# Packs the Switchboard libraries and tests them the way an application outside this repository uses them:
# test/PackageConsumer is copied to a temporary folder, restores the packages from a local folder feed, builds
# (warnings are errors, trimming and AOT analyzers on) and runs its tests (a socket.io-client chat over the
# packaged Switchboard.SocketIO, a merge with the packaged Switchboard.Yjs).
#
#   test/package-consumer.sh              builds Switchboard.slnx (Release) first
#   test/package-consumer.sh --no-build   packs what the last Release build left (test.sh does this)
#
# Needs the npm packages of test/interop (./test.sh installs them). Only the Switchboard packages go to a
# throwaway NuGet packages folder; everything else comes from the normal NuGet cache (a fallback folder), so a
# run downloads nothing the main solution did not already restore.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

build=1
case "${1:-}" in
  --no-build) build=0 ;;
  "") ;;
  *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
# A version of its own for every run: no copy of an earlier build in any cache can stand in for this one.
version="0.0.0-consumer.$(date -u +%Y%m%d%H%M%S).$$"

if [ "$build" = 1 ]; then
  dotnet build Switchboard.slnx -c Release -nologo -v quiet
fi

echo "package-consumer: packing $version"
# Every library in src/ whose project says <IsPackable>true</IsPackable>.
for project in $(grep -l '<IsPackable>true</IsPackable>' src/*/*.csproj); do
  dotnet pack "$project" -c Release --no-build -nologo -v quiet -o "$feed" -p:PackageVersion="$version"
done
ls "$feed"
for id in Switchboard.SocketIO Switchboard.Yjs; do
  [ -f "$feed/$id.$version.nupkg" ] || { echo "package-consumer: $id.$version.nupkg was not packed" >&2; exit 1; }
  [ -f "$feed/$id.$version.snupkg" ] || { echo "package-consumer: $id.$version.snupkg (symbols) was not packed" >&2; exit 1; }
done

# NuGet settings for the consumer alone: the local feed for Switchboard.*, the machine's usual sources for the
# rest, the normal cache as a read-only fallback, and a throwaway packages folder for what is not in it.
cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
cache=${cache%/}
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo "  <config><add key=\"globalPackagesFolder\" value=\"$work/packages\" /></config>"
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"switchboard-local\" value=\"$feed\" />"
  n=0
  while read -r url; do
    n=$((n + 1))
    echo "    <add key=\"upstream$n\" value=\"$url\" />"
  done < <(dotnet nuget list source --format short | sed -n 's/^E *//p')
  echo '  </packageSources>'
  echo "  <fallbackPackageFolders><clear /><add key=\"cache\" value=\"$cache\" /></fallbackPackageFolders>"
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="switchboard-local"><package pattern="Switchboard.*" /></packageSource>'
  for i in $(seq 1 "$n"); do
    echo "    <packageSource key=\"upstream$i\"><package pattern=\"*\" /></packageSource>"
  done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$work/NuGet.config"

# The consumer pins its test packages itself; the same versions as the repository's keep them in the cache.
while read -r id ver; do
  grep -q "Include=\"$id\" Version=\"$ver\"" Directory.Packages.props ||
    echo "package-consumer: note: $id $ver differs from Directory.Packages.props (it will be downloaded); keep them in step" >&2
done < <(sed -n 's/.*PackageVersion Include="\([^"]*\)" Version="\([0-9][^"]*\)".*/\1 \2/p' test/PackageConsumer/Directory.Packages.props)

cp -r test/PackageConsumer "$work/consumer"
rm -rf "$work/consumer/bin" "$work/consumer/obj"
cd "$work/consumer"
dotnet restore --configfile "$work/NuGet.config" -nologo -v quiet -p:SwitchboardVersion="$version"
dotnet build --no-restore -c Release -nologo -v quiet -p:SwitchboardVersion="$version"
SWITCHBOARD_INTEROP_DIR="$root/test/interop" dotnet test --no-build -c Release -nologo -p:SwitchboardVersion="$version"
