# shellcheck shell=bash
# Building and starting the app (sourced). Respects CARGO_TARGET_DIR.
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SITE_ROOT="$TARGET_DIR/site"

build_release() {
  # cargo-leptos re-runs wasm-bindgen and wasm-opt (~25 s) even when nothing changed: skip it when no
  # source is newer than the last successful build.
  local stamp="$TARGET_DIR/.panorama-release-stamp"
  if [ -f "$stamp" ] && [ -x "$(server_bin)" ] && [ -f "$SITE_ROOT/pkg/panorama.wasm" ] &&
    [ -z "$(cd "$ROOT" && find app server frontend style public migrations Cargo.toml Cargo.lock -newer "$stamp" -print -quit)" ]; then
    log "release build is up to date"
    precompress_site
    return 0
  fi
  log "cargo leptos build --release --split"
  (cd "$ROOT" && LEPTOS_SITE_ROOT="$SITE_ROOT" cargo leptos build --release --split)
  precompress_site
  touch "$stamp"
}

# The server sends these .br files as they are (ServeDir precompressed_br) instead of compressing per request;
# the size guard (scripts/test) and the benchmark read their sizes. Only stale or missing ones are redone.
precompress_site() {
  local f
  for f in "$SITE_ROOT"/pkg/*.wasm "$SITE_ROOT"/pkg/*.js "$SITE_ROOT"/pkg/*.css; do
    [ "$f.br" -nt "$f" ] || brotli -q 11 -f -k -n "$f"
  done
}

# Bytes of the release wasm + JS after brotli -q 11 that every page downloads: the main wasm, its JS and the
# split loader it imports (the CIC is in the main wasm; other pages add their own chunk, fetched on first use).
MAIN_PKG_FILES="panorama.wasm panorama.js __wasm_split.______________________.js"
wasm_js_brotli_bytes() { main_pkg_bytes .br; }

main_pkg_bytes() { # main_pkg_bytes [SUFFIX]: summed size of MAIN_PKG_FILES (".br": their precompressed forms)
  local f n=0
  for f in $MAIN_PKG_FILES; do n=$((n + $(stat -c %s "$SITE_ROOT/pkg/$f${1:-}"))); done
  echo "$n"
}

server_bin() { printf '%s' "$TARGET_DIR/release/server"; }

# The environment cargo-leptos would give the server, so it finds its site however the target dir is set.
leptos_env() {
  export LEPTOS_OUTPUT_NAME=panorama LEPTOS_SITE_ROOT="$SITE_ROOT" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD
  export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}" LEPTOS_RELOAD_PORT="${LEPTOS_RELOAD_PORT:-3001}"
}

wait_for_http() { # wait_for_http URL SECONDS [PID]: fails at once when process PID (the server) has exited
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
      echo "the server (pid $3) exited before $1 answered" >&2; return 1
    fi
    sleep 0.1
  done
  echo "no answer from $1 after $2 s" >&2; return 1
}

# The EXIT trap of scripts/test and scripts/bench: stops the server and what this run started (its e2e
# database, the private cluster). Always returns 0, so a green run's exit status is the run's own.
# Reads the globals server_pid, e2e_db and started_pg (each may be empty).
cleanup_run() {
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ -n "${e2e_db:-}" ]; then
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $e2e_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ -n "${started_pg:-}" ]; then pg_stop; fi
  return 0
}

# A database name of this run alone: two runs on one cluster (a shared DATABASE_URL) never collide.
e2e_db_name() { printf 'panorama_e2e_%s_%s' "$$" "$(date +%s%N | tail -c 7)"; }
