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

wait_for_http() { # wait_for_http URL SECONDS
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "no answer from $1 after $2 s" >&2; return 1
}
