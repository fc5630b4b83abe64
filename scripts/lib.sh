# Helpers shared by the project's scripts: progress lines and idempotent installs.

# The crates every test run builds; the benchmark crate builds only in its own step.
CRATES=(-p edgecache -p edgecache-proto -p edgecache-server)

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
