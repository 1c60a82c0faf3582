# Helpers shared by the service scripts that test.sh sources (this folder's *.sh, in name order).
# Each service script installs what is missing, starts its server on a free loopback port in a
# fresh folder under $SERVICES_DIR, exports the address the tests read, and registers its stop
# command with on_exit. Under CI=true a service that cannot be started fails the run.

SERVICES_DIR=${SERVICES_DIR:-$(mktemp -d /tmp/switchboard-services.XXXXXX)}
chmod 755 "$SERVICES_DIR"
_exit_cmds=()
on_exit() { _exit_cmds+=("$1"); }
run_exit_cmds() {
  local i
  for ((i = ${#_exit_cmds[@]} - 1; i >= 0; i--)); do eval "${_exit_cmds[$i]}" >/dev/null 2>&1 || true; done
  rm -rf "$SERVICES_DIR"
}
trap run_exit_cmds EXIT

_apt_updated=0
# apt_install PACKAGE... : installs Debian packages when apt-get is there and we are root.
apt_install() {
  if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
    return 1
  fi
  if [ "$_apt_updated" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}

# free_port: prints a TCP port nobody listens on now.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# service_missing NAME WHAT : a service the tests need is not available.
service_missing() {
  if [ "${CI:-}" = true ]; then
    die "$1 is missing and could not be installed: $2"
  fi
  printf 'test.sh: %s is missing (%s); its tests will be skipped\n' "$1" "$2" >&2
}
