# shellcheck shell=bash
# The cases are scripts for a child bash: their $ expand there, not here.
# shellcheck disable=SC2016
# Tests of the scripts' own helpers (sourced by scripts/test, which runs script_selftest first). Each case
# is a bug these helpers once had; each runs in a child bash with the same options as the scripts.

script_selftest() {
  local passed=0 failed=0 out rc
  check() { # check NAME EXPECTED_RC SCRIPT [GREP_STDERR]
    out=$(cd "$ROOT" && bash -c "set -euo pipefail; ROOT='$ROOT'; source scripts/lib/tools.sh;
      source scripts/lib/pg.sh; source scripts/lib/app.sh; $3" 2>&1) && rc=0 || rc=$?
    if [ "$rc" -eq "$2" ] && { [ -z "${4:-}" ] || grep -q -- "$4" <<<"$out"; }; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1)); echo "script test failed: $1 (exit $rc, expected $2): $out" >&2
    fi
  }
  # A green run exits 0 when nothing was started (DATABASE_URL given from outside): the trap's own
  # status used to become the script's (a false `[ -n "" ] && pg_stop` under set -e).
  check "green run with an outside database exits 0" 0 \
    'server_pid=""; e2e_db=""; started_pg=""; trap cleanup_run EXIT; true'
  check "a failing run still fails" 3 \
    'server_pid=""; e2e_db=""; started_pg=""; trap cleanup_run EXIT; exit 3'
  # wait_for_http gives up as soon as the server it waits for has exited, not after its timeout.
  check "waiting for a dead server fails at once" 1 \
    'sleep 0.01 & pid=$!; wait $pid; s=$SECONDS;
     if wait_for_http http://127.0.0.1:9/ 20 $pid; then exit 5; fi; [ $((SECONDS - s)) -lt 3 ] || exit 6; exit 1' \
    "exited before"
  # Two runs on one cluster get different e2e databases.
  check "e2e database names differ between runs" 0 \
    'a=$(bash -c "source scripts/lib/app.sh; e2e_db_name"); b=$(bash -c "source scripts/lib/app.sh; e2e_db_name");
     [ "$a" != "$b" ] && [[ $a =~ ^panorama_e2e_[0-9_]+$ ]]'
  # A missing crate source gives the friendly error, not a silent exit from inside a pipeline.
  check "a missing registry source says what is missing" 1 \
    'registry_src no-such-crate 0.0.0 >/dev/null' "no-such-crate 0.0.0: source not found"
  # scripts/test needs no Python (the README promises only Rust and Node).
  check "a free port without Python" 0 'p=$(free_port); [[ $p =~ ^[0-9]+$ ]]'
  check "scripts/test and its helpers do not call python3" 0 \
    '! grep -n python3 scripts/test scripts/run scripts/lib/pg.sh scripts/lib/app.sh'
  # The /tmp cluster directory (issue 17, finding 7): never a planted symlink or another user's directory.
  check "a planted symlink is refused as the database directory" 1 \
    'ROOT=$(mktemp -d); ln -s /etc "$ROOT/link"; printf %s "$ROOT/link" > "$ROOT/.pg-location"; pg_tmp_dir' \
    "refusing"
  check "a foreign-owned directory is refused as the database directory" 1 \
    'ROOT=$(mktemp -d); d=$(mktemp -d); chown nobody "$d" 2>/dev/null || chmod 755 "$d";
     printf %s "$d" > "$ROOT/.pg-location"; pg_tmp_dir' "refusing"
  check "a new database directory has an unpredictable name and mode 700" 0 \
    'ROOT=$(mktemp -d); a=$(pg_tmp_dir); b=$(pg_tmp_dir); [ "$a" = "$b" ] && [[ $a =~ ^/tmp/panorama-pg\.[A-Za-z0-9]{10}$ ]] &&
     pg_dir_is_ours "$a" && rmdir "$a"'
  # Finding 6: a cluster made before the roles (trust for everyone, the superuser's objects) is upgraded in
  # place by the next start: its data stays, passes to the owner, and nothing connects without a password.
  check "a trust cluster from before the roles is upgraded in place" 0 \
    'unset DATABASE_URL PG_ADMIN_URL PG_APP_URL; ROOT=$(mktemp -d); ensure_postgres; PGDATA=$(pg_dir)
     [ "$(id -u)" -ne 0 ] || chown postgres: "$PGDATA"
     as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
     p=$(free_port); echo "$p" > "$PGDATA/panorama.port"
     as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/server.log" -o "-p $p -k $PGDATA -c listen_addresses=127.0.0.1" start >/dev/null
     trap "pg_stop; rm -rf \"\$PGDATA\" \"\$ROOT\"" EXIT
     psql -q "postgres://postgres@127.0.0.1:$p/postgres" -c "CREATE DATABASE keep" >/dev/null
     psql -q "postgres://postgres@127.0.0.1:$p/keep" -c "CREATE TABLE t AS SELECT 42 AS x" >/dev/null
     unset PGDATA; pg_start >/dev/null
     [ "$(psql -X "$(owner_url keep)" -tAc "SELECT x FROM t")" = 42 ] || exit 11
     [ "$(psql -X "$(owner_url keep)" -tAc "SELECT tableowner FROM pg_tables WHERE tablename = \$\$t\$\$")" = panorama_owner ] || exit 12
     [ "$(stat -c %a "$PGPASSFILE")" = 600 ] || exit 13
     ! PGPASSFILE=/dev/null psql -X -w "postgres://postgres@127.0.0.1:$p/postgres" -c "SELECT 1" 2>/dev/null || exit 14
     ! PGPASSFILE=/dev/null psql -X -w "$PG_APP_URL" -c "SELECT 1" 2>/dev/null || exit 15
     [ "$(psql -X "$PG_APP_URL" -tAc "SELECT current_user")" = panorama_app ] || exit 16'
  unset -f check
  echo "script helpers: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
