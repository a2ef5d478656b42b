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
pg_start() { # pg_start [extra postgres -c options...]; exports DATABASE_URL (app role), PG_ADMIN_URL (owner)
  if [ -n "${DATABASE_URL:-}" ]; then # a database from outside: one role for everything, as given
    export PG_ADMIN_URL="${PG_ADMIN_URL:-$DATABASE_URL}" PG_APP_URL="${PG_APP_URL:-$DATABASE_URL}"
    return 0
  fi
  PGDATA=$(pg_dir); export PGDATA
  if [ "$(id -u)" -eq 0 ]; then id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres; fi
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "initdb $PGDATA"
    mkdir -p "$PGDATA"; [ "$(id -u)" -eq 0 ] && chown postgres: "$PGDATA"; chmod 700 "$PGDATA"
    # initdb's trust is never served: pg_auth_files replaces it before the first start.
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # The benchmark counts statements: load pg_stat_statements from the start.
    echo "shared_preload_libraries = 'pg_stat_statements'" >> "$PGDATA/postgresql.conf"
  fi
  pg_secrets
  local port auth_changed
  auth_changed=$(pg_auth_files)
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    port=$(cat "$PGDATA/panorama.port")
    # A cluster from before issue 17 runs with trust: it takes the new rules without a restart.
    [ -z "$auth_changed" ] || as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" reload >/dev/null
  else
    port=$(free_port); echo "$port" > "$PGDATA/panorama.port"; [ "$(id -u)" -eq 0 ] && chown postgres: "$PGDATA/panorama.port"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/server.log" -o \
      "-p $port -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $*" \
      start >/dev/null
  fi
  PG_PORT=$port
  pg_provision
  export PG_ADMIN_URL="postgres://panorama_owner@127.0.0.1:$port/postgres"
  export PG_APP_URL="postgres://panorama_app@127.0.0.1:$port/panorama"
  psql -q "$PG_ADMIN_URL" -tAc "SELECT 1 FROM pg_database WHERE datname='panorama'" | grep -q 1 ||
    psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE panorama" >/dev/null
  export DATABASE_URL="$PG_APP_URL"
}

# URLs of database DB as the owner (migrations, the generator, statistics) and as the app role (the server).
owner_url() { printf '%s/%s' "${PG_ADMIN_URL%/*}" "$1"; }
app_url() { printf '%s/%s' "${PG_APP_URL%/*}" "$1"; }

