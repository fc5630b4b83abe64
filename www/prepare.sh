# Brings up to date what the playground needs; sourced by scripts/www and scripts/test-www
# (after scripts/lib.sh). Every step is quick when its output is current.

# Whether pkg/ is missing or older than the sources it is built from.
www_pkg_stale() {
  local built=pkg/edgecache_wasm_bg.wasm
  [ -f "$built" ] && [ -f pkg/package.json ] || return 0
  local newer
  newer="$(find src js proto Cargo.toml Cargo.lock build.rs -path '*/node_modules' -prune -o \
    -type f -newer "$built" -print 2>/dev/null | head -1)"
  [ -n "$newer" ] && echo "pkg/ is older than $newer"
  [ -n "$newer" ]
}

# www_prepare [--rebuild]: pkg/, the server binary, www/ dependencies and the sdk-web bundle.
www_prepare() {
  step "www: the npm package in pkg/"
  if [ "${1:-}" = --rebuild ] || www_pkg_stale; then
    bash scripts/build-pkg
  else
    echo "pkg/ is up to date"
  fi

  step "www: edgecache-server (debug build)"
  # The test scripts' selection (scripts/lib.sh), so features unify the same way and nothing rebuilds.
  timeout 1800 cargo build "${CRATES[@]}" --all-targets --locked

  step "www: page dependencies (npm ci in www/) and the @gomomento/sdk-web bundle"
  npm_install www
  timeout 120 node www/build.mjs
}
