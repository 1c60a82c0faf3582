# PostgreSQL for the storage tests. PostgreSQL refuses to run as root, so the cluster is made and
# started as the postgres user (created by the Debian package) in a fresh folder. Exports
# SWITCHBOARD_TEST_POSTGRES, a connection string for a superuser on a throwaway cluster: tests
# create their own databases in it.
_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(_pg_bin)" ]; then
  say "Installing postgresql (Debian package)"
  apt_install postgresql || true
fi
_pgbin=$(_pg_bin)
if [ -n "$_pgbin" ] && [ -x "$_pgbin/initdb" ]; then
  _pg_port=$(free_port)
  _pg_dir="$SERVICES_DIR/postgres"
  mkdir -p "$_pg_dir"
  _pg_user=$(id -un)
  _as_pg() { "$@"; }
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$_pg_dir"
    _pg_user=postgres
    _as_pg() { runuser -u postgres -- "$@"; }
  fi
  _as_pg "$_pgbin/initdb" -D "$_pg_dir/data" -U switchboard --auth=trust -E UTF8 --no-sync >/dev/null \
    || die "initdb failed"
  _as_pg "$_pgbin/pg_ctl" -D "$_pg_dir/data" -l "$_pg_dir/log" -w \
    -o "-p $_pg_port -k $_pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || die "PostgreSQL did not start (see $_pg_dir/log)"
  on_exit "runuser -u $_pg_user -- $_pgbin/pg_ctl -D $_pg_dir/data -m immediate stop || $_pgbin/pg_ctl -D $_pg_dir/data -m immediate stop"
  export SWITCHBOARD_TEST_POSTGRES="Host=127.0.0.1;Port=$_pg_port;Username=switchboard;Database=postgres"
  echo "PostgreSQL $("$_pgbin/postgres" --version | awk "{print \$3}") at 127.0.0.1:$_pg_port"
else
  service_missing PostgreSQL "install the Debian package postgresql"
fi