pg_stop() {
  if [ -n "${PGDATA:-}" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true; fi
}

# --- Who may connect (issue 17, finding 6) ---------------------------------------------------------------
# Every role signs in over TCP with scram and a generated password; the passwords live in one libpq password
# file, mode 600, in .pg-secrets/ (exported as PGPASSFILE, read by psql and sqlx alike), so no URL, argument or
# environment variable carries one. The superuser has no password: it is reachable only through the socket in
# the cluster's own mode-700 directory, by the OS user that runs the cluster (peer), for pg_provision below.

pg_secrets() {
  local dir="$ROOT/.pg-secrets" f role
  f="$dir/pgpass"
  (umask 077; mkdir -p "$dir")
  if [ ! -s "$f" ]; then
    (umask 077
     for role in panorama_owner panorama_app; do
       printf '127.0.0.1:*:*:%s:%s\n' "$role" "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
     done > "$f.new" && mv "$f.new" "$f")
  fi
  chmod 600 "$f"
  export PGPASSFILE="$f"
}

pg_secret() { awk -F: -v r="$1" '$4 == r { print $5 }' "$PGPASSFILE"; } # pg_secret ROLE

pg_hba_conf() {
  cat <<'HBA'
# Written by scripts/lib/pg.sh (issue 17, finding 6); rewritten on every start.
local  all  postgres                  peer map=panorama
host   all  all       127.0.0.1/32    scram-sha-256
host   all  all       ::1/128         scram-sha-256
HBA
}

pg_ident_conf() { # the OS user that runs the cluster may be its superuser, through the private socket only
  printf '# Written by scripts/lib/pg.sh.\npanorama  %s  postgres\n' \
    "$(if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi)"
}

pg_auth_files() { # writes pg_hba.conf and pg_ident.conf; prints "changed" when either changed
  local name content changed=""
  for name in hba ident; do
    content=$("pg_${name}_conf")
    if [ "$(as_pg cat "$PGDATA/pg_$name.conf" 2>/dev/null)" != "$content" ]; then
      printf '%s\n' "$content" | as_pg tee "$PGDATA/pg_$name.conf" >/dev/null
      changed=1
    fi
  done
  [ -z "$changed" ] || echo changed
}

pg_super() { # pg_super DB [psql args...]: psql as the superuser, through the cluster's socket
  local db=$1; shift
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGDATA" -p "$PG_PORT" -U postgres -d "$db" "$@"
}

# SQL the benchmark needs a superuser for (an extension), or the outside database's own role.
pg_super_sql() { # pg_super_sql DB SQL
  if [ -n "${PGDATA:-}" ] && [ -n "${PG_PORT:-}" ]; then pg_super "$1" -c "$2"; else psql -X -q -v ON_ERROR_STOP=1 "$(owner_url "$1")" -c "$2"; fi
}

# The roles, made or brought up to date whenever this file's rules or the passwords change (the stamp in the
# data directory): the owner (CREATEDB/CREATEROLE: migrations, the generator, statistics, sqlx::test), the app
# role the servers run as (its grants are a migration's: 20261205000001_app_role.sql) and the portal role.
# A cluster from before these roles is upgraded in place: its databases pass to the owner (the benchmark's
# million tickets stay), only scratch databases of earlier test runs are dropped.
PG_ROLES_VERSION=1
pg_provision() {
  local stamp db
  stamp="$PG_ROLES_VERSION $(sha256sum < "$PGPASSFILE" | cut -c1-16)"
  [ "$(as_pg cat "$PGDATA/panorama.roles" 2>/dev/null)" != "$stamp" ] || return 0
  log "Postgres roles: panorama_owner, panorama_app, panorama_portal"
  pg_super postgres <<SQL
SET client_min_messages = warning;
DO \$\$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['panorama_owner', 'panorama_app', 'panorama_portal'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN EXECUTE format('CREATE ROLE %I', r); END IF;
    END LOOP;
END \$\$;
ALTER ROLE panorama_owner LOGIN CREATEDB CREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD '$(pg_secret panorama_owner)';
ALTER ROLE panorama_app LOGIN NOCREATEDB NOCREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD '$(pg_secret panorama_app)';
ALTER ROLE panorama_portal NOLOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS;
GRANT panorama_app, panorama_portal TO panorama_owner WITH ADMIN OPTION;
-- The generator skips per-row foreign-key checks of its consistent-by-construction data; the benchmark
-- reads every role's statements; sqlx::test keeps its bookkeeping schema in this database.
GRANT SET ON PARAMETER session_replication_role TO panorama_owner;
GRANT pg_read_all_stats TO panorama_owner;
GRANT CREATE ON DATABASE postgres TO panorama_owner;
SQL
  for db in $(pg_super postgres -tA -c "SELECT datname FROM pg_database
      WHERE NOT datistemplate AND datname <> 'postgres' AND datdba <> 'panorama_owner'::regrole"); do
    case $db in
      _sqlx_test_*|panorama_e2e_*|panorama_sqlx_*) pg_super postgres -c "DROP DATABASE \"$db\" WITH (FORCE)" ;;
      *) log "database $db passes to panorama_owner"
         pg_super postgres -c "ALTER DATABASE \"$db\" OWNER TO panorama_owner"
         pg_super "$db" <<< "$(pg_reassign_sql)" ;;
    esac
  done
  pg_super postgres -c "SET client_min_messages = warning" -c "DO \$\$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '_sqlx_test' AND nspowner <> 'panorama_owner'::regrole)
      THEN DROP SCHEMA _sqlx_test CASCADE; END IF; END \$\$"
  printf '%s\n' "$stamp" | as_pg tee "$PGDATA/panorama.roles" >/dev/null
}

# Every object of the public schema not owned by panorama_owner (made by migrations run as the superuser)
# becomes the owner's; objects of extensions stay with them. Tables first: their sequences follow them.
pg_reassign_sql() {
  cat <<'SQL'
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS obj, CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                    WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                   AND d.deptype IN ('e', 'a', 'i'))
              ORDER BY c.relkind = 'S'
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO panorama_owner', r.kind, r.obj);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS obj FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public'
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                   AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO panorama_owner', r.obj);
    END LOOP;
    FOR r IN SELECT t.oid::regtype AS obj FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                                   AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO panorama_owner', r.obj);
    END LOOP;
END $$;
SQL
}
