# Helpers shared by the project's scripts: progress lines and idempotent installs.

# The crates every cargo command of the test scripts selects, always the same ones: cargo
# unifies dependency features per selection, so a different selection would build crates again.
CRATES=(-p edgecache -p edgecache-proto -p edgecache-server -p edgecache-bench -p edgecache-compat)

step() {
  printf '\n==> [%s +%ss] %s\n' "$(date +%H:%M:%S)" "$SECONDS" "$*"
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "wasm32-unknown-unknown already installed"
  else
    rustup target add wasm32-unknown-unknown
  fi
}

# npm ci in a directory, skipped when node_modules already matches package-lock.json.
npm_install() {
  local dir="$1"
  local stamp="$dir/node_modules/.edgecache-lock-stamp"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "$dir: node_modules up to date"
  else
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}

# Debian's Chromium at /usr/bin/chromium (CHROMIUM_BIN overrides the path), installed when
# missing: the conformance suite, the JS suites, the playground and the benchmark drive it.
ensure_chromium() {
  local bin="${CHROMIUM_BIN:-/usr/bin/chromium}"
  if [ -x "$bin" ]; then
    "$bin" --version
    return
  fi
  local sudo_cmd=()
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
  timeout 900 "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive bash -c 'apt-get update && apt-get install -y chromium'
}

# Timed steps with their own time limit, inside one limit for the whole run, and a table of
# per-step times printed when the outermost script exits, passing or not.
#
#   run_step SECONDS "title" command [args...]
#
# The command (often a function of the calling script) runs in a fresh bash that has sourced
# this file, under `timeout`, which kills its whole process group when SECONDS or the run's
# remaining time runs out. Scripts that call each other (scripts/test runs scripts/test-js)
# share one record of steps through the environment, so the table nests their steps.
# EDGECACHE_RUN_SECONDS sets the whole run's limit (default 4800 s, inside CI's 90 minutes).
#
# Hand-written rather than a task runner: the steps are plain shell, and all this adds is a
# clock and a limit around each.
if [ -z "${EDGECACHE_STEP_RECORD:-}" ]; then
  EDGECACHE_STEP_RECORD="$(mktemp)"
  EDGECACHE_RUN_DEADLINE=$(($(date +%s) + ${EDGECACHE_RUN_SECONDS:-4800}))
  EDGECACHE_STEP_DEPTH=0
  export EDGECACHE_STEP_RECORD EDGECACHE_RUN_DEADLINE EDGECACHE_STEP_DEPTH
  trap 'print_step_table' EXIT
fi

run_step() {
  local limit="$1" title="$2"
  shift 2
  local now remaining started status result
  now="$(date +%s)"
  remaining=$((EDGECACHE_RUN_DEADLINE - now))
  if [ "$remaining" -lt "$limit" ]; then limit="$remaining"; fi
  step "$title (limit ${limit}s)"
  started="$(date +%s%N)"
  status=0
  if [ "$limit" -le 0 ]; then
    echo "the run's time limit is used up" >&2
    status=124
  else
    if [ "$(type -t "$1")" = function ]; then export -f "$1"; fi
    # In the background and waited for, so that an interrupt reaches the step as well: timeout
    # puts the step in a process group of its own, which a terminal's Ctrl-C does not reach.
    EDGECACHE_STEP_DEPTH=$((EDGECACHE_STEP_DEPTH + 1)) timeout --kill-after=20 "$limit" \
      bash -c 'set -euo pipefail; source scripts/lib.sh; "$@"' run_step "$@" &
    local pid=$!
    trap 'kill -TERM "$pid" 2>/dev/null' INT TERM
    wait "$pid" || status=$?
    # A trapped signal ends `wait` early: wait again for the step to be gone.
    while kill -0 "$pid" 2>/dev/null; do wait "$pid" || status=$?; done
    trap - INT TERM
  fi
  local elapsed_ms=$((($(date +%s%N) - started) / 1000000))
  if [ "$status" -eq 0 ]; then
    result="passed"
  elif [ "$elapsed_ms" -ge $((limit * 1000)) ]; then
    result="FAILED: over its ${limit}s limit"
  else
    result="FAILED (exit $status)"
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$started" "$EDGECACHE_STEP_DEPTH" "$elapsed_ms" "$result" "$title" \
    >>"$EDGECACHE_STEP_RECORD"
  if [ "$status" -ne 0 ]; then
    echo "step failed: $title: $result" >&2
    exit "$status"
  fi
}

print_step_table() {
  local status=$?
  if [ -s "$EDGECACHE_STEP_RECORD" ]; then
    echo
    echo "==> step times (wall clock; nested steps indented under the step that ran them)"
    sort -n -k1,1 "$EDGECACHE_STEP_RECORD" | awk -F '\t' '{
      indent = ""; for (i = 0; i < $2; i++) indent = indent "  "
      printf "%8.1f s  %-32s %s%s\n", $3 / 1000, $4, indent, $5
    }'
    printf '%8d s  total, %s\n' "$SECONDS" "$([ "$status" -eq 0 ] && echo passed || echo "FAILED (exit $status)")"
  fi
  rm -f "$EDGECACHE_STEP_RECORD"
}
