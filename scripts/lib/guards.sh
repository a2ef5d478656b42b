# shellcheck shell=bash
# Structural checks run by scripts/test (sourced): the rooms of docs/ARCHITECTURE.md may only use the rooms
# below them, and the shell scripts pass shellcheck.

# ROOM:FORBIDDEN... — a path under app/src (a folder or a file) and the crate modules it may never name.
# Views sit on top (pages > components > api/service > db/authz/session > model/error); nothing lower
# reaches up.
IMPORT_RULES=(
  "model:pages components api service db authz session state password"
  "error:pages components api service db authz session"
  "db:pages components api service authz session"
  "authz.rs:pages components api service"
  "session.rs:pages components api service"
  "service:pages components api"
  "api:pages components"
  "components:pages"
)

# Prints every `crate::X` (or `X::` at the start of a `use crate::{...}` item) that breaks a rule; fails if any.
import_direction_guard() {
  local rule room forbidden m hits="" found
  for rule in "${IMPORT_RULES[@]}"; do
    room=${rule%%:*}; forbidden=${rule#*:}
    [ -e "$ROOT/app/src/$room" ] || continue
    for m in $forbidden; do
      # `crate::m::`, `crate::m;`, or `m::` as an item of a braced `use crate::{...}` list (a line that
      # starts with it). A path like `leptos_router::components::` is another crate's module.
      found=$(grep -rnE --include='*.rs' "crate::$m(::|;|\\b)|^[[:space:]]*$m::" "$ROOT/app/src/$room" || true)
      [ -n "$found" ] && hits+="$room must not use $m:"$'\n'"$found"$'\n'
    done
  done
  if [ -n "$hits" ]; then
    printf 'import direction broken (see docs/ARCHITECTURE.md, Rooms):\n%s' "$hits" >&2
    return 1
  fi
  echo "import direction: ${#IMPORT_RULES[@]} rules hold"
}

shellcheck_guard() {
  command -v shellcheck >/dev/null || apt_install shellcheck
  (cd "$ROOT" && shellcheck -x -P scripts/lib scripts/run scripts/test scripts/bench scripts/prepare-sql scripts/lib/*.sh .ci/run)
  echo "shellcheck: scripts clean"
}
