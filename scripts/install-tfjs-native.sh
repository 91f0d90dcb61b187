#!/usr/bin/env bash
# Builds the native addon of @tensorflow/tfjs-node from registry packages and installs it
# into node_modules (the package's own install script downloads libtensorflow and a
# prebuilt addon from a vendor site, which cannot work here; package.json denies it):
#   1. libtensorflow 2.10.1    Maven Central jar (mvn; the JDK)        -> deps/lib
#   2. TensorFlow C headers    PyPI tensorflow-cpu wheel (pip)          -> deps/include
#   3. tfjs_binding.node       npm's bundled node-gyp, local Node headers (g++, make, python3)
#   4. smoke test              a matMul on backend 'tensorflow' in a fresh node process
# Pins and checksums: scripts/tfjs-native-versions.sh.
#
# Cache: $FF_CACHE_DIR/tfjs-native/ (default ~/.cache/finetune-flow/tfjs-native)
#   downloads/m2/           private Maven repository holding the jar
#   headers/<wheel>/        headers extracted from the wheel (the wheel itself is deleted)
#   <stamp>/                the built addon + libraries, keyed by pins + Node ABI; it is
#                           built in a scratch dir and moved into place when complete
# With the cache warm, a run (e.g. after `npm ci` wiped node_modules) only hard-links
# (or copies) the built files into node_modules and reruns the smoke test: about 1 s.
#
# Settings:
#   FF_NATIVE_TF=required   (default) build/link; any failure exits non-zero, loudly
#   FF_NATIVE_TF=try        same, but a failure only warns and exits 0 (training uses
#                           the wasm/cpu fallback)
#   FF_NATIVE_TF=skip       do nothing; training uses the wasm/cpu fallback
#   FF_NATIVE_TF_VARIANT=cpu|gpu   gpu: @tensorflow/tfjs-node-gpu with the CUDA 11.2 build
#                           (npm install --no-save of the package when it is missing)
# On any failure the addon is removed from node_modules, so that tfjs-node fails to load
# and the backend selection falls back instead of trusting a broken addon.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
# shellcheck source=scripts/tfjs-native-versions.sh
source "$SCRIPT_DIR/tfjs-native-versions.sh"

MODE="${FF_NATIVE_TF:-required}"
VARIANT="${FF_NATIVE_TF_VARIANT:-cpu}"
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"

log() { printf '[tfjs-native] %s\n' "$*"; }
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
FALLBACK_NOTE="training will use the wasm/cpu fallback (tfjs-node does not load)"

fail() {
  log "ERROR: $*" >&2
  remove_addon
  if [[ "$MODE" == try ]]; then
    log "FF_NATIVE_TF=try: continuing; $FALLBACK_NOTE" >&2
    exit 0
  fi
  log "native TensorFlow is not installed; $FALLBACK_NOTE." >&2
  log "fix the cause above, or set FF_NATIVE_TF=skip (or =try) to use the fallback on purpose" >&2
  exit 1
}

case "$MODE" in
  skip)
    log "FF_NATIVE_TF=skip: not building native TensorFlow; $FALLBACK_NOTE"
    exit 0 ;;
  required|try) ;;
  *) log "ERROR: FF_NATIVE_TF must be required, try or skip (got '$MODE')" >&2; exit 1 ;;
esac
case "$VARIANT" in
  cpu) PKG="$TFJS_NODE_PKG_CPU"; CLASSIFIER="$LIBTF_CLASSIFIER_CPU"; JAR_SHA256="$LIBTF_JAR_SHA256_CPU" ;;
  gpu) PKG="$TFJS_NODE_PKG_GPU"; CLASSIFIER="$LIBTF_CLASSIFIER_GPU"; JAR_SHA256="$LIBTF_JAR_SHA256_GPU" ;;
  *) log "ERROR: FF_NATIVE_TF_VARIANT must be cpu or gpu (got '$VARIANT')" >&2; exit 1 ;;
esac
PKG_DIR="$REPO_ROOT/node_modules/$PKG"

