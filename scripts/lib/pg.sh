# shellcheck shell=bash
# A private PostgreSQL cluster for this checkout (sourced). Skipped when DATABASE_URL is already set.
# Lives in .pg/ when the postgres user can reach the project, else in a directory under /tmp that mktemp made
# (an unpredictable name, created atomically with mode 700), whose path is kept in .pg-location.

pg_dir() {
  local d="$ROOT/.pg"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    d=$(pg_tmp_dir) || return 1
  fi
  printf '%s' "$d"
}

# The /tmp cluster directory: the recorded one if it is still ours, a new one if it is gone. A fixed name
# under /tmp could be made first by another local user (or be a planted symlink) and get a cluster started
# with their configuration, so a recorded path that is not our real directory is refused, not reused.
pg_tmp_dir() {
  local rec="$ROOT/.pg-location" d=""
  [ -f "$rec" ] && d=$(cat "$rec")
  if [ -n "$d" ] && { [ -e "$d" ] || [ -L "$d" ]; }; then
    if ! pg_dir_is_ours "$d"; then
      echo "refusing $d as the database directory: not a directory of ours with mode 700 (remove $rec to make a new one)" >&2
      return 1
    fi
  else
    d=$(mktemp -d /tmp/panorama-pg.XXXXXXXXXX)
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$d"; fi
    printf '%s' "$d" > "$rec"
  fi
  printf '%s' "$d"
}

# A real directory (not a symlink), owned by the user the cluster runs as, mode 700.
pg_dir_is_ours() {
  local want; want=$(if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi)
  [ -d "$1" ] && [ ! -L "$1" ] && [ "$(stat -c %U "$1")" = "$want" ] && [ "$(stat -c %a "$1")" = 700 ]
}

as_pg() { # initdb/postgres refuse to run as root
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# A port the kernel just handed out on loopback (Node is on every machine these scripts support; Python is not).
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# shellcheck disable=SC2120 # the options are optional; scripts/bench passes none today
pg_start() { # pg_start [extra postgres -c options...]; exports DATABASE_URL and PG_ADMIN_URL
  if [ -n "${DATABASE_URL:-}" ]; then export PG_ADMIN_URL="${PG_ADMIN_URL:-$DATABASE_URL}"; return 0; fi
  PGDATA=$(pg_dir); export PGDATA
  if [ "$(id -u)" -eq 0 ]; then id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres; fi
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "initdb $PGDATA"
    mkdir -p "$PGDATA"; [ "$(id -u)" -eq 0 ] && chown postgres: "$PGDATA"; chmod 700 "$PGDATA"
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # The benchmark counts statements: load pg_stat_statements from the start.
    echo "shared_preload_libraries = 'pg_stat_statements'" >> "$PGDATA/postgresql.conf"
  fi
  local port
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    port=$(cat "$PGDATA/panorama.port")
  else
    port=$(free_port); echo "$port" > "$PGDATA/panorama.port"; [ "$(id -u)" -eq 0 ] && chown postgres: "$PGDATA/panorama.port"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/server.log" -o \
      "-p $port -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $*" \
      start >/dev/null
  fi
  export PG_ADMIN_URL="postgres://postgres@127.0.0.1:$port/postgres"
  psql -q "$PG_ADMIN_URL" -tAc "SELECT 1 FROM pg_database WHERE datname='panorama'" | grep -q 1 ||
    psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE panorama" >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/panorama"
}

pg_stop() {
  if [ -n "${PGDATA:-}" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true; fi
}
