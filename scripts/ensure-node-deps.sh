#!/usr/bin/env bash
# Installs node_modules with `npm ci` when missing or older than package-lock.json.
# Sourced or run by demo.sh and test.sh, so both README commands work on a fresh clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[deps] npm ci (first run or package-lock.json changed)"
  start=$(date +%s)
  npm ci --no-audit --no-fund --loglevel=error
  echo "[deps] installed in $(( $(date +%s) - start )) s"
fi
