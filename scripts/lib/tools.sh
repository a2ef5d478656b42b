# shellcheck shell=bash
# Installs, idempotently, every tool the build and tests need (sourced by scripts/run, test, bench).
# Versions are pinned here and in Cargo.lock; see ../shared/TOOLCHAIN.md for why each trap exists.
CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132.0.0
# cargo-leptos's lock file has the wasm splitter at 0.2.3, which keeps the whole string segment in the main
# wasm as soon as the linker tail-merges two strings of different routes (+15 kB brotli for the CIC); 0.2.4
# places each merged range in the module that needs it.
WASM_SPLIT_VERSION=0.2.4

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() { # apt_install PKG... (only the missing ones; needs root, as on these machines)
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
}

ensure_cargo_leptos() {
  local bin; bin=$(command -v cargo-leptos || true)
  if [ -n "$bin" ] && cargo-leptos --version | grep -q "$CARGO_LEPTOS_VERSION" &&
    grep -qa "wasm_split_cli_support-$WASM_SPLIT_VERSION" "$bin"; then return 0; fi
  log "building cargo-leptos $CARGO_LEPTOS_VERSION (about 11 minutes on 2 cores, once)"
  # TRAP 1: its lock file wants cargo-util-schemas 0.14.2 (rustc 1.96); re-lock that one crate, and the
  # splitter (above; 0.2.4 needs rayon 1.12).
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && cargo new -q fetch && cd fetch && cargo add -q "cargo-leptos@=$CARGO_LEPTOS_VERSION" --no-default-features && cargo fetch -q) >/dev/null 2>&1 || true
  local src; src=$(registry_src cargo-leptos "$CARGO_LEPTOS_VERSION") || return 1
  cp -r "$src" "$tmp/cargo-leptos"
  (cd "$tmp/cargo-leptos" && cargo update -q -p cargo-util-schemas --precise 0.14.1 &&
    cargo update -q -p rayon --precise 1.12.0 &&
    cargo update -q -p wasm_split_cli_support --precise "$WASM_SPLIT_VERSION" &&
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install -q --path . --locked --features no_downloads)
  rm -rf "$tmp"
}

registry_src() { # registry_src CRATE VERSION: the crate's unpacked source in the cargo registry, or a clear error
  local d
  for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$1-$2"; do
    if [ -d "$d" ]; then printf '%s' "$d"; return 0; fi
  done
  echo "$1 $2: source not found in the cargo registry (did 'cargo fetch' reach crates.io?)" >&2; return 1
}

ensure_wasm_bindgen() { # TRAP 2: the CLI must equal the library version in Cargo.lock exactly
  local want; want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' "$ROOT/Cargo.lock")
  if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $want\$"; then return 0; fi
  log "installing wasm-bindgen-cli $want"
  cargo install -q wasm-bindgen-cli --version "$want" --force
}

ensure_npm_tools() { # TRAP 3: wasm-opt from npm binaryen, never Debian's; Playwright without its browser download
  if [ ! -x "$ROOT/tools/node_modules/.bin/wasm-opt" ]; then
    log "npm: binaryen $BINARYEN_VERSION"
    (cd "$ROOT/tools" && npm ci --silent --no-audit --no-fund)
  fi
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    log "npm: Playwright (browser from Debian)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
  export PATH="$ROOT/tools/node_modules/.bin:$PATH"
}

ensure_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql postgresql-contrib
  PG_BIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  export PG_BIN
}

# shellcheck disable=SC2120 # "browser" is optional (scripts/run needs no browser)
ensure_tools() { # ensure_tools [browser]
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  command -v curl >/dev/null || apt_install curl
  command -v brotli >/dev/null || apt_install brotli  # precompresses the wasm/JS/CSS at build time
  ensure_postgres
  if [ "${1:-}" = browser ]; then apt_install chromium; fi
  ensure_wasm_target
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_npm_tools
}

# The benchmark's tools: oha (open-loop load; built from crates.io, needs cmake), wrk and the brotli CLI from
# Debian, Lighthouse from npm (12.x: the last line that runs on Node 20).
OHA_VERSION=1.16.0
LIGHTHOUSE_VERSION=12.8.2
ensure_bench_tools() {
  apt_install wrk python3  # python3 reads the tools' JSON output
  if ! command -v oha >/dev/null || ! oha --version | grep -q "$OHA_VERSION"; then
    apt_install cmake
    log "cargo install oha $OHA_VERSION (several minutes on 2 cores, once)"
    cargo install -q --locked oha --version "$OHA_VERSION"
  fi
  local lh="$ROOT/target/bench/tools"
  if [ ! -x "$lh/node_modules/.bin/lighthouse" ]; then
    log "npm install lighthouse@$LIGHTHOUSE_VERSION"
    mkdir -p "$lh" && (cd "$lh" && npm install -s --no-audit --no-fund "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null)
  fi
  export LIGHTHOUSE="$lh/node_modules/.bin/lighthouse"
}
