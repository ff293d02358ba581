# Sourced by .ci/run (and usable by hand): starts a throwaway Postgres cluster on a free loopback port and
# exports TEST_DATABASE_URL. The cluster is stopped and removed when the sourcing shell exits.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then echo "postgresql is not installed (apt-get install postgresql)" >&2; return 1; fi

port=55432
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

pg_dir=$(mktemp -d /tmp/voice-pg-XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pg_dir"; fi

as_pg "$pg_bin/initdb -D '$pg_dir/data' -A trust -U postgres --no-sync" >/dev/null
as_pg "$pg_bin/pg_ctl -D '$pg_dir/data' -l '$pg_dir/log' -w -o \"-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null

stop_postgres() { as_pg "$pg_bin/pg_ctl -D '$pg_dir/data' -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap stop_postgres EXIT

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
export PG_BIN="$pg_bin" PG_DATA_DIR="$pg_dir/data" PG_PORT="$port"
echo "Postgres $("$pg_bin/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port"
