# shellcheck shell=bash
# Compile-time checked SQL (sourced). The `query!` macros in app/src/db read .sqlx/ (committed; .cargo/config.toml
# sets SQLX_OFFLINE=true), so no build needs a database. These helpers make that data afresh from a database
# with every migration applied: scripts/prepare-sql writes it, scripts/test compares it with what is committed.

sql_scratch_db() { # sql_scratch_db NAME: a new database NAME with every migration applied; prints its URL
  local url f
  url=$(owner_url "$1")
  export PGOPTIONS="-c client_min_messages=warning"
  psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
  for f in "$ROOT"/migrations/*.sql; do
    psql -q -X -v ON_ERROR_STOP=1 --single-transaction "$url" -f "$f" >/dev/null
  done
  printf '%s' "$url"
}

# sql_macros_online DIR COMMAND...: runs COMMAND (a cargo build of app with `ssr`) with the macros checking
# every statement against a freshly migrated database and writing their data to DIR.
sql_macros_online() {
  local dir=$1; shift
  local db="panorama_sqlx_$$" url status=0 lib="$ROOT/app/src/lib.rs" mtime
  url=$(sql_scratch_db "$db")
  # The macros run again only when their crate is rebuilt: touch it, then give the file its time back, so the
  # other builds (tests, release) do not take the touch for a change.
  mtime=$(stat -c %Y "$lib")
  touch "$lib"
  SQLX_OFFLINE=false DATABASE_URL="$url" SQLX_OFFLINE_DIR="$dir" "$@" || status=$?
  touch -d "@$mtime" "$lib"
  psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  return "$status"
}

# sql_offline_check COMMAND...: as sql_macros_online, then fails when .sqlx/ is not exactly what the macros
# wrote (a statement or migration changed without scripts/prepare-sql, or a stale file stayed behind).
sql_offline_check() {
  local tmp; tmp=$(mktemp -d)
  sql_macros_online "$tmp" "$@"
  if ! diff -r -q "$ROOT/.sqlx" "$tmp" >&2; then
    echo ".sqlx/ is stale: run scripts/prepare-sql and commit .sqlx/" >&2
    rm -rf "$tmp"; return 1
  fi
  echo "checked SQL: $(find "$tmp" -name 'query-*.json' | wc -l) statements match .sqlx/ and the migrations"
  rm -rf "$tmp"
}
