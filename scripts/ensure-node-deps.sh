#!/usr/bin/env bash
# Installs node_modules with `npm ci` when missing or older than package-lock.json.
# Run by demo.sh and test.sh, so both README commands work on a fresh clone.
#
# Install scripts: @tensorflow/tfjs-node's downloads libtensorflow and a prebuilt addon
# from a vendor site, which cannot work here (scripts/install-tfjs-native.sh builds them
# from registry packages instead). package.json "allowScripts" denies it, but only npm
# releases that implement allowScripts honour that, so this script does not rely on it:
# `npm ci --ignore-scripts`, then `npm rebuild` of every other package whose install
# script the lockfile records (esbuild, @swc/core, ...). One path on every npm version.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[deps] npm ci (first run or package-lock.json changed)"
  start=$(date +%s)
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  # Package names with an install script, less the ones package.json's allowScripts denies.
  mapfile -t with_scripts < <(node -e '
    const lock = require("./package-lock.json");
    const denied = new Set(Object.entries(require("./package.json").allowScripts ?? {})
      .filter(([, allowed]) => allowed === false).map(([name]) => name));
    const names = new Set();
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!entry.hasInstallScript || path === "") continue;
      const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
      if (!denied.has(name)) names.add(name);
    }
    console.log([...names].sort().join("\n"));')
  if (( ${#with_scripts[@]} )); then
    npm rebuild --no-audit --no-fund --loglevel=error "${with_scripts[@]}" >/dev/null
  fi
  echo "[deps] installed in $(( $(date +%s) - start )) s (install scripts run for: ${with_scripts[*]:-none})"
fi
