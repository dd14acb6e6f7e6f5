#!/usr/bin/env bash
# Starts (or stops) a PostgreSQL cluster and a Redis server of the project's own, on 127.0.0.1,
# with data folders under $SERVICES_DIR, for the PostgreSQL half of the test suite and the @scale
# test (docs/deployment.md). Prints the two environment variables to export:
#
#   eval "$(bash scripts/services.sh start)"   # TEST_POSTGRES_URL=… TEST_REDIS_URL=…
#   bash scripts/services.sh stop
#
# Needs PostgreSQL 15 (initdb, pg_ctl) and redis-server (Debian: postgresql, redis-server).
# PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` user.
set -euo pipefail

SERVICES_DIR="${SERVICES_DIR:-${TMPDIR:-/tmp}/knudepunkt-services}"
PG_PORT="${PG_PORT:-54329}"
REDIS_PORT="${REDIS_PORT:-63790}"
PG_DATA="$SERVICES_DIR/pg"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
PG_USER=knudepunkt
PG_PASSWORD=knudepunkt

as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  mkdir -p "$SERVICES_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    mkdir -p "$PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_cluster_owner "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log"
  fi
  if ! as_cluster_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    # Test clusters trade durability for speed; production keeps fsync on (docs/deployment.md).
    as_cluster_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -o \
      "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DATA -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  fi
  as_cluster_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtAc \
    "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'; END IF; END \$\$;" >/dev/null
  if ! as_cluster_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = 'knudepunkt'" | grep -q 1; then
    as_cluster_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres -O "$PG_USER" knudepunkt
  fi
}

start_redis() {
  mkdir -p "$SERVICES_DIR/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$SERVICES_DIR/redis" --save '' --appendonly no \
      --daemonize yes --logfile "$SERVICES_DIR/redis/redis.log" --pidfile "$SERVICES_DIR/redis/redis.pid"
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
}

case "${1:-start}" in
  start)
    command -v redis-server >/dev/null || { echo "redis-server mangler (apt-get install -y redis-server)" >&2; exit 1; }
    [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL mangler (apt-get install -y postgresql)" >&2; exit 1; }
    start_postgres >&2
    start_redis >&2
    echo "export TEST_POSTGRES_URL=postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/knudepunkt"
    echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
    ;;
  stop)
    [ -f "$PG_DATA/PG_VERSION" ] && as_cluster_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    ;;
  *)
    echo "brug: bash scripts/services.sh start|stop" >&2
    exit 2
    ;;
esac
