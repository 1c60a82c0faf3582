# redis-server for the Redis adapter and Redis-mode tests. Exports SWITCHBOARD_TEST_REDIS
# (redis://127.0.0.1:PORT) and SWITCHBOARD_TEST_REDIS_SERVER (the redis-server binary, for tests that
# stop and restart a server of their own).
if ! command -v redis-server >/dev/null; then
  say "Installing redis-server (Debian package)"
  apt_install redis-server || true
fi
if command -v redis-server >/dev/null; then
  _redis_port=$(free_port)
  mkdir -p "$SERVICES_DIR/redis"
  redis-server --port "$_redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$SERVICES_DIR/redis" --daemonize yes --pidfile "$SERVICES_DIR/redis/redis.pid" \
    --logfile "$SERVICES_DIR/redis/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$_redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$_redis_port" ping >/dev/null 2>&1 || die "redis-server did not start (see $SERVICES_DIR/redis/redis.log)"
  on_exit "redis-cli -p $_redis_port shutdown nosave"
  export SWITCHBOARD_TEST_REDIS="redis://127.0.0.1:$_redis_port"
  export SWITCHBOARD_TEST_REDIS_SERVER=$(command -v redis-server)
  echo "redis-server $(redis-server --version | grep -o 'v=[0-9.]*') at $SWITCHBOARD_TEST_REDIS"
else
  service_missing redis-server "install the Debian package redis-server"
fi
