#!/usr/bin/env bash
# Installs the local stack's servers into a cache dir, building them from the Go module
# proxy (vendor download sites are unreachable here; registries are not).
#   - Temporal CLI (dev server + Web UI)   -> $FF_CACHE_DIR/bin/temporal
#   - Versity S3 Gateway (S3 over a dir)   -> $FF_CACHE_DIR/bin/versitygw
# Idempotent: a binary whose version stamp (<binary>.version) matches the pin in
# scripts/stack-versions.sh is skipped. Prints what it installs and how long it took.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/stack-versions.sh
source "$SCRIPT_DIR/stack-versions.sh"

log() { printf '[install-stack] %s\n' "$*"; }

require_go() {
  if ! command -v go >/dev/null 2>&1; then
    log "ERROR: 'go' is not on PATH; install Go >= 1.23 (the stack is built with 'go install')." >&2
    exit 1
  fi
}

# install_one NAME PACKAGE VERSION
install_one() {
  local name="$1" pkg="$2" version="$3"
  local bin="$FF_BIN_DIR/$name" stamp="$FF_BIN_DIR/$name.version"
  local want="$pkg@$version"

  if [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    log "$name $version already installed ($bin)"
    return 0
  fi

  require_go
  log "building $want (go install) ..."
  local start=$SECONDS tmp
  # Build into a scratch dir, then move into place: an interrupted build never leaves a
  # half-written binary that the stamp check would later trust.
  tmp="$(mktemp -d "$FF_BIN_DIR/.build.XXXXXX")"
  if ! GOBIN="$tmp" CGO_ENABLED="${CGO_ENABLED:-0}" GOFLAGS="${GOFLAGS:-} -trimpath" \
      go install "$want"; then
    rm -rf "$tmp"
    log "ERROR: go install $want failed (is the Go module proxy reachable? see GOPROXY)" >&2
    exit 1
  fi
  mv -f "$tmp/$name" "$bin"
  rm -rf "$tmp"
  printf '%s\n' "$want" >"$stamp"
  log "installed $name $version in $((SECONDS - start)) s -> $bin"
}

main() {
  local start=$SECONDS
  mkdir -p "$FF_BIN_DIR"
  install_one temporal "$TEMPORAL_CLI_PKG" "$TEMPORAL_CLI_VERSION"
  install_one versitygw "$VERSITYGW_PKG" "$VERSITYGW_VERSION"
  log "stack binaries ready in $FF_BIN_DIR ($((SECONDS - start)) s total)"
}

main "$@"