# Removes what this script installs into the package (addon, libraries, build leftovers).
remove_addon() {
  if [[ -n "${PKG_DIR:-}" && -d "$PKG_DIR" ]]; then
    rm -rf "$PKG_DIR/lib" "$PKG_DIR/deps" "$PKG_DIR/build"
  fi
}

need() { # need TOOL WHY
  command -v "$1" >/dev/null 2>&1 || fail "'$1' is not on PATH; it is needed $2"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# --- the npm package ---------------------------------------------------------------------
ensure_package() {
  if [[ ! -f "$PKG_DIR/package.json" ]]; then
    if [[ "$VARIANT" == gpu ]]; then
      # Not in package.json (CPU machines never need it): installed for the GPU image only.
      # Its install script is denied in package.json allowScripts; --ignore-scripts as well.
      log "installing $PKG@$TFJS_NODE_VERSION (npm install --no-save --ignore-scripts) ..."
      local t0; t0="$(now)"
      (cd "$REPO_ROOT" && npm install --no-save --ignore-scripts --no-audit --no-fund \
          --loglevel=error "$PKG@$TFJS_NODE_VERSION") || fail "npm install $PKG@$TFJS_NODE_VERSION failed"
      log "  $PKG installed in $(since "$t0")"
    else
      fail "$PKG_DIR is missing: run 'npm ci' first (bash scripts/ensure-node-deps.sh)"
    fi
  fi
  local have
  have="$(node -p "require('$PKG_DIR/package.json').version")"
  [[ "$have" == "$TFJS_NODE_VERSION" ]] ||
    fail "node_modules has $PKG@$have but scripts/tfjs-native-versions.sh pins $TFJS_NODE_VERSION; update the pin with package.json"
}

# Where node-pre-gyp (used by tfjs-node's index.js) looks for the addon; sets ADDON_REL and NAPI.
addon_location() {
  local found
  found="$(cd "$PKG_DIR" && node -p "require('@mapbox/node-pre-gyp').find(require('path').resolve('package.json'))")" ||
    fail "cannot ask @mapbox/node-pre-gyp where $PKG loads its addon from"
  ADDON_REL="${found#"$PKG_DIR/"}"            # lib/napi-v8/tfjs_binding.node
  NAPI="$(basename "$(dirname "$ADDON_REL")")"  # napi-v8
  NAPI="${NAPI#napi-v}"
  [[ "$NAPI" =~ ^[0-9]+$ ]] || fail "unexpected addon path from node-pre-gyp: $found"
}

# --- 1. libtensorflow from Maven Central ---------------------------------------------------
M2_DIR="$TFJS_NATIVE_CACHE/downloads/m2"
jar_path() {
  local g a v
  IFS=: read -r g a v <<<"$LIBTF_MAVEN_GAV"
  printf '%s/%s/%s/%s/%s-%s-%s.jar' "$M2_DIR" "${g//.//}" "$a" "$v" "$a" "$v" "$CLASSIFIER"
}

fetch_jar() {
  JAR="$(jar_path)"
  local attempt got bad=""
  for attempt in 1 2; do
    if [[ ! -f "$JAR" ]]; then
      need java "to run Maven (install a JDK, e.g. Debian default-jdk-headless)"
      need mvn "to fetch libtensorflow from Maven Central (install Maven, e.g. Debian maven)"
      log "  mvn dependency:get $LIBTF_MAVEN_GAV:jar:$CLASSIFIER (into $M2_DIR) ..."
      mkdir -p "$M2_DIR"
      mvn -B -q -Dmaven.repo.local="$M2_DIR" dependency:get -Dtransitive=false \
          -Dartifact="$LIBTF_MAVEN_GAV:jar:$CLASSIFIER" >&2 || log "  mvn dependency:get failed (attempt $attempt)"
    fi
    [[ -f "$JAR" ]] || continue
    got="$(sha256_of "$JAR")"
    if [[ "$got" == "$JAR_SHA256" ]]; then
      log "  jar verified (sha256 matches the pin): $JAR"
      return 0
    fi
    log "  checksum mismatch for $(basename "$JAR") (corrupt or changed download): deleting it"
    rm -rf "$(dirname "$JAR")"
    bad="$got"
  done
  [[ -z "$bad" ]] || fail "$(basename "$JAR") does not match its sha256 pin after a fresh download (got $bad, want $JAR_SHA256)"
  fail "could not download $LIBTF_MAVEN_GAV:jar:$CLASSIFIER with mvn (is Maven Central reachable? see ~/.m2/settings.xml mirrors)"
}

# --- 2. headers from the PyPI wheel ---------------------------------------------------------
HEADERS_DIR="$TFJS_NATIVE_CACHE/headers/${TF_HEADERS_WHEEL_REQ/==/-}"
# The C API headers, plus the C string header they include (tf_tstring.h -> ctstring.h).
HEADER_GLOBS=('tensorflow/include/tensorflow/c/*' 'tensorflow/include/tensorflow/core/platform/ctstring*.h')
HEADERS_KEY="$TF_HEADERS_WHEEL_SHA256 ${HEADER_GLOBS[*]}"
fetch_headers() {
  if [[ -f "$HEADERS_DIR/.complete" && "$(cat "$HEADERS_DIR/.complete")" == "$HEADERS_KEY" ]]; then
    log "  headers cached: $HEADERS_DIR"
    return 0
  fi
  need python3 "to download the TensorFlow C headers with pip"
  python3 -m pip --version >/dev/null 2>&1 || fail "'python3 -m pip' does not work; pip is needed to download $TF_HEADERS_WHEEL_REQ (e.g. Debian python3-pip)"
  need unzip "to extract the TensorFlow C headers from the wheel"
  local dl="$TFJS_NATIVE_CACHE/downloads/wheel" whl attempt
  whl="$dl/$TF_HEADERS_WHEEL_FILE"
  mkdir -p "$dl" "$TFJS_NATIVE_CACHE/headers"
  local got bad=""
  for attempt in 1 2; do
    if [[ ! -f "$whl" ]]; then
      log "  pip download $TF_HEADERS_WHEEL_REQ (only its headers are kept) ..."
      python3 -m pip download --no-cache-dir --no-deps --only-binary=:all: \
          --platform "$TF_HEADERS_PIP_PLATFORM" --python-version "$TF_HEADERS_PIP_PYTHON" \
          -d "$dl" "$TF_HEADERS_WHEEL_REQ" >&2 || log "  pip download failed (attempt $attempt)"
    fi
    [[ -f "$whl" ]] || continue
    got="$(sha256_of "$whl")"
    if [[ "$got" == "$TF_HEADERS_WHEEL_SHA256" ]]; then bad=""; break; fi
    log "  checksum mismatch for $TF_HEADERS_WHEEL_FILE (corrupt or changed download): deleting it"
    rm -f "$whl"
    bad="$got"
  done
  [[ -z "$bad" ]] || fail "$TF_HEADERS_WHEEL_FILE does not match its sha256 pin after a fresh download (got $bad, want $TF_HEADERS_WHEEL_SHA256)"
  [[ -f "$whl" ]] || fail "could not download $TF_HEADERS_WHEEL_REQ with pip (is PyPI reachable? see pip config)"
  local tmp
  tmp="$(mktemp -d "$TFJS_NATIVE_CACHE/headers/.extract.XXXXXX")"
  unzip -q "$whl" "${HEADER_GLOBS[@]}" -d "$tmp" ||
    { rm -rf "$tmp"; fail "cannot extract the TensorFlow C headers from $TF_HEADERS_WHEEL_FILE"; }
  mkdir -p "$tmp/out"
  mv "$tmp/tensorflow/include" "$tmp/out/include"
  printf '%s\n' "$HEADERS_KEY" >"$tmp/out/.complete"
  rm -rf "$HEADERS_DIR"
  mv "$tmp/out" "$HEADERS_DIR"
  rm -rf "$tmp" "$whl"   # 215 MB wheel; the 0.5 MB of headers are all the build needs
  log "  headers extracted: $HEADERS_DIR"
}

# --- 3. build ------------------------------------------------------------------------------
find_node_gyp() {
  local npm_cli cand
  npm_cli="$(readlink -f "$(command -v npm)")"
  for cand in "$(dirname "$npm_cli")/../node_modules/node-gyp/bin/node-gyp.js" \
      "$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"; do
    if [[ -f "$cand" ]]; then readlink -f "$cand"; return 0; fi
  done
  return 1
}

build_into() { # build_into DIR: a complete, smoke-testable tree (deps/lib + the addon) in DIR
  local out="$1" t0 libdir
  need g++ "to compile the tfjs-node addon (e.g. Debian g++)"
  need make "to build the tfjs-node addon with node-gyp (e.g. Debian make)"
  need python3 "by node-gyp (gyp is Python)"
  local node_gyp nodedir
  node_gyp="$(find_node_gyp)" || fail "npm's bundled node-gyp was not found next to $(command -v npm)"
  nodedir="$(dirname "$(dirname "$(readlink -f "$(node -p process.execPath)")")")"
  [[ -f "$nodedir/include/node/node_api.h" ]] ||
    fail "Node headers not found at $nodedir/include/node/node_api.h (install the headers of this Node, e.g. Debian libnode-dev or the official tarball's include/)"

  log "step 1/3: libtensorflow $LIBTF_VERSION ($CLASSIFIER)"; t0="$(now)"
  fetch_jar
  libdir="$out/deps/lib"
  mkdir -p "$libdir"
  local inner="org/tensorflow/internal/c_api/$CLASSIFIER"
  unzip -q -o -j "$JAR" "$inner/libtensorflow_cc.so.2" "$inner/libtensorflow_framework.so.2" -d "$libdir" ||
    fail "cannot extract the libraries from $(basename "$JAR") (expected $inner/libtensorflow_cc.so.2)"
  # binding.gyp links -ltensorflow -ltensorflow_framework with rpath $ORIGIN/../../deps/lib;
  # the library's SONAME (recorded as NEEDED in the addon) is libtensorflow_cc.so.2.
  mv "$libdir/libtensorflow_cc.so.2" "$libdir/libtensorflow.so.2"
  ln -s libtensorflow.so.2 "$libdir/libtensorflow_cc.so.2"
  ln -s libtensorflow.so.2 "$libdir/libtensorflow.so"
  ln -s libtensorflow_framework.so.2 "$libdir/libtensorflow_framework.so"
  log "  step 1 done in $(since "$t0")"

  log "step 2/3: C headers ($TF_HEADERS_WHEEL_REQ)"; t0="$(now)"
  fetch_headers
  log "  step 2 done in $(since "$t0")"

  log "step 3/3: node-gyp rebuild (N-API $NAPI, nodedir $nodedir)"; t0="$(now)"
  local src="$out/src"
  mkdir -p "$src"
  cp -a "$PKG_DIR/binding" "$PKG_DIR/binding.gyp" "$PKG_DIR/package.json" "$src/"
  mkdir -p "$src/deps"
  ln -s "$libdir" "$src/deps/lib"
  ln -s "$HEADERS_DIR/include" "$src/deps/include"
  local module_dir; module_dir="$out/$(dirname "$ADDON_REL")"
  if ! (cd "$src" && node "$node_gyp" rebuild --nodedir="$nodedir" --module_name=tfjs_binding \
      --module_path="$module_dir" --napi_build_version="$NAPI" --loglevel=warn >&2); then
    fail "node-gyp rebuild of the tfjs-node addon failed (see the compiler output above)"
  fi
  [[ -f "$out/$ADDON_REL" ]] || fail "node-gyp finished but $ADDON_REL was not produced"
  rm -rf "$src"
  log "  step 3 done in $(since "$t0")"
}

# --- install into node_modules + smoke test -------------------------------------------------
link_into_package() { # hard links when the cache shares the file system, copies otherwise
  local from="$1"
  remove_addon
  mkdir -p "$PKG_DIR/deps" "$PKG_DIR/$(dirname "$ADDON_REL")"
  cp -al "$from/deps/lib" "$PKG_DIR/deps/" 2>/dev/null || { rm -rf "$PKG_DIR/deps/lib"; cp -a "$from/deps/lib" "$PKG_DIR/deps/"; }
  # The addon last: a half-done copy has no addon, so tfjs-node fails to load rather than half-works.
  cp -a "$from/$ADDON_REL" "$PKG_DIR/$ADDON_REL.tmp"
  mv -f "$PKG_DIR/$ADDON_REL.tmp" "$PKG_DIR/$ADDON_REL"
}

installed_matches() { # the addon and libraries in node_modules are the cached ones
  local from="$1" f
  [[ -f "$PKG_DIR/$ADDON_REL" ]] && cmp -s "$from/$ADDON_REL" "$PKG_DIR/$ADDON_REL" || return 1
  for f in libtensorflow.so.2 libtensorflow_framework.so.2 libtensorflow_cc.so.2 libtensorflow.so libtensorflow_framework.so; do
    [[ -e "$PKG_DIR/deps/lib/$f" ]] || return 1
  done
  [[ "$(stat -c %s "$from/deps/lib/libtensorflow.so.2")" == "$(stat -c %s "$PKG_DIR/deps/lib/libtensorflow.so.2")" ]]
}

SMOKE_OUT=""
smoke_test() { # a fresh node process: load the addon, run one matMul on 'tensorflow'
  SMOKE_OUT="$(cd "$REPO_ROOT" && timeout 120 node -e '
    const tf = require(process.argv[1]);
    if (tf.getBackend() !== "tensorflow") throw new Error(`backend is ${tf.getBackend()}, not tensorflow`);
    const c = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]])).dataSync();
    if (String(Array.from(c)) !== "19,22,43,50") throw new Error(`matMul gave ${Array.from(c)}, want 19,22,43,50`);
    console.log(`backend tensorflow, libtensorflow ${tf.backend().binding.TF_Version}, matMul ok`);
  ' "$PKG" 2>&1)"
}

