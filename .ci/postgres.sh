# A throwaway PostgreSQL cluster on a loopback port for ProgressPostgresIT. Sourced by .ci/run;
# also handy by hand: `source .ci/postgres.sh && start_postgres`.
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_DIR=${PG_DIR:-/tmp/kubeguide-pg}
PG_PORT=${PG_PORT:-55432}

start_postgres() {
  rm -rf "$PG_DIR" && mkdir -p "$PG_DIR" && chown postgres "$PG_DIR"
  su postgres -c "$PG_BIN/initdb -D $PG_DIR/data -U postgres -A trust" >/dev/null
  su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1' start" >/dev/null
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE ROLE guide LOGIN PASSWORD 'guide'" -c "CREATE DATABASE guide OWNER guide"
  export GUIDE_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/guide" GUIDE_TEST_PG_USER=guide GUIDE_TEST_PG_PASSWORD=guide
  echo "PostgreSQL on 127.0.0.1:$PG_PORT ($GUIDE_TEST_PG_URL)"
}

stop_postgres() {
  [ -d "$PG_DIR/data" ] && su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop" >/dev/null 2>&1 || true
}
