# Building and starting the app (sourced). Respects CARGO_TARGET_DIR.
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SITE_ROOT="$TARGET_DIR/site"

build_release() {
  log "cargo leptos build --release"
  (cd "$ROOT" && LEPTOS_SITE_ROOT="$SITE_ROOT" cargo leptos build --release)
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
