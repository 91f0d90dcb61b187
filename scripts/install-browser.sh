#!/usr/bin/env bash
# Installs the browser that the Web UI e2e test (tests/e2e/web-ui.test.ts) drives through
# playwright-core: the distribution's chromium at /usr/bin/chromium (Debian package
# `chromium`). Idempotent: does nothing but print the version when it is already there.
#
# Usage: bash scripts/install-browser.sh
# Needs root (or passwordless sudo) only when chromium is missing.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { printf '[browser] %s\n' "$*"; }
die() { printf '[browser] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ ! -x "$CHROMIUM" ]]; then
  command -v apt-get >/dev/null 2>&1 \
    || die "$CHROMIUM is missing and apt-get is not available; install chromium so that $CHROMIUM exists"
  if [[ "$(id -u)" == 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    die "$CHROMIUM is missing and installing it needs root: run as root, or: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium"
  fi
  log "installing chromium (apt-get)"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
  [[ -x "$CHROMIUM" ]] || die "apt-get finished but $CHROMIUM is still missing"
fi

# The Debian wrapper script prints a harmless shell warning on some hosts; keep stdout only.
version="$("$CHROMIUM" --version 2>/dev/null | head -n 1)" || die "$CHROMIUM --version failed"
[[ -n "$version" ]] || die "$CHROMIUM --version printed nothing"
log "$version at $CHROMIUM"