main() {
  local t_all; t_all="$(now)"
  ensure_package
  addon_location
  local abi arch stamp out
  abi="$(node -p process.versions.modules)"
  arch="$(node -p process.arch)"
  stamp="$VARIANT-tfjs$TFJS_NODE_VERSION-tf$LIBTF_VERSION-h${TF_HEADERS_WHEEL_REQ##*==}-napi$NAPI-abi$abi-$arch-r$TFJS_NATIVE_RECIPE"
  out="$TFJS_NATIVE_CACHE/$stamp"

  local attempt
  for attempt in 1 2; do
    if [[ -f "$out/.complete" && -f "$out/$ADDON_REL" ]]; then
      if installed_matches "$out"; then
        log "cached build $stamp is already installed in node_modules/$PKG"
      else
        log "cached build $stamp: linking into node_modules/$PKG"
        link_into_package "$out"
      fi
    else
      log "building $stamp (cold: downloads + compile) ..."
      mkdir -p "$TFJS_NATIVE_CACHE"
      local tmp; tmp="$(mktemp -d "$TFJS_NATIVE_CACHE/.build.XXXXXX")"
      # shellcheck disable=SC2064
      trap "rm -rf '$tmp'" EXIT
      build_into "$tmp"
      printf '%s\n' "$stamp" >"$tmp/.complete"
      rm -rf "$out"
      mv "$tmp" "$out"
      trap - EXIT
      link_into_package "$out"
    fi
    local t0; t0="$(now)"
    if smoke_test; then
      log "smoke test passed in $(since "$t0"): $SMOKE_OUT"
      log "native TensorFlow ready for $PKG ($(since "$t_all") total; cache $out)"
      return 0
    fi
    log "smoke test FAILED: $SMOKE_OUT" >&2
    if [[ "$attempt" == 1 && -f "$out/.complete" ]]; then
      log "discarding the cached build $stamp and building it again once" >&2
      remove_addon
      rm -rf "$out"
    fi
  done
  fail "the smoke test of $PKG failed after a fresh build: $SMOKE_OUT"
}

main "$@"
